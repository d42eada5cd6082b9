package com.auroracdc.internal.drift;

import java.time.Instant;
import java.util.List;

/**
 * Every replication slot of the writer at one moment, with what limits them.
 *
 * @param observedAt        the database's {@code now()}: inactivity is measured on the server's clock
 * @param serverVersionNum  {@code server_version_num}, e.g. 160004
 */
public record SlotSnapshot(int maxReplicationSlots, Instant observedAt, int serverVersionNum, List<ReplicationSlot> slots) {

    public SlotSnapshot {
        slots = List.copyOf(slots);
    }

    public List<ReplicationSlot> materializeSlots() {
        return slots.stream().filter(ReplicationSlot::materialize).toList();
    }

    /** PostgreSQL 17 added {@code pg_replication_slots.inactive_since}; before it we cannot tell how long. */
    public boolean recordsInactiveSince() {
        return serverVersionNum >= 170000;
    }
}
