package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.parametergroup.ReplicationSizing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the writer runs with now, read in SQL ({@code pg_settings}): {@code wal_level} and the replication settings
 * the parameter-group stage sizes. The control plane only says a reboot is pending; this says whether our
 * parameters are what waits for it.
 */
public record RunningReplication(String walLevel, Map<String, Long> settings) {
    private static final String QUERY = "SELECT name, setting FROM pg_settings WHERE name = 'wal_level' OR name = ANY (?)";

    public RunningReplication {
        settings = Map.copyOf(settings);
    }

    public static RunningReplication read(Connection connection) throws SQLException {
        String walLevel = null;
        Map<String, Long> settings = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setArray(1, connection.createArrayOf("text", ReplicationSizing.REPLICATION_PARAMETERS.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).equals("wal_level")) {
                        walLevel = rs.getString(2);
                    } else {
                        settings.put(rs.getString(1), Long.parseLong(rs.getString(2)));
                    }
                }
            }
        }
        return new RunningReplication(walLevel, settings);
    }

    /** What the writer lacks of what the setup sets for {@code sourceCount} sources; empty when our parameters run. */
    public List<String> missing(int sourceCount) {
        List<String> missing = new ArrayList<>();
        if (!"logical".equals(walLevel)) {
            missing.add("wal_level = " + walLevel + " (logical replication off)");
        }
        long floor = ReplicationSizing.replicationFloor(sourceCount);
        for (String name : ReplicationSizing.REPLICATION_PARAMETERS) {
            Long value = settings.get(name);
            if (value != null && value < floor) {
                missing.add(name + " = " + value + " (below " + floor + ")");
            }
        }
        return missing;
    }
}
