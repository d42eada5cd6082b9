package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.cluster.ClusterBinding;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.database.DatabaseTarget;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.SecretStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Connects to the writer as the admin user exactly as the publication stage does (its secret reading, TLS
 * with the bundled RDS CA under verify-full, timeouts), then makes the session read-only: the drift check
 * plans, it never changes anything in the database.
 */
public final class AdminDatabaseConnector implements DatabaseConnector {
    private final SecretStore secrets;
    private final PgConnector connector;

    public AdminDatabaseConnector(SecretStore secrets, PgConnector connector) {
        this.secrets = secrets;
        this.connector = connector;
    }

    @Override
    public Connection connect(SetupContext context) throws SQLException {
        var settings = context.settings();
        var cluster = context.cluster();
        String adminSecret = ClusterBinding.adminSecret(cluster);
        Connection connection = connector.open(DatabaseTarget.of(cluster, settings), secrets.adminCredentials(adminSecret));
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
