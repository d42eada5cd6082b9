package com.auroracdc.internal.execution;

/**
 * The opt-ins of a teardown execution, from its input only (never a tag or the stack: each one is disruptive, so the
 * person starting the teardown says it each time).
 *
 * @param dropSlots             drop inactive {@code materialize_%} replication slots (an active one always stops the
 *                              teardown)
 * @param restoreParameterGroup move the cluster back to the parameter group it used before the setup (from the
 *                              record), rebooting it per its reboot policy
 * @param revertReplicaIdentity reset REPLICA IDENTITY to DEFAULT on the tables the setup set to FULL (as recorded)
 */
public record TeardownOptions(boolean dropSlots, boolean restoreParameterGroup, boolean revertReplicaIdentity) {
    /** The input keys of the options, as the teardown's input names them. */
    public static final String DROP_SLOTS = "dropSlots";
    public static final String RESTORE_PARAMETER_GROUP = "restoreParameterGroup";
    public static final String REVERT_REPLICA_IDENTITY = "revertReplicaIdentity";

    /** What a teardown started by the tag does: nothing disruptive. */
    public static final TeardownOptions DEFAULTS = new TeardownOptions(false, false, false);
}
