package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.drift.Finding;
import java.sql.Connection;
import java.util.List;

/**
 * One area checked inside PostgreSQL on the writer (publication, replica identity, replication user,
 * slots), over a connection the drift check opens once per cluster. Read-only: it plans, never applies.
 */
public interface DatabaseDrift {
    String area();

    List<Finding> check(SetupContext context, Connection connection) throws Exception;
}
