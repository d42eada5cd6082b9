package com.auroracdc.publication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way this stage talks SQL: reads with bind parameters, writes counted (so a converged run can be
 * shown to execute none), DDL in short transactions with a lock_timeout.
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
    private int writes;

    public SqlSession(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    /** Statements that changed something (DDL, grants, messages), since this session opened. */
    public int writes() {
        return writes;
    }

    /** Counts a change made through the raw connection (e.g. pgjdbc's password helper). */
    void countWrite() {
        writes++;
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
            writes++;
        }
    }

    /** Executes many changing statements in one round trip. */
    public void executeBatch(List<String> statements) throws SQLException {
        if (statements.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.addBatch(sql);
            }
            statement.executeBatch();
            writes += statements.size();
        } catch (java.sql.BatchUpdateException e) {
            // pgjdbc wraps the server's error; surface it so its SQLState is seen.
            throw e.getNextException() != null ? e.getNextException() : e;
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
