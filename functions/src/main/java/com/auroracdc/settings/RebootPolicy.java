package com.auroracdc.settings;

/** When the reboot that static parameters need may happen. */
public enum RebootPolicy implements Choice {
    /** Reboot the writer as soon as the parameter group is pending-reboot. */
    IMMEDIATE("immediate"),
    /** Wait for the start of the cluster's next preferred maintenance window, then reboot. */
    MAINTENANCE_WINDOW("maintenance-window"),
    /** Never reboot: finish with status pending-reboot and tell the operator what to run. */
    NEVER("never");

    private final String value;

    RebootPolicy(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
