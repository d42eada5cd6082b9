package com.auroracdc.internal.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way this stage talks SQL: reads with bind parameters, DDL in short transactions with a lock_timeout.
 */
public final class SqlSession implements AutoCloseable {
    /** Reads one row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work {
        void run(SqlSession session) throws SQLException;
    }

    private final Connection connection;

    public SqlSession(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object parameter = parameters[i];
                if (parameter instanceof String[] array) {
                    statement.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    statement.setObject(i + 1, parameter);
                }
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet resultSet = statement.executeQuery()) {
                while (resultSet.next()) {
                    rows.add(mapper.map(resultSet));
                }
            }
            return rows;
        }
    }

    public <T> T queryOne(String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
        List<T> rows = query(sql, mapper, parameters);
        if (rows.size() != 1) {
            throw new SQLException("expected one row, got " + rows.size());
        }
        return rows.getFirst();
    }

    /** Executes one changing statement. */
    public void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** How far {@link #commitEach} got: {@code failure} is null when every statement committed. */
    public record Progress(int committed, SQLException failure) {
    }

    /** After a failed {@link #commitEach}: how many of its statements committed, read from what they changed. */
    @FunctionalInterface
    public interface CommittedCount {
        int read(SqlSession session) throws SQLException;
    }

    /**
     * Runs each statement in a transaction of its own (locks waiting at most {@code lockTimeout}), sent together
     * so that thousands take a few round trips: a lock is held only while its own statement runs and commits,
     * never while a later one waits. The first failure rolls back its own transaction only; the statements before
     * it stay committed and those after it are not run (the server skips the rest of the pipeline), and
     * {@code committed} then tells how far it got.
     */
    public Progress commitEach(Duration lockTimeout, List<String> statements, CommittedCount committed)
            throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("commitEach needs autocommit: it brackets each statement itself");
        }
        // lock_timeout set once for the session around the pipeline rather than SET LOCAL in every transaction:
        // three statements per table instead of four (each costs about a quarter of the pipeline's time).
        StringBuilder script = new StringBuilder("SET lock_timeout = ").append(Math.max(1, lockTimeout.toMillis()))
                .append("; ");
        statements.forEach(sql -> script.append("BEGIN; ").append(sql).append("; COMMIT; "));
        script.append("RESET lock_timeout");
        try (Statement statement = connection.createStatement()) {
            statement.execute(script.toString());
            return new Progress(statements.size(), null);
        } catch (SQLException failure) {
            int done;
            try (Statement statement = connection.createStatement()) {
                statement.execute("ROLLBACK; RESET lock_timeout");
                done = committed.read(this);
            } catch (SQLException broken) {
                failure.addSuppressed(broken);
                throw failure;
            }
            return new Progress(done, failure);
        }
    }

    /** Runs work in one transaction whose locks wait at most {@code lockTimeout}; rolls back on any failure. */
    public void inTransaction(Duration lockTimeout, Work work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
            }
            work.run(this);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(autoCommit);
            } catch (SQLException ignored) {
                // The connection broke; the original failure is what matters.
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing a broken connection: nothing left to release on our side.
        }
    }
}
