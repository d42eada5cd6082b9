package com.auroracdc.internal.publication;

/**
 * What the person tearing down asks for beyond the default.
 *
 * @param dropSlots drop the inactive {@code materialize_} replication slots of the setup's database too (their
 *                  Materialize sources are gone); without it they are left and reported with the WAL they retain
 * @param revertReplicaIdentity reset REPLICA IDENTITY to DEFAULT on the tables the setup set to FULL (as recorded)
 */
public record DatabaseTeardownOptions(boolean dropSlots, boolean revertReplicaIdentity) {
    public static final DatabaseTeardownOptions DEFAULTS = new DatabaseTeardownOptions(false, false);

    /** Only {@code dropSlots} as given; REPLICA IDENTITY left. */
    public DatabaseTeardownOptions(boolean dropSlots) {
        this(dropSlots, false);
    }
}
