package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.drift.Finding;
import java.sql.Connection;
import java.util.List;

/**
 * The only database area of a cluster whose trigger tag says disabled: its leftover {@code materialize_} slots, each
 * with the WAL it keeps. Read-only; slots are never dropped automatically.
 */
public final class LeftoverSlotDrift implements DatabaseDrift {
    @Override
    public String area() {
        return "leftover replication slots";
    }

    @Override
    public List<Finding> check(SetupContext context, Connection connection) throws Exception {
        return SlotHealth.leftovers(context.cluster().identifier(), SlotHealthReader.read(connection));
    }
}
