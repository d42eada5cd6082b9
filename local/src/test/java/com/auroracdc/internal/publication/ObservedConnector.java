package com.auroracdc.internal.publication;

import com.auroracdc.internal.database.Credentials;
import com.auroracdc.internal.database.DatabaseTarget;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.Timeouts;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationConnection;

/**
 * The stage's connector as the tests see it. It counts the statements that change something on the admin connections
 * it opens: each {@code Statement.execute} (one per statement of a {@code commitEach} pipeline), and each password
 * set through pgjdbc's helper; session settings ({@code SET}, {@code RESET}, {@code ROLLBACK}) and reads are not
 * changes. And it can fail the streaming proof at one of its steps, as a dropped connection or a server error would.
 */
final class ObservedConnector extends PgConnector {
    /** Where the streaming proof is made to fail. */
    enum ProofFault {
        /** The temporary slot exists; starting to stream from it fails. */
        SLOT_CREATED,
        /** The stream is open; the admin session's first statement of the emit fails. */
        STREAMING,
        /** The message is committed; the commit then reports a failure. */
        MESSAGE_EMITTED
    }

    private final AtomicInteger writes = new AtomicInteger();
    private final ProofFault fault;

    ObservedConnector(Timeouts timeouts, ProofFault fault) {
        super(timeouts);
        this.fault = fault;
    }

    /** Changing statements so far. */
    int writes() {
        return writes.get();
    }

    @Override
    public Connection openReplication(DatabaseTarget target, Credentials credentials) {
        Connection connection = super.openReplication(target, credentials);
        if (fault != ProofFault.SLOT_CREATED) {
            return connection;
        }
        return delegating(Connection.class, connection, (method, args) -> method.getName().equals("unwrap")
                && args[0] == PGConnection.class
                ? delegating(PGConnection.class, connection.unwrap(PGConnection.class), (m, a) ->
                        m.getName().equals("getReplicationAPI")
                                ? delegating(PGReplicationConnection.class, (PGReplicationConnection) m.invoke(
                                        connection.unwrap(PGConnection.class), a), (r, ra) -> {
                                    if (r.getName().equals("replicationStream")) { // declares no SQLException
                                        throw new IllegalStateException("simulated failure at " + fault);
                                    }
                                    return PASS;
                                })
                                : PASS)
                : PASS);
    }

    @Override
    public Connection open(DatabaseTarget target, Credentials credentials) {
        Connection connection = super.open(target, credentials);
        AtomicInteger emitted = new AtomicInteger();
        return delegating(Connection.class, connection, (method, args) -> switch (method.getName()) {
            case "prepareStatement" -> {
                String sql = (String) args[0];
                if (fault == ProofFault.STREAMING && sql.contains("txid_current()")) {
                    throw new SQLException("simulated failure at " + fault);
                }
                if (sql.contains("pg_logical_emit_message")) {
                    emitted.incrementAndGet();
                }
                yield PASS;
            }
            case "commit" -> {
                connection.commit();
                if (fault == ProofFault.MESSAGE_EMITTED && emitted.get() > 0) {
                    throw new SQLException("simulated failure at " + fault);
                }
                yield null;
            }
            case "createStatement" -> delegating(Statement.class, (Statement) method.invoke(connection, args), (m, a) -> {
                if (m.getName().equals("execute") && a != null && a.length == 1 && a[0] instanceof String sql) {
                    writes.addAndGet(changes(sql));
                }
                return PASS;
            });
            case "unwrap" -> args[0] == PGConnection.class
                    ? delegating(PGConnection.class, connection.unwrap(PGConnection.class), (m, a) -> {
                        if (m.getName().equals("alterUserPassword")) {
                            writes.incrementAndGet();
                        }
                        return PASS;
                    })
                    : PASS;
            default -> PASS;
        });
    }

    private static int changes(String sql) {
        String statement = sql.strip().toUpperCase(Locale.ROOT);
        if (statement.contains("BEGIN; ")) {
            return statement.split("BEGIN; ", -1).length - 1;
        }
        return statement.startsWith("SET ") || statement.startsWith("RESET ") || statement.startsWith("ROLLBACK") ? 0 : 1;
    }

    /** What a hook answers to let the call through to the real object. */
    private static final Object PASS = new Object();

    private interface Hook {
        /** The call's result, or {@link #PASS} to make the call on the real object. */
        Object on(Method method, Object[] args) throws Exception;
    }

    private static <T> T delegating(Class<T> type, T target, Hook hook) {
        return type.cast(Proxy.newProxyInstance(ObservedConnector.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
                    try {
                        Object result = hook.on(method, args);
                        return result == PASS ? method.invoke(target, args) : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }
}
