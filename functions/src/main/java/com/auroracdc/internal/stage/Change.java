package com.auroracdc.internal.stage;

/**
 * One planned change: a small immutable value (usually a record of a stage's sealed change type).
 * Its description is what the execution history, the dry run and the drift report show.
 */
public interface Change {
    /** A human-readable sentence, e.g. "Set max_replication_slots 10 -> 20 (pending-reboot) in mz-orders". */
    String description();

    /** What it does, for the plan's marker and summary ("Plan: 1 to create, 3 to change, 1 writer reboot"). */
    default Effect effect() {
        return Effect.CHANGE;
    }
}
