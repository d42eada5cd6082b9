package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.cluster.SetupContext;
import java.sql.Connection;

/** Opens a connection to the cluster's writer as the admin user, the way the publication stage does. */
@FunctionalInterface
public interface DatabaseConnector {
    Connection connect(SetupContext context) throws Exception;
}
