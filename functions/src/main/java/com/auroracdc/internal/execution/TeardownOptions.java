package com.auroracdc.internal.execution;

/**
 * The opt-ins of a teardown execution, from its input only (never a tag or the stack: each one is disruptive, so the
 * person starting the teardown says it each time).
 *
 * @param dropSlots             drop inactive {@code materialize_%} replication slots (an active one always stops the
 *                              teardown)
 * @param restoreParameterGroup move the cluster back to the parameter group it used before the setup (from the
 *                              record), rebooting it per its reboot policy
 */
public record TeardownOptions(boolean dropSlots, boolean restoreParameterGroup) {
    /** The input keys of the options, as the teardown's input names them. */
    public static final String DROP_SLOTS = "dropSlots";
    public static final String RESTORE_PARAMETER_GROUP = "restoreParameterGroup";

    /** What a teardown started by the tag does: nothing disruptive. */
    public static final TeardownOptions DEFAULTS = new TeardownOptions(false, false);
}
