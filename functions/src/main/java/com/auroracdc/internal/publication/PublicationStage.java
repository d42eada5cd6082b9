package com.auroracdc.internal.publication;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.ClusterBinding;
import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.database.Credentials;
import com.auroracdc.internal.database.DatabaseErrors;
import com.auroracdc.internal.database.DatabaseTarget;
import com.auroracdc.internal.database.ObservedSecret;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.SqlSession;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.materialize.MaterializeSourceSpec;
import com.auroracdc.internal.settings.NetworkPath;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.stage.StageResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The publication stage from start to end: read the admin secret, connect, observe, plan, apply (unless dry
 * run), prove that changes stream, and hand back the facts and the Materialize SQL.
 */
public final class PublicationStage {
    public static final String NAME = "Publication";

    private final SecretStore secrets;
    private final PgConnector connector;
    private final int chunk;

    /** @param chunk how many tables one statement of a grant or replica-identity change names at most */
    public PublicationStage(SecretStore secrets, PgConnector connector, int chunk) {
        this.secrets = secrets;
        this.connector = connector;
        this.chunk = chunk;
    }

    public PublicationStage(SecretStore secrets, PgConnector connector) {
        this(secrets, connector, PublicationApplier.DEFAULT_CHUNK);
    }

    /** A Lambda function's stage: its container's Secrets Manager client, the default timeouts. */
    public static PublicationStage lambda() {
        return new PublicationStage(new SecretStore(AwsClients.secretsManager()), new PgConnector(Timeouts.defaults()));
    }

    public StageResult run(SetupContext context) {
        return run(context, StageResult.Journal.NONE);
    }

    /** @param journal runs before each change (the execution's lease check and bookkeeping) */
    public StageResult run(SetupContext context, StageResult.Journal journal) {
        return run(context, DatabaseTarget.of(context.cluster(), context.settings()), journal, tables -> { });
    }

    /** As above; {@code published} is told the tables the publication publishes once the plan is applied (or planned). */
    public StageResult run(SetupContext context, StageResult.Journal journal, Consumer<List<QualifiedName>> published) {
        return run(context, DatabaseTarget.of(context.cluster(), context.settings()), journal, published);
    }

    public StageResult run(SetupContext context, DatabaseTarget target) {
        return run(context, target, StageResult.Journal.NONE);
    }

    public StageResult run(SetupContext context, DatabaseTarget target, StageResult.Journal journal) {
        return run(context, target, journal, tables -> { });
    }

