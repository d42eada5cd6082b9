package com.auroracdc.internal.drift.check;

import java.time.Instant;

/**
 * One row of {@code pg_replication_slots}, as the slot-health check reads it.
 *
 * @param walStatus        reserved, extended, unreserved or lost (PostgreSQL 13+); null before 13
 * @param retainedWalBytes {@code pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)}; null when the slot has no restart_lsn
 * @param inactiveSince    when the slot became inactive (PostgreSQL 17+); null when active or unknown
 */
public record ReplicationSlot(
        String name,
        String slotType,
        String plugin,
        String database,
        boolean active,
        String walStatus,
        Long retainedWalBytes,
        Instant inactiveSince) {

    /** Materialize names its slots {@code materialize_<hex>}: only those are ours to report on. */
    public static final String MATERIALIZE_PREFIX = "materialize_";

    public boolean materialize() {
        return name.startsWith(MATERIALIZE_PREFIX);
    }

    public boolean invalidated() {
        return "lost".equals(walStatus);
    }

    /** PostgreSQL will remove WAL this slot still needs at the next checkpoint unless it catches up. */
    public boolean aboutToBeInvalidated() {
        return "unreserved".equals(walStatus);
    }
}
