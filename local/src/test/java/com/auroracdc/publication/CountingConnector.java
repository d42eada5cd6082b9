package com.auroracdc.publication;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;

/**
 * The stage's connector, counting the statements that change something on the admin connections it opens: each
 * {@code Statement.execute} (one per statement of a {@code commitEach} pipeline), and each password set through
 * pgjdbc's helper. Session settings ({@code SET}, {@code RESET}, {@code ROLLBACK}) and reads are not changes.
 */
final class CountingConnector extends PgConnector {
    private final AtomicInteger writes = new AtomicInteger();

    CountingConnector(Timeouts timeouts) {
        super(timeouts);
    }

    /** Changing statements so far. */
    int writes() {
        return writes.get();
    }

    @Override
    public Connection open(DatabaseTarget target, Credentials credentials) {
        Connection connection = super.open(target, credentials);
        return delegating(Connection.class, connection, (method, args) -> switch (method.getName()) {
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
        return type.cast(Proxy.newProxyInstance(CountingConnector.class.getClassLoader(), new Class<?>[] {type},
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
