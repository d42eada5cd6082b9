package com.auroracdc.internal.drift.check;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code pg_replication_slots} on the writer. Read-only: it never drops or touches a slot.
 * Columns that older servers lack are read as NULL ({@code wal_status} is 13+, {@code inactive_since} 17+).
 */
public final class SlotHealthReader {
    private SlotHealthReader() {
    }

    public static SlotSnapshot read(Connection connection) throws SQLException {
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
        // pg_current_wal_lsn() only works on a primary: the check always connects to the writer endpoint.
        String sql = "SELECT slot_name, slot_type, plugin, database, active, " + walStatus + " AS wal_status,"
                + " pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained_wal_bytes, "
                + inactiveSince + " AS inactive_since FROM pg_replication_slots ORDER BY slot_name";
        List<ReplicationSlot> slots = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                long retained = rows.getLong("retained_wal_bytes");
                Long retainedOrNull = rows.wasNull() ? null : retained;
                Timestamp since = rows.getTimestamp("inactive_since");
                slots.add(new ReplicationSlot(rows.getString("slot_name"), rows.getString("slot_type"),
                        rows.getString("plugin"), rows.getString("database"), rows.getBoolean("active"),
                        rows.getString("wal_status"), retainedOrNull, since == null ? null : since.toInstant()));
            }
        }
        return new SlotSnapshot(maxSlots, now, version, slots);
    }
}
