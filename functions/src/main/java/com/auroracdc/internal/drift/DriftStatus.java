package com.auroracdc.internal.drift;

import java.util.List;

/** The value of the status tag ({@code materialize:cdc-status}) after a drift check. Pure. */
public final class DriftStatus {
    /** Nothing differs from the setup; every slot is healthy. The setup's own word for it. */
    public static final String READY = "ready";
    /** The setup's word when Materialize said its source runs (MaterializeMode source): a clean check keeps it. */
    public static final String INGESTING = "ingesting";
    /** Something the setup made has changed (or the settings are broken). */
    public static final String DRIFTED = "drifted";
    /** Only a reboot is missing (the setup's word too). */
    public static final String PENDING_REBOOT = "pending-reboot";
    /** The setup is intact but a replication slot needs a person. */
    public static final String SLOT_WARNING = "slot-warning";
    /** Two repairs in a row failed: repair waits for a person (who sets the tag to ready or runs the setup). */
    public static final String REPAIR_SUSPENDED = "repair-suspended";
    /** The cluster could not be checked. */
    public static final String UNCHECKED = "unchecked";

    private DriftStatus() {
    }

    /** Whether the status tag says all is well: ready, or ingesting. */
    public static boolean healthy(String statusTag) {
        return READY.equals(statusTag) || INGESTING.equals(statusTag);
    }

    public static String of(List<Finding> all) {
        List<Finding> findings = all.stream().filter(f -> f.kind().defaultSeverity() != Severity.INFO).toList();
        if (findings.isEmpty()) {
            return READY;
        }
        if (findings.stream().anyMatch(f -> f.kind() == FindingKind.REPAIR_SUSPENDED)) {
            return REPAIR_SUSPENDED;
        }
        if (findings.stream().anyMatch(f -> !f.kind().pendingReboot() && (f.kind().repairedBySetup()
                || f.kind() == FindingKind.INVALID_SETTINGS || f.kind() == FindingKind.SETUP_BLOCKED
                || f.kind() == FindingKind.SOURCE_NOT_RUNNING || f.kind() == FindingKind.SOURCE_UPSTREAM_GONE))) {
            return DRIFTED;
        }
        if (findings.stream().anyMatch(f -> f.kind().pendingReboot())) {
            return PENDING_REBOOT;
        }
        if (findings.stream().anyMatch(f -> f.kind().uncheckable())) {
            return UNCHECKED;
        }
        return SLOT_WARNING;
    }
}
