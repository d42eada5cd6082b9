package com.auroracdc.internal.settings;

/** When the reboot that static parameters need may happen. */
public enum RebootPolicy implements Choice {
    /** Reboot the writer as soon as the parameter group is pending-reboot. */
    IMMEDIATE,
    /** Wait for the start of the cluster's next preferred maintenance window, then reboot. */
    MAINTENANCE_WINDOW,
    /** Never reboot: finish with status pending-reboot and tell the operator what to run. */
    NEVER;

    @Override
    public String toString() {
        return value();
    }
}
