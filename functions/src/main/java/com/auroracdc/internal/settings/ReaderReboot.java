package com.auroracdc.internal.settings;

/**
 * What the setup does about readers that still run the old cluster parameter values after the writer's reboot
 * (Aurora PostgreSQL with read availability: 15.2+, 14.7+, 13.10+, 12.14+, 16 and later).
 */
public enum ReaderReboot implements Choice {
    /** Reboot the readers one at a time, each waited for, so the others keep serving reads. The default. */
    ROLLING,
    /** Leave the readers pending: the setup ends ready and warns with the commands to run when convenient. */
    SKIP;

    @Override
    public String toString() {
        return value();
    }
}
