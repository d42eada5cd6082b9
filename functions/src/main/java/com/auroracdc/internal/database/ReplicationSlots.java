package com.auroracdc.internal.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code pg_replication_slots} on the writer, for the drift check and the teardown alike. Read-only: it never
 * drops or touches a slot. Columns that older servers lack are read as NULL ({@code wal_status} is 13+,
 * {@code inactive_since} 17+).
 */
public final class ReplicationSlots {
    /** Materialize names its slots {@code materialize_<hex>}: only those are Materialize's. */
    public static final String MATERIALIZE_PREFIX = "materialize_";

    private ReplicationSlots() {
    }

    /**
     * One row of {@code pg_replication_slots}.
     *
     * @param activePid        the PID of the session streaming from it; null when inactive
     * @param walStatus        reserved, extended, unreserved or lost (PostgreSQL 13+); null before 13
     * @param retainedWalBytes {@code pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)}; null without a restart_lsn
     * @param inactiveSince    when the slot became inactive (PostgreSQL 17+); null when active or unknown
     */
    public record Slot(String name, String slotType, String plugin, String database, boolean active, Integer activePid,
                       String walStatus, Long retainedWalBytes, Instant inactiveSince) {
        public boolean materialize() {
            return name.startsWith(MATERIALIZE_PREFIX);
        }

        /** The WAL it retains in words, e.g. "16.0 MiB", or "an unknown amount" when it has no restart_lsn. */
        public String retained() {
            return retainedWalBytes == null ? "an unknown amount" : bytes(retainedWalBytes);
        }
    }

    /**
     * Every slot of the writer at one moment.
     *
     * @param observedAt the database's {@code now()}: inactivity is measured on the server's clock
     */
    public record Snapshot(int serverVersionNum, int maxReplicationSlots, Instant observedAt, List<Slot> slots) {
        public Snapshot {
            slots = List.copyOf(slots);
        }
    }

    public static Snapshot read(Connection connection) throws SQLException {
        int version;
        int maxSlots;
        Instant now;
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_setting('server_version_num')::int,"
                     + " current_setting('max_replication_slots')::int, now()")) {
            row.next();
            version = row.getInt(1);
            maxSlots = row.getInt(2);
            now = row.getTimestamp(3).toInstant();
        }
        String walStatus = version >= 130000 ? "wal_status" : "NULL::text";
        String inactiveSince = version >= 170000 ? "inactive_since" : "NULL::timestamptz";
        // pg_current_wal_lsn() only works on a primary: both readers connect to the writer endpoint.
        String sql = "SELECT slot_name, slot_type, plugin, database, active, active_pid, " + walStatus + " AS wal_status,"
                + " pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained_wal_bytes, "
                + inactiveSince + " AS inactive_since FROM pg_replication_slots ORDER BY slot_name";
        List<Slot> slots = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                long retained = rows.getLong("retained_wal_bytes");
                Long retainedOrNull = rows.wasNull() ? null : retained;
                int pid = rows.getInt("active_pid");
                Integer pidOrNull = rows.wasNull() ? null : pid;
                Timestamp since = rows.getTimestamp("inactive_since");
                slots.add(new Slot(rows.getString("slot_name"), rows.getString("slot_type"), rows.getString("plugin"),
                        rows.getString("database"), rows.getBoolean("active"), pidOrNull, rows.getString("wal_status"),
                        retainedOrNull, since == null ? null : since.toInstant()));
            }
        }
        return new Snapshot(version, maxSlots, now, slots);
    }

    /** The exact statement that drops a slot (slot names are [a-z0-9_], quoted all the same). */
    public static String dropCommand(String slotName) {
        return "SELECT pg_drop_replication_slot(" + Sql.literal(slotName) + ");";
    }

    /** A size in words: bytes below 1 MiB, then MiB and GiB with one decimal. */
    public static String bytes(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return bytes + " bytes";
    }
}
