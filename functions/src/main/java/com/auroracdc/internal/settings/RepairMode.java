package com.auroracdc.internal.settings;

/** What the drift check does about a drifted cluster. */
public enum RepairMode implements Choice {
    /** Report only. The default. */
    OFF,
    /** Start the setup for the drifted cluster (which respects its reboot policy). */
    AUTO;

    @Override
    public String toString() {
        return value();
    }
}
