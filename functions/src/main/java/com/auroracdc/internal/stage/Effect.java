package com.auroracdc.internal.stage;

import com.auroracdc.internal.settings.Choice;

/**
 * What a planned change does to the cluster, as a Terraform user reads a plan: {@code +} create, {@code ~} change,
 * {@code -} destroy, {@code !} a disruptive action (a reboot) that the plan must never hide.
 */
public enum Effect implements Choice {
    CREATE("+"),
    CHANGE("~"),
    DESTROY("-"),
    /** A write outage while the writer restarts. */
    WRITER_REBOOT("!"),
    /** One reader restarts; the cluster keeps serving reads from the others. */
    READER_REBOOT("!");

    private final String marker;

    Effect(String marker) {
        this.marker = marker;
    }

    /** The plan's marker for this effect: {@code + ~ - !}. */
    public String marker() {
        return marker;
    }

    public boolean disruptive() {
        return this == WRITER_REBOOT || this == READER_REBOOT;
    }

    @Override
    public String toString() {
        return value();
    }
}
