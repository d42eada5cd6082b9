package com.auroracdc.internal.publication;

import com.auroracdc.errors.DatabaseStatementException;
import com.auroracdc.errors.LockTimeoutException;
import com.auroracdc.internal.database.DatabaseErrors;
import com.auroracdc.internal.database.ObservedSecret;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.Sql;
import com.auroracdc.internal.database.SqlSession;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.publication.PublicationChange.AlterPublicationObjects;
import com.auroracdc.internal.publication.PublicationChange.AlterRole;
import com.auroracdc.internal.publication.PublicationChange.CreatePublication;
import com.auroracdc.internal.publication.PublicationChange.CreateRole;
import com.auroracdc.internal.publication.PublicationChange.DefaultSchemaUsage;
import com.auroracdc.internal.publication.PublicationChange.DefaultSelect;
import com.auroracdc.internal.publication.PublicationChange.GrantConnect;
import com.auroracdc.internal.publication.PublicationChange.GrantRdsReplication;
import com.auroracdc.internal.publication.PublicationChange.GrantSchemaUsage;
import com.auroracdc.internal.publication.PublicationChange.GrantSelect;
import com.auroracdc.internal.publication.PublicationChange.MarkPublication;
import com.auroracdc.internal.publication.PublicationChange.RevokeSelect;
import com.auroracdc.internal.publication.PublicationChange.SetPublishActions;
import com.auroracdc.internal.publication.PublicationChange.SetReplicaIdentityFull;
import com.auroracdc.internal.publication.PublicationChange.SetRolePassword;
import com.auroracdc.internal.publication.PublicationChange.TagSecret;
import com.auroracdc.internal.publication.PublicationChange.WriteSecret;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.postgresql.PGConnection;

/**
 * Performs exactly the planned changes without piling up locks behind production traffic. REPLICA IDENTITY takes
 * an ACCESS EXCLUSIVE lock (it blocks even reads), so it is set one table per transaction, pipelined: a table is
 * locked only while its own statement runs and commits, never while a later table waits. A table another session
 * keeps locked is skipped after the short lock_timeout, retried after the others, and after a few attempts named
 * in a {@link LockTimeoutException}; what is done stays done, so a re-run converges. The publication's objects
 * change in one transaction per change (see {@link PublicationPlanner}); grants, which lock no table, go in
 * chunks of one transaction and one round trip each, bounding the lock count (max_locks_per_transaction).
 */
public final class PublicationApplier implements Consumer<PublicationChange> {
    static final int DEFAULT_CHUNK = 1000;
    /** Tries per table (and per transaction) whose lock production holds, each bounded by the lock timeout. */
    static final int LOCK_ATTEMPTS = 3;
    /** Lock timeouts one change may wait through in all, so a busy database cannot hold the function for minutes. */
    static final int MAX_LOCK_WAITS = 20;
    /** How many tables of a list, from its start, have REPLICA IDENTITY FULL now (names as SQL spells them). */
    private static final String DONE_FROM_START = """
            WITH t AS (SELECT * FROM unnest(?::text[]) WITH ORDINALITY AS t(name, n))
            SELECT coalesce((SELECT min(n) - 1 FROM t LEFT JOIN pg_class c ON c.oid = to_regclass(t.name)
                             WHERE c.relreplident IS DISTINCT FROM 'f'), (SELECT count(*) FROM t))::int""";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final SqlSession sql;
    private final SecretStore secrets;
    private final Timeouts timeouts;
    private final DesiredState desired;
    private final ObservedSecret observedSecret;
    private final String clusterIdentifier;
    private final int chunk;
    private final Map<String, Long> timings = new LinkedHashMap<>();
    private String password;
    private String secretArn;

    public PublicationApplier(SqlSession sql, SecretStore secrets, Timeouts timeouts, DesiredState desired,
                              ObservedSecret observedSecret, String clusterIdentifier, int chunk) {
        this.sql = sql;
        this.secrets = secrets;
        this.timeouts = timeouts;
        this.desired = desired;
        this.observedSecret = observedSecret;
        this.clusterIdentifier = clusterIdentifier;
        this.chunk = chunk;
        this.password = observedSecret.password();
        this.secretArn = observedSecret.arn();
    }

    /** The password the replication user has once the plan is applied (the stored one if unchanged). */
    public String password() {
        return password;
    }

    public String secretArn() {
        return secretArn;
    }

    /** Milliseconds spent per kind of change, e.g. {@code SetReplicaIdentityFull=120}. */
    public String timings() {
        StringBuilder text = new StringBuilder();
        timings.forEach((kind, ms) -> text.append(text.isEmpty() ? "" : " ").append(kind).append('=').append(ms));
        return text.toString();
    }

    @Override
    public void accept(PublicationChange change) {
        long started = System.nanoTime();
        try {
            apply(change);
        } catch (SQLException e) {
            throw DatabaseErrors.statement(e, lowerFirst(change.description()));
        } finally {
            timings.merge(change.getClass().getSimpleName(), (System.nanoTime() - started) / 1_000_000, Long::sum);
        }
    }

