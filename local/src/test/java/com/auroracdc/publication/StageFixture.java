package com.auroracdc.publication;

import com.auroracdc.cluster.ClusterFacts;
import com.auroracdc.cluster.SetupContext;
import com.auroracdc.database.PgConnector;
import com.auroracdc.database.SecretStore;
import com.auroracdc.database.Timeouts;
import com.auroracdc.local.pg.EmbeddedCluster;
import com.auroracdc.settings.LocalOnly;
import com.auroracdc.settings.RebootPolicy;
import com.auroracdc.settings.RepairMode;
import com.auroracdc.settings.Settings;
import com.auroracdc.settings.SslMode;
import com.auroracdc.settings.TablePattern;
import com.auroracdc.stage.StageResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs the publication stage against an embedded cluster, with an in-memory Secrets Manager. */
final class StageFixture {
    static final String CLUSTER = "orders-prod";

    final EmbeddedCluster cluster;
    final FakeSecretsManager secrets = new FakeSecretsManager();
    final String adminSecretArn;
    Timeouts timeouts = Timeouts.defaults().withProof(Duration.ofSeconds(30));
    /** Where the next runs' streaming proof fails, or null. */
    ObservedConnector.ProofFault proofFault;
    int lastWrites;

    StageFixture(EmbeddedCluster cluster) {
        LocalOnly.allowForLocalRunner(); // the embedded writer: no TLS, localhost, test CAs
        this.cluster = cluster;
        this.adminSecretArn = secrets.put("rds!cluster-1f2e3d4c", "{\"username\":\"" + EmbeddedCluster.ADMIN
                + "\",\"password\":\"" + EmbeddedCluster.ADMIN_PASSWORD + "\"}");
    }

    static Settings settings(String database, String user, String... tables) {
        return settings(database, user, false, false, SslMode.DISABLE, tables);
    }

    static Settings settings(String database, String user, boolean adopt, boolean rotate, SslMode ssl,
                             String... tables) {
        List<TablePattern> patterns = Arrays.stream(tables).map(TablePattern::parse).toList();
        return new Settings(List.of(), false, 1, RebootPolicy.IMMEDIATE, 30, "mz_source", patterns, database, null,
                user, adopt, rotate, ssl, RepairMode.OFF, null, null, null);
    }

    /** The same settings, connecting through another port of localhost (a tunnel, a proxy). */
    static Settings viaPort(Settings s, int port) {
        return new Settings(s.egressCidrs(), s.allowPublicSource(), s.sourceCount(), s.rebootPolicy(),
                s.rebootDeadlineMinutes(), s.publicationName(), s.tables(), s.databaseName(), s.adminSecretArn(),
                s.replicationUser(), s.adoptPublication(), s.rotatePassword(), s.sslMode(), s.repair(), "localhost",
                port, s.readerReboot());
    }

    SetupContext context(Settings settings, boolean dryRun) {
        ClusterFacts facts = new ClusterFacts(CLUSTER, "arn:aws:rds:us-east-1:123456789012:cluster:" + CLUSTER,
                "aurora-postgresql", "16.4", "provisioned", "aurora-postgresql16", "available", cluster.port(),
                "vpc-0a1b2c3d", List.of("sg-0123"), "default.aurora-postgresql16", CLUSTER + "-1", List.of(),
                "localhost", null, adminSecretArn, "sun:05:00-sun:05:30", Map.of());
        return new SetupContext("arn:aws:states:us-east-1:123456789012:execution:setup:test-" + System.nanoTime(),
                "2026-11-24T09:15:03Z", dryRun, facts, settings, List.of());
    }

    PublicationStage stage() {
        return stage(new ObservedConnector(timeouts, proofFault));
    }

    private PublicationStage stage(PgConnector connector) {
        return new PublicationStage(new SecretStore(secrets), connector, 1000);
    }

    StageResult run(Settings settings) {
        return run(settings, false);
    }

    StageResult run(Settings settings, boolean dryRun) {
        ObservedConnector counting = new ObservedConnector(timeouts, proofFault);
        try {
            return stage(counting).run(context(settings, dryRun));
        } finally {
            lastWrites = counting.writes();
        }
    }

    /** The replication user's secret as JSON text. */
    String secretValue(String user) {
        return secrets.find(SecretStore.replicationSecretName(CLUSTER, user)).value;
    }

    String password(String user) {
        try {
            return com.auroracdc.json.Json.MAPPER.readTree(secretValue(user)).get("password").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Connection asUser(String database, String user) throws SQLException {
        return cluster.connect(database, user, password(user));
    }
}
