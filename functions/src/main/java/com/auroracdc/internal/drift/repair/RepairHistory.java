package com.auroracdc.internal.drift.repair;

import com.auroracdc.internal.drift.ClusterCheck;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The setup state machine's executions as repair sees them (ListExecutions, newest first): which repairs still
 * run, which this drift run started, and which clusters' last repairs failed in a row. {@link #unknown()} when
 * the list could not be read: then no repair starts.
 */
record RepairHistory(boolean known, List<ExecutionListItem> executions) {
    private static final Set<ExecutionStatus> FAILED = Set.of(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT,
            ExecutionStatus.ABORTED);

    RepairHistory(List<ExecutionListItem> executions) {
        this(true, List.copyOf(executions));
    }

    static RepairHistory unknown() {
        return new RepairHistory(false, List.of());
    }

    boolean running(String cluster) {
        return executions.stream().anyMatch(e -> e.status() == ExecutionStatus.RUNNING
                && RepairDecision.isRepairOf(e.name(), cluster));
    }

    long startedBy(String runId) {
        return executions.stream().filter(e -> RepairDecision.isFromRun(e.name(), runId)).count();
    }

    /** The cluster's latest repairs that failed, newest first, up to its last one that did not. */
    List<String> failedInARow(String cluster) {
        List<String> failed = new ArrayList<>();
        for (ExecutionListItem e : executions) {
            if (!RepairDecision.isRepairOf(e.name(), cluster)) {
                continue;
            }
            if (!FAILED.contains(e.status())) {
                break;
            }
            failed.add(e.name() + " (" + e.statusAsString() + ")");
        }
        return failed;
    }

    boolean suspended(ClusterCheck check) {
        return known && RepairDecision.suspended(failedInARow(check.cluster()).size(), check.statusTag());
    }

    Finding suspension(ClusterCheck check) {
        return Finding.of(check.cluster(), FindingKind.REPAIR_SUSPENDED, "repairs that succeed",
                "the last repairs failed: " + String.join(", ", failedInARow(check.cluster()))
                        + "; repair is suspended until someone acts",
                "Read those executions' history in the setup state machine and fix the cause, then run the setup by hand"
                        + " (its success sets materialize:cdc-status=ready) or set materialize:cdc-status=ready yourself:"
                        + " repair resumes at the next drift check.");
    }
}
