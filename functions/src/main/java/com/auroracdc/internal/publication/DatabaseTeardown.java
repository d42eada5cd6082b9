package com.auroracdc.internal.publication;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.ClusterBinding;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.database.Credentials;
import com.auroracdc.internal.database.DatabaseErrors;
import com.auroracdc.internal.database.DatabaseTarget;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.SqlSession;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.stage.StageResult;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The database half of the teardown from start to end: read the admin secret, connect to the database the setup
 * configured, observe, plan, and apply (unless dry run), each change journaled first. It removes what the setup made
 * there and recorded (the {@code materialize_} slots only when asked), and reports what it deliberately leaves and why.
 * An active {@code materialize_} slot stops it before anything changes
 * ({@link com.auroracdc.errors.ActiveReplicationSlotException}).
 */
public final class DatabaseTeardown {
    public static final String NAME = "DatabaseTeardown";

    private final SecretStore secrets;
    private final PgConnector connector;
    private final int chunk;

    /** @param chunk how many objects one REVOKE statement names at most */
    public DatabaseTeardown(SecretStore secrets, PgConnector connector, int chunk) {
        this.secrets = secrets;
        this.connector = connector;
        this.chunk = chunk;
    }

    public DatabaseTeardown(SecretStore secrets, PgConnector connector) {
        this(secrets, connector, PublicationApplier.DEFAULT_CHUNK);
    }

    /** A Lambda function's teardown: its container's Secrets Manager client, the default timeouts. */
    public static DatabaseTeardown lambda() {
        return new DatabaseTeardown(new SecretStore(AwsClients.secretsManager()), new PgConnector(Timeouts.defaults()));
    }

    /** On the cluster's writer endpoint, journaling nothing. */
    public StageResult run(SetupContext context, RecordedResources recorded, DatabaseTeardownOptions options) {
        return run(context, DatabaseTarget.of(context.cluster(), context.settings()), recorded, options,
                StageResult.Journal.NONE);
    }

    /**
     * @param target   where to connect; its database gives way to the recorded one when the setup recorded one
     * @param recorded what the setup recorded making (only those names are removed)
     * @param journal  runs before each change (the execution's lease check and bookkeeping)
     */
    public StageResult run(SetupContext context, DatabaseTarget target, RecordedResources recorded,
                           DatabaseTeardownOptions options, StageResult.Journal journal) {
        Settings settings = context.settings();
        DatabaseTarget where = recorded.databaseName() == null ? target
                : new DatabaseTarget(target.host(), target.port(), recorded.databaseName(), target.sslMode(),
                        target.trustBundle(), target.advertisedHost(), target.advertisedPort());
        Credentials admin = secrets.adminCredentials(ClusterBinding.adminSecret(context.cluster()));
        String publication = recorded.publication() != null ? recorded.publication() : settings.publicationName();
        String role = recorded.replicationUser() != null ? recorded.replicationUser() : settings.replicationUser();
        String secretArn = recorded.replicationSecretArn();
        try (SqlSession sql = new SqlSession(connector.open(where, admin))) {
            Optional<SecretStore.Described> secret = secretArn == null ? Optional.empty() : secrets.describe(secretArn);
            ObservedTeardown observed = observe(sql, publication, role, secretArn, secret, recorded.replicaIdentityFull());
            DatabaseTeardownPlanner.Plan plan = DatabaseTeardownPlanner.plan(observed, recorded,
                    settings.adoptPublication(), options);
            DatabaseTeardownApplier applier = new DatabaseTeardownApplier(sql, secrets, connector.timeouts(), chunk);
            StageResult applied = StageResult.apply(NAME, context.dryRun(), plan.changes(), applier, plan.left(),
                    Map.of(), journal);
            // For the record, under its own fact names: only what still exists once the plan is applied.
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("databaseName", where.database());
            if (observed.publication().isPresent() && !plans(plan, TeardownChange.DropPublication.class)) {
                facts.put("publicationName", publication);
            }
            if (observed.role().isPresent() && !plans(plan, TeardownChange.DropRole.class)) {
                facts.put("replicationUser", role);
            }
            if (secret.isPresent() && !secret.get().scheduledForDeletion() && !plans(plan, TeardownChange.DeleteSecret.class)) {
                facts.put("replicationSecretArn", secretArn);
            }
            facts.put("replicationSecret", secretState(secret, applier.secretDeletionDate()));
            facts.put("slots", plan.slots());
            return new StageResult(NAME, context.dryRun(), applied.planned(), applied.applied(), applied.warnings(),
                    facts, applied.effects());
        }
    }

    private static boolean plans(DatabaseTeardownPlanner.Plan plan, Class<? extends TeardownChange> kind) {
        return plan.changes().stream().anyMatch(kind::isInstance);
    }

    private static ObservedTeardown observe(SqlSession sql, String publication, String role, String secretArn,
                                            Optional<SecretStore.Described> secret, List<QualifiedName> tables) {
        try {
            return DatabaseTeardownObserver.observe(sql, publication, role, secretArn, secret, tables);
        } catch (SQLException e) {
            throw DatabaseErrors.statement(e, "reading the catalog for the teardown");
        }
    }

    private static String secretState(Optional<SecretStore.Described> secret, Instant deletionDate) {
        if (deletionDate != null) {
            return "scheduled for deletion on " + deletionDate + " (restorable until then)";
        }
        if (secret.isEmpty()) {
            return "absent";
        }
        return secret.get().scheduledForDeletion() ? "scheduled for deletion (requested " + secret.get().deletedDate()
                + ")" : "present";
    }
}
