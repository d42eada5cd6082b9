package com.auroracdc.internal.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.errors.DatabaseConnectionException;
import com.auroracdc.internal.settings.SslMode;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which pgjdbc failures the state machine retries (DatabaseConnectionException) and which it does not. */
class DatabaseErrorsTest {
    private static final DatabaseTarget TARGET = new DatabaseTarget("orders.cluster-x.us-east-1.rds.amazonaws.com", 5432,
            "orders", SslMode.VERIFY_FULL, null, null, 0);

    @ParameterizedTest
    @ValueSource(strings = {"57P01", "57P02", "57P03", "08000", "08003", "08006", "08001"})
    void statement_whenTheConnectionIsLost_isTheRetryableConnectionError(String state) {
        var error = DatabaseErrors.statement(new SQLException("FATAL: terminating connection due to administrator command",
                state), "setting REPLICA IDENTITY FULL on public.orders");

        assertThat(error).isInstanceOf(DatabaseConnectionException.class)
                .hasMessageContaining("setting REPLICA IDENTITY FULL on public.orders").hasMessageContaining(state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"57P03", "57P01"})
    void connect_whenTheServerIsStartingOrShuttingDown_isTheRetryableConnectionError(String state) {
        var error = DatabaseErrors.connect(new SQLException("FATAL: the database system is starting up", state), TARGET,
                "postgres", false);

        assertThat(error).isInstanceOf(DatabaseConnectionException.class).hasMessageContaining(TARGET.host());
    }

    @ParameterizedTest
    @ValueSource(strings = {"57P04", "57014", "42P01", "XX000"})
    void statement_whenTheSessionSurvives_isNotAConnectionError(String state) {
        var error = DatabaseErrors.statement(new SQLException("ERROR: something else", state), "creating the publication");

        assertThat(error).isNotInstanceOf(DatabaseConnectionException.class);
    }
}
