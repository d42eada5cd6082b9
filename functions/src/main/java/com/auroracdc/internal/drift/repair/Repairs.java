package com.auroracdc.internal.drift.repair;

import com.auroracdc.internal.aws.Pages;
import com.auroracdc.internal.drift.CheckFailures;
import com.auroracdc.internal.drift.ClusterCheck;
import com.auroracdc.internal.drift.DriftConfig;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

/**
 * Drift's repair step, per batch: which drifted clusters get a setup execution ({@link #plan}), and starting them
 * ({@link Plan#start}). The report step asks the plan how to label each cluster's event.
 */
public final class Repairs {
    private final SfnClient sfn;
    private final DriftConfig config;
    private final Consumer<String> log;

    public Repairs(SfnClient sfn, DriftConfig config, Consumer<String> log) {
        this.sfn = sfn;
        this.config = config;
        this.log = log;
    }

    /** The repairs of one batch: wanted by the clusters' settings and findings, then held back by history and cap. */
    public Plan plan(String runId, List<ClusterCheck> checks) {
        List<ClusterCheck> wanted = checks.stream().filter(c -> c.skipped() == null
                && RepairDecision.wanted(c.repair(), c.rebootPolicy(), c.findings())).toList();
        RepairHistory history = wanted.isEmpty() ? RepairHistory.unknown() : history();
        List<String> toStart = history.known() ? RepairDecision.withinCap(wanted.stream()
                .filter(c -> !history.suspended(c)).filter(c -> !history.running(c.cluster()))
                .map(ClusterCheck::cluster).toList(), history.startedBy(runId), config.repairCap()) : List.of();
        return new Plan(runId, wanted, history, toStart);
    }

    /** Every execution of the setup state machine (newest first): running repairs, failed ones, this run's. */
    private RepairHistory history() {
        if (config.setupStateMachineArn() == null) {
            return RepairHistory.unknown();
        }
        try {
            return new RepairHistory(Pages.all(token -> sfn.listExecutions(r -> r.stateMachineArn(config.setupStateMachineArn())
                    .nextToken(token)), ListExecutionsResponse::nextToken, ListExecutionsResponse::executions));
        } catch (RuntimeException e) {
            log.accept("Could not list the setup's executions (" + CheckFailures.describe(e) + "): no repair started this time.");
            return RepairHistory.unknown();
        }
    }

    /** One batch's repairs: what to say about each cluster, and the setups to start. */
    public final class Plan {
        private final String runId;
        private final List<ClusterCheck> wanted;
        private final RepairHistory history;
        private final List<String> toStart;

        private Plan(String runId, List<ClusterCheck> wanted, RepairHistory history, List<String> toStart) {
            this.runId = runId;
            this.wanted = wanted;
            this.history = history;
            this.toStart = toStart;
        }

        /** The check with a repair-suspended finding added when its repairs are suspended. */
        public ClusterCheck withSuspension(ClusterCheck check) {
            if (!wanted(check) || !history.suspended(check)) {
                return check;
            }
            List<Finding> findings = new ArrayList<>(check.findings());
            findings.add(history.suspension(check));
            return check.withFindings(findings);
        }

        /** What the event says about repair: started, why not (running, suspended, capped), or the cluster's mode. */
        public String label(ClusterCheck check) {
            if (!wanted(check)) {
                return check.repair() == null ? "off" : check.repair().value();
            }
            if (toStart.contains(check.cluster())) {
                return "started";
            }
            if (!history.known()) {
                return "not-started";
            }
            return history.suspended(check) ? "suspended" : history.running(check.cluster()) ? "running" : "capped";
        }

        /** By cluster: the check may carry findings added since the plan (a suspension). */
        private boolean wanted(ClusterCheck check) {
            return wanted.stream().anyMatch(w -> w.cluster().equals(check.cluster()));
        }

        /** Starts the planned setups; returns the clusters whose setup runs (started now or by a retried report). */
        public List<String> start() {
            if (wanted.isEmpty()) {
                return List.of();
            }
            if (config.setupStateMachineArn() == null) {
                log.accept("repair=auto for " + wanted.stream().map(ClusterCheck::cluster).toList() + " but "
                        + DriftConfig.SETUP_STATE_MACHINE_ARN + " is not set: no setup started.");
                return List.of();
            }
            List<String> notStarted = wanted.stream().map(ClusterCheck::cluster).filter(c -> !toStart.contains(c)).toList();
            if (!notStarted.isEmpty()) {
                log.accept("Repair not started this time for " + notStarted + ": a repair still running, two failed repairs"
                        + " in a row (status repair-suspended), or the cap of " + config.repairCap() + " setups per drift run ("
                        + DriftConfig.REPAIR_CAP + ").");
            }
            List<String> started = new ArrayList<>();
            for (String cluster : toStart) {
                // The cluster alone: its setup's Inspect applies the recorded input values itself (input > recorded
                // input > tag > stack), so nothing a batch says can change what the repair sets up.
                String input = Json.write(Map.of("clusterIdentifier", cluster));
                try {
                    sfn.startExecution(r -> r.stateMachineArn(config.setupStateMachineArn())
                            .name(RepairDecision.executionName(cluster, runId)).input(input));
                    started.add(cluster);
                } catch (ExecutionAlreadyExistsException e) {
                    started.add(cluster); // this very run already started it (a retried report)
                } catch (RuntimeException e) {
                    log.accept("Could not start the setup for " + cluster + ": " + CheckFailures.describe(e));
                }
            }
            return started;
        }
    }
}
