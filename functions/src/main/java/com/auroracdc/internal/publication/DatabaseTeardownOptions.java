package com.auroracdc.internal.publication;

/**
 * What the person tearing down asks for beyond the default.
 *
 * @param dropSlots drop the inactive {@code materialize_} replication slots of the setup's database too (their
 *                  Materialize sources are gone); without it they are left and reported with the WAL they retain
 */
public record DatabaseTeardownOptions(boolean dropSlots) {
    public static final DatabaseTeardownOptions DEFAULTS = new DatabaseTeardownOptions(false);
}
