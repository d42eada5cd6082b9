package com.auroracdc.internal.publication;

import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.settings.LocalOnly;
import com.auroracdc.internal.settings.NetworkPath;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.settings.RepairMode;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SslMode;
import com.auroracdc.internal.settings.TablePattern;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.local.pg.EmbeddedCluster;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import com.auroracdc.local.sim.SimSecretsManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/** Runs the publication stage against an embedded cluster, with the simulator's Secrets Manager. */
final class StageFixture {
    static final String CLUSTER = "orders-prod";

    final EmbeddedCluster cluster;
    final SimAws sim = SimAws.create();
    final SimSecretsManager secrets = sim.secretsManager();
    /** The cluster's admin secret (its RDS-managed master secret), as the context names it. */
    String adminSecretArn;
    Timeouts timeouts = Timeouts.defaults().withProof(Duration.ofSeconds(30));
    /** Where the next runs' streaming proof fails, or null. */
    ObservedConnector.ProofFault proofFault;
    int lastWrites;

    StageFixture(EmbeddedCluster cluster) {
        LocalOnly.allowForLocalRunner(); // the embedded writer: no TLS, localhost, test CAs
        this.cluster = cluster;
        this.adminSecretArn = secrets.seedSecret("rds!cluster-1f2e3d4c", "{\"username\":\"" + EmbeddedCluster.ADMIN
                + "\",\"password\":\"" + EmbeddedCluster.ADMIN_PASSWORD + "\"}");
    }

    static Settings settings(String database, String user, String... tables) {
        return settings(database, user, false, false, SslMode.DISABLE, tables);
    }

    static Settings settings(String database, String user, boolean adopt, boolean rotate, SslMode ssl,
                             String... tables) {
        List<TablePattern> patterns = Arrays.stream(tables).map(TablePattern::parse).toList();
        return new Settings(List.of(), false, 1, RebootPolicy.IMMEDIATE, 30, "mz_source", patterns, database, null,
                user, adopt, rotate, ssl, RepairMode.OFF, null, null, null, null, null,
                NetworkPath.PUBLIC_CIDRS, List.of(), true);
    }

    /** The same settings, connecting through another port of localhost (a tunnel, a proxy). */
    static Settings viaPort(Settings s, int port) {
        return new Settings(s.egressCidrs(), s.allowPublicSource(), s.sourceCount(), s.rebootPolicy(),
                s.rebootDeadlineMinutes(), s.publicationName(), s.tables(), s.databaseName(), s.adminSecretArn(),
                s.replicationUser(), s.adoptPublication(), s.rotatePassword(), s.sslMode(), s.repair(), "localhost",
                port, s.readerReboot(), s.materializeCluster(), s.sourceName(), s.networkPath(), s.privateLinkPrincipals(),
                s.privateLinkAcceptanceRequired());
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

    /** The replication user's secret as JSON text (read as somebody else: not recorded). */
    String secretValue(String user) {
        String[] value = new String[1];
        sim.unrecorded(() -> value[0] = secrets.getSecretValue(r -> r.secretId(SecretStore.replicationSecretName(CLUSTER,
                user))).secretString());
        return value[0];
    }

    /** The replication user's secret as Secrets Manager describes it (not recorded). */
    DescribeSecretResponse replicationSecret(String user) {
        DescribeSecretResponse[] described = new DescribeSecretResponse[1];
        sim.unrecorded(() -> described[0] = secrets.describeSecret(r -> r.secretId(SecretStore.replicationSecretName(CLUSTER,
                user))));
        return described[0];
    }

    /** Gives the admin secret a new value, as its owner would (not recorded). */
    void adminSecretValue(String value) {
        sim.unrecorded(() -> secrets.putSecretValue(r -> r.secretId(adminSecretArn).secretString(value)));
    }

    /** The context names an admin secret Secrets Manager does not have (deleted, its recovery window over). */
    void adminSecretGone() {
        adminSecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-deleted-AbCdEf";
    }

    /** The Secrets Manager calls that write (create, put, tag), failed attempts included. */
    List<String> secretWrites() {
        return sim.calls().stream().filter(c -> c.service().equals("secretsmanager") && c.mutating())
                .map(SimCall::operation).toList();
    }

    String password(String user) {
        try {
            return com.auroracdc.internal.json.Json.MAPPER.readTree(secretValue(user)).get("password").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Connection asUser(String database, String user) throws SQLException {
        return cluster.connect(database, user, password(user));
    }
}