    private void apply(PublicationChange change) throws SQLException {
        String pub = Sql.ident(desired.publication());
        String role = Sql.ident(desired.role());
        switch (change) {
            case SetReplicaIdentityFull c -> replicaIdentityFull(c.tables());
            case CreatePublication c -> publicationTransaction(c.tables().size(), s -> {
                if (c.replaceExisting()) {
                    s.execute("DROP PUBLICATION " + pub);
                }
                s.execute("CREATE PUBLICATION " + pub + (c.allTables() ? " FOR ALL TABLES"
                        : objects(" FOR ", c.tables(), c.schemas())));
                s.execute("COMMENT ON PUBLICATION " + pub + " IS " + Sql.literal(PublicationPlanner.MARKER));
            });
            case AlterPublicationObjects c -> publicationTransaction(c.addTables().size(), s -> {
                // Removals first: a table leaving with its schema may come back alone in the same transaction.
                for (String objects : List.of(objects(" DROP ", c.dropTables(), c.dropSchemas()),
                        objects(" ADD ", c.addTables(), c.addSchemas()))) {
                    if (!objects.isEmpty()) {
                        s.execute("ALTER PUBLICATION " + pub + objects);
                    }
                }
            });
            case MarkPublication c -> transaction(s ->
                    s.execute("COMMENT ON PUBLICATION " + pub + " IS " + Sql.literal(PublicationPlanner.MARKER)));
            case SetPublishActions c -> transaction(s ->
                    s.execute("ALTER PUBLICATION " + pub + " SET (publish = 'insert, update, delete, truncate')"));
            case CreateRole c -> transaction(s -> {
                s.execute("CREATE ROLE " + role + " WITH LOGIN" + (c.rdsReplication() ? "" : " REPLICATION"));
                s.execute("COMMENT ON ROLE " + role + " IS " + Sql.literal(PublicationPlanner.MARKER));
                if (c.rdsReplication()) {
                    s.execute("GRANT rds_replication TO " + role);
                }
            });
            case AlterRole c -> transaction(s -> s.execute("ALTER ROLE " + role + (c.login() ? " LOGIN" : "")
                    + (c.replication() ? " REPLICATION" : "")));
            case GrantRdsReplication c -> transaction(s -> s.execute("GRANT rds_replication TO " + role));
            case GrantConnect c -> transaction(s ->
                    s.execute("GRANT CONNECT ON DATABASE " + Sql.ident(c.database()) + " TO " + role));
            case GrantSchemaUsage c -> chunked(c.schemas(), part ->
                    sql.execute("GRANT USAGE ON SCHEMA " + Sql.identList(part) + " TO " + role));
            case GrantSelect c -> chunked(c.tables(), part ->
                    sql.execute("GRANT SELECT ON TABLE " + Sql.tableList(part) + " TO " + role));
            case RevokeSelect c -> chunked(c.tables(), part ->
                    sql.execute("REVOKE SELECT ON TABLE " + Sql.tableList(part) + " FROM " + role));
            case DefaultSelect c -> transaction(s -> s.execute("ALTER DEFAULT PRIVILEGES"
                    + (c.schema().isEmpty() ? "" : " IN SCHEMA " + Sql.ident(c.schema()))
                    + (c.grant() ? " GRANT SELECT ON TABLES TO " : " REVOKE SELECT ON TABLES FROM ") + role));
            case DefaultSchemaUsage c -> transaction(s -> s.execute("ALTER DEFAULT PRIVILEGES"
                    + (c.grant() ? " GRANT USAGE ON SCHEMAS TO " : " REVOKE USAGE ON SCHEMAS FROM ") + role));
            case WriteSecret c -> {
                if (c.newPassword()) {
                    password = generatePassword();
                }
                secretArn = secrets.write(observedSecret, c.write(), desired.secretFields(), password,
                        "Replication user " + desired.role() + " of Aurora cluster " + clusterIdentifier
                                + " for Materialize (managed by aurora-cdc-autopilot)", clusterIdentifier);
            }
            case TagSecret c -> secrets.tag(observedSecret, clusterIdentifier);
            case SetRolePassword c -> transaction(s -> {
                // pgjdbc hashes client-side (SCRAM-SHA-256): the clear password never reaches server logs.
                s.connection().unwrap(PGConnection.class)
                        .alterUserPassword(desired.role(), password.toCharArray(), "scram-sha-256");
            });
        }
    }

