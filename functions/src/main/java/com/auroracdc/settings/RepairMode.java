package com.auroracdc.settings;

/** What the drift check does about a drifted cluster. */
public enum RepairMode implements Choice {
    /** Report only. The default. */
    OFF("off"),
    /** Start the setup for the drifted cluster (which respects its reboot policy). */
    AUTO("auto");

    private final String value;

    RepairMode(String value) {
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
