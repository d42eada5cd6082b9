package com.auroracdc.publication;

import com.auroracdc.publication.PublicationChange.AddPublicationSchemas;
import com.auroracdc.publication.PublicationChange.AddPublicationTables;
import com.auroracdc.publication.PublicationChange.AlterRole;
import com.auroracdc.publication.PublicationChange.CreatePublication;
import com.auroracdc.publication.PublicationChange.CreateRole;
import com.auroracdc.publication.PublicationChange.DefaultSchemaUsage;
import com.auroracdc.publication.PublicationChange.DefaultSelect;
import com.auroracdc.publication.PublicationChange.DropPublicationSchemas;
import com.auroracdc.publication.PublicationChange.DropPublicationTables;
import com.auroracdc.publication.PublicationChange.GrantConnect;
import com.auroracdc.publication.PublicationChange.GrantRdsReplication;
import com.auroracdc.publication.PublicationChange.GrantSchemaUsage;
import com.auroracdc.publication.PublicationChange.GrantSelect;
import com.auroracdc.publication.PublicationChange.MarkPublication;
import com.auroracdc.publication.PublicationChange.RevokeSelect;
import com.auroracdc.publication.PublicationChange.SetPublishActions;
import com.auroracdc.publication.PublicationChange.SetReplicaIdentityFull;
import com.auroracdc.publication.PublicationChange.SetRolePassword;
import com.auroracdc.publication.PublicationChange.TagSecret;
import com.auroracdc.publication.PublicationChange.WriteSecret;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.postgresql.PGConnection;

/**
 * Performs exactly the planned changes. Per-table work goes in chunks, each one transaction with a short
 * lock_timeout and one round trip: few commits, bounded lock counts (max_locks_per_transaction), and a
 * lock timeout never rolls back more than one chunk (the next run plans what is left).
 */
public final class PublicationApplier implements Consumer<PublicationChange> {
    static final int DEFAULT_CHUNK = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final SqlSession sql;
    private final SecretStore secrets;
    private final Timeouts timeouts;
    private final DesiredState desired;
    private final ObservedSecret observedSecret;
    private final String clusterIdentifier;
    private final int chunk;
    private final java.util.Map<String, Long> timings = new java.util.LinkedHashMap<>();
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
            case SetReplicaIdentityFull c -> chunked(c.tables(), part -> sql.executeBatch(part.stream()
                    .map(t -> "ALTER TABLE " + t.sql() + " REPLICA IDENTITY FULL").toList()));
            case CreatePublication c -> transaction(s -> {
                if (c.replaceExisting()) {
                    s.execute("DROP PUBLICATION " + pub);
                }
                s.execute("CREATE PUBLICATION " + pub + (c.allTables() ? " FOR ALL TABLES" : ""));
                s.execute("COMMENT ON PUBLICATION " + pub + " IS " + Sql.literal(PublicationPlanner.MARKER));
            });
            case MarkPublication c -> transaction(s ->
                    s.execute("COMMENT ON PUBLICATION " + pub + " IS " + Sql.literal(PublicationPlanner.MARKER)));
            case SetPublishActions c -> transaction(s ->
                    s.execute("ALTER PUBLICATION " + pub + " SET (publish = 'insert, update, delete, truncate')"));
            case AddPublicationSchemas c -> transaction(s ->
                    s.execute("ALTER PUBLICATION " + pub + " ADD TABLES IN SCHEMA " + Sql.identList(c.schemas())));
            case DropPublicationSchemas c -> transaction(s ->
                    s.execute("ALTER PUBLICATION " + pub + " DROP TABLES IN SCHEMA " + Sql.identList(c.schemas())));
            case AddPublicationTables c -> chunked(c.tables(), part ->
                    sql.execute("ALTER PUBLICATION " + pub + " ADD TABLE " + Sql.tableList(part)));
            case DropPublicationTables c -> chunked(c.tables(), part ->
                    sql.execute("ALTER PUBLICATION " + pub + " DROP TABLE " + Sql.tableList(part)));
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
                s.countWrite();
            });
        }
    }

    private void transaction(SqlSession.Work work) throws SQLException {
        sql.inTransaction(timeouts.lock(), work);
    }

    private <T> void chunked(List<T> items, ChunkWork<T> work) throws SQLException {
        for (int from = 0; from < items.size(); from += chunk) {
            List<T> part = new ArrayList<>(items.subList(from, Math.min(items.size(), from + chunk)));
            sql.inTransaction(timeouts.lock(), s -> work.run(part));
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
