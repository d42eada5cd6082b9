package com.auroracdc.internal.publication;

import com.auroracdc.errors.ActiveReplicationSlotException;
import com.auroracdc.internal.database.DatabaseErrors;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.Sql;
import com.auroracdc.internal.database.SqlSession;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.publication.TeardownChange.DeleteSecret;
import com.auroracdc.internal.publication.TeardownChange.DropPublication;
import com.auroracdc.internal.publication.TeardownChange.DropRole;
import com.auroracdc.internal.publication.TeardownChange.DropSlot;
import com.auroracdc.internal.publication.TeardownChange.ResetReplicaIdentity;
import com.auroracdc.internal.publication.TeardownChange.RevokeRoleGrants;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Performs exactly the planned removals, each in a short transaction whose locks wait at most the lock timeout (tried a
 * few times while production holds one). Every statement names its objects through {@link Sql#ident}. What is done
 * stays done: a re-run observes again and plans what is left.
 */
public final class DatabaseTeardownApplier implements Consumer<TeardownChange> {
    /** Tries per transaction whose lock production holds, each bounded by the lock timeout. */
    static final int LOCK_ATTEMPTS = 3;

    private final SqlSession sql;
    private final SecretStore secrets;
    private final Timeouts timeouts;
    private final int chunk;
    private Instant secretDeletionDate;

    /** @param chunk how many objects one REVOKE statement (and transaction) names at most */
    public DatabaseTeardownApplier(SqlSession sql, SecretStore secrets, Timeouts timeouts, int chunk) {
        this.sql = sql;
        this.secrets = secrets;
        this.timeouts = timeouts;
        this.chunk = chunk;
    }

    /** When Secrets Manager deletes the secret for good, once this applier scheduled it; else null. */
    public Instant secretDeletionDate() {
        return secretDeletionDate;
    }

    @Override
    public void accept(TeardownChange change) {
        try {
            apply(change);
        } catch (SQLException e) {
            String description = change.description();
            throw DatabaseErrors.statement(e, description.substring(0, 1).toLowerCase(Locale.ROOT)
                    + description.substring(1));
        }
    }

    private void apply(TeardownChange change) throws SQLException {
        switch (change) {
            case DropSlot c -> dropSlot(c);
            case DropPublication c -> transaction(s -> s.execute("DROP PUBLICATION IF EXISTS " + Sql.ident(c.name())));
            case RevokeRoleGrants c -> revoke(c);
            case DropRole c -> transaction(s -> s.execute("DROP ROLE IF EXISTS " + Sql.ident(c.role())));
            case ResetReplicaIdentity c -> resetReplicaIdentity(c);
            case DeleteSecret c -> secretDeletionDate = secrets.delete(c.arn(), c.recoveryWindowDays());
        }
    }

    /**
     * Drops the slot if it is still there. A slot gone meanwhile is done; one that became active since it was observed
     * (the server refuses to drop it: SQLState 55006) stops the teardown with what was done before staying done.
     */
    private void dropSlot(DropSlot c) throws SQLException {
        List<Boolean> active = sql.query("SELECT active FROM pg_replication_slots WHERE slot_name = ?",
                row -> row.getBoolean(1), c.name());
        if (active.isEmpty()) {
            return;
        }
        try {
            if (!active.getFirst()) {
                sql.query("SELECT pg_drop_replication_slot(?::name)", row -> 1, c.name());
                return;
            }
        } catch (SQLException e) {
            if ("42704".equals(e.getSQLState())) {
                return; // dropped by someone else in between
            }
            if (!"55006".equals(e.getSQLState())) {
                throw e;
            }
        }
        throw new ActiveReplicationSlotException("Replication slot " + c.name() + " became active after the teardown "
                + "observed it: a Materialize source streams from it again. Drop that source in Materialize (DROP "
                + "SOURCE), then run the teardown again. The slot was not dropped; what was done before it stays done.");
    }

    /** The role's privileges, in chunks of one transaction each; default privileges one statement each. */
    /** One short transaction per table: each ALTER TABLE holds an ACCESS EXCLUSIVE lock until it commits. */
    private void resetReplicaIdentity(ResetReplicaIdentity c) throws SQLException {
        for (QualifiedName table : c.tables()) {
            transaction(s -> s.execute("ALTER TABLE IF EXISTS " + table.sql() + " REPLICA IDENTITY DEFAULT"));
        }
    }

    private void revoke(RevokeRoleGrants c) throws SQLException {
        String role = Sql.ident(c.role());
        ObservedTeardown.Grants g = c.grants();
        chunked(g.tables(), part -> sql.execute("REVOKE ALL ON TABLE " + Sql.tableList(part) + " FROM " + role));
        chunked(g.sequences(), part -> sql.execute("REVOKE ALL ON SEQUENCE " + Sql.tableList(part) + " FROM " + role));
        chunked(g.schemas(), part -> sql.execute("REVOKE ALL ON SCHEMA " + Sql.identList(part) + " FROM " + role));
        chunked(g.databases(), part -> sql.execute("REVOKE ALL ON DATABASE " + Sql.identList(part) + " FROM " + role));
        for (ObservedTeardown.DefaultPrivilege d : g.defaults()) {
            transaction(s -> s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + Sql.ident(d.owner())
                    + (d.schema().isEmpty() ? "" : " IN SCHEMA " + Sql.ident(d.schema())) + " REVOKE ALL ON "
                    + d.objects() + " FROM " + role));
        }
        if (g.rdsReplication()) {
            transaction(s -> s.execute("REVOKE rds_replication FROM " + role));
        }
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

    /** One transaction, retried (bounded) while production holds a lock it needs; rolled back in between. */
    private void transaction(SqlSession.Work work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                sql.inTransaction(timeouts.lock(), work);
                return;
            } catch (SQLException e) {
                boolean lockTimeout = "55P03".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
                if (!lockTimeout || attempt == LOCK_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
