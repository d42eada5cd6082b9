package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.database.ReplicationSlots;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads {@code pg_replication_slots} on the writer through {@link ReplicationSlots} (the read the teardown shares) into
 * the drift check's snapshot. Read-only: it never drops or touches a slot.
 */
public final class SlotHealthReader {
    private SlotHealthReader() {
    }

    public static SlotSnapshot read(Connection connection) throws SQLException {
        ReplicationSlots.Snapshot read = ReplicationSlots.read(connection);
        return new SlotSnapshot(read.maxReplicationSlots(), read.observedAt(), read.serverVersionNum(),
                read.slots().stream().map(s -> new ReplicationSlot(s.name(), s.slotType(), s.plugin(), s.database(),
                        s.active(), s.walStatus(), s.retainedWalBytes(), s.inactiveSince())).toList());
    }
}