    private StageResult run(SetupContext context, DatabaseTarget target, StageResult.Journal journal,
                            Consumer<List<QualifiedName>> published) {
        ClusterFacts cluster = context.cluster();
        Settings settings = context.settings();
        String adminSecret = ClusterBinding.adminSecret(cluster);
        Credentials admin = secrets.adminCredentials(adminSecret);
        DesiredState desired = desired(cluster, settings, target);
        String secretName = SecretStore.replicationSecretName(cluster.identifier(), desired.role());
        Timings timings = new Timings();
        try (SqlSession sql = new SqlSession(connector.open(target, admin))) {
            timings.lap("connect");
            ObservedDatabase db = observe(sql, desired);
            timings.lap("observe");
            ObservedSecret secret = secrets.observe(secretName);
            timings.lap("secret");
            PasswordCheck check = PasswordCheck.of(connector, db, secret, target, desired.role());
            timings.lap("passwordCheck");
            // A dry run before the reboot plans what will be done once logical replication is on.
            boolean beforeReboot = context.dryRun() && !PublicationPlanner.logicalReplicationOn(db.server());
            List<PublicationChange> plan = PublicationPlanner.plan(db, secret, check, desired, !beforeReboot);
            timings.lap("plan");

            PublicationApplier applier = new PublicationApplier(sql, secrets, connector.timeouts(), desired, secret,
                    cluster.identifier(), chunk);
            List<String> warnings = new ArrayList<>(warnings(db, target));
            if (beforeReboot) {
                warnings.add("Logical replication is not on yet (wal_level = " + db.server().walLevel() + "): this plan is"
                        + " what the publication stage will do after the reboot.");
            }
            Map<String, String> facts = new LinkedHashMap<>();
            StageResult applied = StageResult.apply(NAME, context.dryRun(), plan, applier, List.of(), Map.of(), journal);
            timings.lap("apply");
            String arn = applier.secretArn();
            // Leaf tables: a partitioned table's changes are published as its partitions' (publish_via_partition_root off).
            published.accept(db.tables().stream().filter(t -> !t.partitioned()).map(ObservedDatabase.Table::name).toList());
            facts.put("publicationName", desired.publication());
            facts.put("replicationUser", desired.role());
            facts.put("databaseName", target.database());
            facts.put("databaseHost", target.advertisedHost());
            facts.put("databasePort", Integer.toString(target.advertisedPort()));
            facts.put("serverVersion", Integer.toString(db.server().versionNumber()));
            facts.put("publishedTables", Integer.toString(db.tables().size()));
            facts.put("replicationSecretName", secretName);
            facts.put("replicationSecretArn", arn != null ? arn : "(created on the first non-dry run)");
            facts.put("materializeSql", MaterializeSql.render(cluster.identifier(), target.advertisedHost(),
                    target.advertisedPort(), target.database(), desired.role(), desired.publication(),
                    arn != null ? arn : secretName, settings.networkPath() == NetworkPath.PRIVATELINK
                            ? MaterializeSourceSpec.privateLinkConnectionOf(cluster.identifier()) : null));
            if (context.dryRun()) {
                facts.put("proof", "not run (dry run)");
            } else {
                StreamingProof.Result proof = new StreamingProof(connector).prove(target,
                        new Credentials(desired.role(), applier.password()), sql, desired.publication(),
                        db.server().versionNumber(), context.executionId());
                facts.put("proof", proof.description());
                facts.put("proofLsn", proof.lsn());
                timings.lap("proof");
            }
            facts.put("timingsMs", timings + (applier.timings().isEmpty() ? "" : " (" + applier.timings() + ")"));
            return new StageResult(NAME, context.dryRun(), applied.planned(), applied.applied(), warnings, facts,
                    applied.effects());
        }
    }

    /** Milliseconds per step, for the execution history and the benchmark. */
    private static final class Timings {
        private final StringBuilder text = new StringBuilder();
        private long last = System.nanoTime();

        void lap(String step) {
            long now = System.nanoTime();
            text.append(text.isEmpty() ? "" : " ").append(step).append('=').append((now - last) / 1_000_000);
            last = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    public static DesiredState desired(ClusterFacts cluster, Settings settings, DatabaseTarget target) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", settings.replicationUser());
        fields.put("engine", "postgres");
        fields.put("host", target.advertisedHost());
        fields.put("port", Integer.toString(target.advertisedPort()));
        fields.put("dbname", target.database());
        fields.put("dbClusterIdentifier", cluster.identifier());
        return new DesiredState(settings.publicationName(), settings.tables(), settings.replicationUser(),
                target.database(), settings.adoptPublication(), settings.rotatePassword(), fields);
    }

    private static ObservedDatabase observe(SqlSession sql, DesiredState desired) {
        try {
            return DatabaseObserver.observe(sql, desired.publication(), desired.tables(), desired.role());
        } catch (SQLException e) {
            throw DatabaseErrors.statement(e, "reading the catalog");
        }
    }

    private static List<String> warnings(ObservedDatabase db, DatabaseTarget target) {
        List<String> warnings = new ArrayList<>();
        if (db.tables().isEmpty()) {
            warnings.add("The publication covers no table yet: Materialize will have nothing to ingest.");
        }
        if (!PgConnector.isVerifying(target.sslMode())) {
            warnings.add("TLS certificate checks are off (sslMode " + target.sslMode() + "): for local use only.");
        }
        return warnings;
    }
}
