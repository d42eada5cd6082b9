package com.auroracdc.internal.drift.check;

import com.auroracdc.errors.LogicalReplicationOffException;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which pending reboot a cluster has, so that repair never surprises: readers only (a warning: logical replication
 * needs the writer alone), the writer for our replication parameters (the one repair may reboot for), or the
 * writer for something else, such as a DBA's own static parameter (reported, never repaired by a reboot). The
 * members' statuses say who waits; what the writer runs ({@link RunningReplication}) says for what. Pure.
 */
public final class PendingReboots {
    private PendingReboots() {
    }

    /** From the control plane: who waits. The writer's finding stays unconfirmed until the database is read. */
    static Finding fromStatuses(String cluster, String group, Map<String, String> statuses, String writer) {
        String waiting = statuses.entrySet().stream().filter(e -> !"in-sync".equals(e.getValue()))
                .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
        String expected = "every member in-sync with " + group;
        if (statuses.containsKey(writer) && !"in-sync".equals(statuses.get(writer))) {
            return Finding.of(cluster, FindingKind.WRITER_PENDING_REBOOT, expected, "waiting for a reboot: " + waiting,
                    "The database check tells whether this reboot is for our replication parameters (then repair may"
                            + " reboot the writer, as its reboot policy allows) or for another change (then never).");
        }
        List<String> readers = statuses.entrySet().stream().filter(e -> !"in-sync".equals(e.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
        return Finding.of(cluster, FindingKind.READERS_PENDING_REBOOT, expected, "readers waiting for a reboot: " + waiting,
                "Logical replication needs only the writer, so repair leaves them. When convenient, one at a time, waiting"
                        + " until each is available: " + readers.stream().map(r -> "aws rds reboot-db-instance"
                        + " --db-instance-identifier " + r).collect(Collectors.joining("; "))
                        + " (or set readerReboot=rolling and run the setup).");
    }

    /** Whether the database must be read to classify the writer's pending reboot. */
    static boolean needsConfirmation(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.kind() == FindingKind.WRITER_PENDING_REBOOT);
    }

    /**
     * The writer's pending reboot, confirmed: ours when the writer runs without what the setup sets (then the
     * publication check's "logical replication is off" is that same reboot, not a blocker), unrelated otherwise.
     */
    static List<Finding> confirm(List<Finding> findings, RunningReplication running, int sourceCount, String writer) {
        List<String> missing = running.missing(sourceCount);
        List<Finding> confirmed = new ArrayList<>();
        for (Finding f : findings) {
            if (f.kind() == FindingKind.WRITER_PENDING_REBOOT) {
                confirmed.add(missing.isEmpty()
                        ? Finding.of(f.cluster(), FindingKind.UNRELATED_PENDING_REBOOT, f.expected(), f.found()
                                + "; the writer already runs with logical replication and the replication settings the setup"
                                + " sizes, so another change waits for this reboot", "Not ours to reboot for: repair never does."
                                + " Reboot when convenient: aws rds reboot-db-instance --db-instance-identifier " + writer + ".")
                        : Finding.of(f.cluster(), FindingKind.PENDING_REBOOT, f.expected(), f.found() + "; the writer runs "
                                + String.join(", ", missing), "The setup reboots the writer as its reboot policy allows (repair"
                                + " starts it with repair=auto), or: aws rds reboot-db-instance --db-instance-identifier "
                                + writer + "."));
            } else if (missing.isEmpty() || !blockedByLogicalReplicationOff(f)) {
                confirmed.add(f);
            } // else: the same missing reboot, seen from the publication check
        }
        return confirmed;
    }

    private static boolean blockedByLogicalReplicationOff(Finding f) {
        return f.kind() == FindingKind.SETUP_BLOCKED && f.found().contains(LogicalReplicationOffException.class.getSimpleName());
    }
}