    /**
     * One pass sets what it can and sets aside the tables whose lock timed out; the next pass retries only those,
     * after every other table had its turn (which also spaces the attempts out).
     */
    private void replicaIdentityFull(List<QualifiedName> tables) throws SQLException {
        List<QualifiedName> pending = tables;
        int waits = 0;
        for (int attempt = 1; ; attempt++) {
            List<QualifiedName> locked = new ArrayList<>();
            SQLException lastTimeout = null;
            int next = 0;
            while (next < pending.size()) {
                List<QualifiedName> part = pending.subList(next, Math.min(pending.size(), next + chunk));
                SqlSession.Progress progress = sql.commitEach(timeouts.lock(), part.stream()
                        .map(t -> "ALTER TABLE " + t.sql() + " REPLICA IDENTITY FULL").toList(),
                        s -> s.queryOne(DONE_FROM_START, row -> row.getInt(1),
                                (Object) part.stream().map(QualifiedName::sql).toArray(String[]::new)));
                next += progress.committed();
                if (progress.failure() != null) {
                    if (progress.committed() == part.size() || !isLockTimeout(progress.failure())) {
                        throw DatabaseErrors.statement(progress.failure(), "setting REPLICA IDENTITY FULL"
                                + (next < pending.size() ? " on " + pending.get(next) : ""));
                    }
                    QualifiedName table = pending.get(next);
                    lastTimeout = progress.failure();
                    locked.add(table);
                    next++;
                    if (++waits == MAX_LOCK_WAITS) {
                        throw stillLocked(locked, tables.size(), attempt, lastTimeout);
                    }
                }
            }
            if (locked.isEmpty()) {
                return;
            }
            if (attempt == LOCK_ATTEMPTS) {
                throw stillLocked(locked, tables.size(), attempt, lastTimeout);
            }
            pending = locked;
        }
    }

    private LockTimeoutException stillLocked(List<QualifiedName> locked, int total, int attempts, SQLException cause) {
        QualifiedName first = locked.getFirst();
        return new LockTimeoutException("Could not set REPLICA IDENTITY FULL on " + PublicationChange.count(
                locked.size(), "table") + " (" + PublicationChange.names(locked) + "): another session kept "
                + (locked.size() == 1 ? "it" : "them") + " locked through " + attempts + " attempt"
                + (attempts == 1 ? "" : "s") + " of " + timeouts.lock().toMillis() + " ms (the statement needs an "
                + "ACCESS EXCLUSIVE lock; waiting longer would block the table's readers). Of the "
                + total + " tables, those done stay done; the state machine retries the rest. To find the blocker: SELECT "
                + "a.pid, a.usename, a.state, a.xact_start, a.query FROM pg_locks l JOIN pg_stat_activity a USING "
                + "(pid) WHERE l.relation = " + Sql.literal(first.sql()) + "::regclass AND l.granted;", cause);
    }

    private static boolean isLockTimeout(SQLException e) {
        return "55P03".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    /** One transaction, retried (bounded) while production holds a lock it needs; rolled back in between. */
    private void transaction(SqlSession.Work work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                sql.inTransaction(timeouts.lock(), work);
                return;
            } catch (SQLException e) {
                if (!isLockTimeout(e) || attempt == LOCK_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * A publication transaction locks every table it names (SHARE UPDATE EXCLUSIVE: readers and writers go on),
     * all at once, so a long list can outgrow the server's lock table.
     */
    private void publicationTransaction(int tables, SqlSession.Work work) throws SQLException {
        try {
            transaction(work);
        } catch (SQLException e) {
            if ("53200".equals(e.getSQLState())) {
                throw new DatabaseStatementException("Publishing " + PublicationChange.count(tables, "table")
                        + " in one transaction needs a lock per table, more than the server's lock table holds "
                        + "(max_locks_per_transaction x max_connections). Raise max_locks_per_transaction in the "
                        + "cluster parameter group (reboot needed), or select whole schemas (schema.*, PostgreSQL "
                        + "15+) or every table (*), which lock no table each. The publication was not changed.", e);
            }
            throw e;
        }
    }

    /** {@code TABLE a, b} and {@code TABLES IN SCHEMA s} after {@code keyword}; nothing when both are empty. */
    private static String objects(String keyword, List<QualifiedName> tables, List<String> schemas) {
        List<String> parts = new ArrayList<>();
        if (!schemas.isEmpty()) {
            parts.add("TABLES IN SCHEMA " + Sql.identList(schemas));
        }
        if (!tables.isEmpty()) {
            parts.add("TABLE " + Sql.tableList(tables));
        }
        return parts.isEmpty() ? "" : keyword + String.join(", ", parts);
    }

    private <T> void chunked(List<T> items, ChunkWork<T> work) throws SQLException {
        for (int from = 0; from < items.size(); from += chunk) {
            List<T> part = new ArrayList<>(items.subList(from, Math.min(items.size(), from + chunk)));
            transaction(s -> work.run(part));
        }
    }

    @FunctionalInterface
    private interface ChunkWork<T> {
        void run(List<T> part) throws SQLException;
    }

    /** 32 characters from an unambiguous alphanumeric alphabet: ~185 bits, safe in any connection string. */
    static String generatePassword() {
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
