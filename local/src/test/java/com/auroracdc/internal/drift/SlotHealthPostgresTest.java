package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.drift.check.AdminDatabaseConnector;
import com.auroracdc.internal.drift.check.DatabaseCheck;
import com.auroracdc.internal.drift.check.DriftAreas;
import com.auroracdc.internal.drift.check.ReplicationSlot;
import com.auroracdc.internal.drift.check.SlotHealth;
import com.auroracdc.internal.drift.check.SlotHealthDrift;
import com.auroracdc.internal.drift.check.SlotHealthReader;
import com.auroracdc.internal.drift.check.SlotSnapshot;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.settings.RepairMode;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.local.sim.SimAws;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Slot health against a real PostgreSQL 17 with logical decoding: what the drift check reads and reports. */
class SlotHealthPostgresTest {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "4")
                .setServerConfig("max_wal_senders", "4")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @AfterEach
    void dropSlots() throws Exception {
        sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active");
        sql("DROP TABLE IF EXISTS orders");
    }

    private static Connection connect() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** An abandoned Materialize slot, another tool's slot, then about 10 MB of WAL the slots hold back. */
    private static void abandonedSlotRetainingWal() throws SQLException {
        sql("SELECT pg_create_logical_replication_slot('materialize_0a1b2c3d', 'pgoutput')");
        sql("SELECT pg_create_logical_replication_slot('other_tool', 'pgoutput')");
        sql("CREATE TABLE orders AS SELECT g AS id, repeat('x', 1000) AS note FROM generate_series(1, 10000) g");
        sql("SELECT pg_switch_wal()");
    }

    @Test
    void read_whenSlotIsAbandoned_seesItInactiveAndRetainingTheWalWrittenSince() throws Exception {
        abandonedSlotRetainingWal();
        SlotSnapshot snapshot;
        try (Connection c = connect()) {
            snapshot = SlotHealthReader.read(c);
        }
        assertThat(snapshot.serverVersionNum()).isGreaterThanOrEqualTo(170000);
        assertThat(snapshot.maxReplicationSlots()).isEqualTo(4);
        assertThat(snapshot.slots()).extracting(ReplicationSlot::name).containsExactly("materialize_0a1b2c3d", "other_tool");
        ReplicationSlot slot = snapshot.materializeSlots().getFirst();
        assertThat(slot.active()).isFalse();
        assertThat(slot.plugin()).isEqualTo("pgoutput");
        assertThat(slot.walStatus()).isIn("reserved", "extended");
        assertThat(slot.retainedWalBytes()).isGreaterThan(8L << 20);
        assertThat(slot.inactiveSince()).isNotNull().isBeforeOrEqualTo(snapshot.observedAt());
    }

    @Test
    void classify_whenSlotIsAbandoned_reportsItWithACommandThatReallyDropsIt() throws Exception {
        abandonedSlotRetainingWal();
        var thresholds = new DriftThresholds(Duration.ZERO, 1L << 20, 3);
        List<Finding> findings;
        try (Connection c = connect()) {
            findings = SlotHealth.classify("orders-prod", SlotHealthReader.read(c), thresholds);
        }
        assertThat(findings).extracting(Finding::kind).containsExactly(
                FindingKind.SLOT_INACTIVE, FindingKind.SLOT_RETAINED_WAL, FindingKind.SLOTS_NEAR_LIMIT);
        assertThat(findings.get(1).found()).contains("slot materialize_0a1b2c3d retains").contains("MiB of WAL (inactive)");
        assertThat(findings.get(2).found()).isEqualTo("2 of max_replication_slots 4 in use (2 free)");

        String repair = findings.getFirst().repair();
        String command = repair.substring(repair.indexOf("SELECT pg_drop_replication_slot"));
        assertThat(command).isEqualTo("SELECT pg_drop_replication_slot('materialize_0a1b2c3d');");
        sql(command);
        try (Connection c = connect()) {
            SlotSnapshot after = SlotHealthReader.read(c);
            assertThat(after.materializeSlots()).isEmpty();
            assertThat(SlotHealth.classify("orders-prod", after, thresholds)).isEmpty();
        }
    }

    @Test
    void check_whenOneClusterIsUnreachable_reportsItAndStillChecksTheOther() throws Exception {
        abandonedSlotRetainingWal();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<String> metrics = new ArrayList<>();
        var thresholds = new DriftThresholds(Duration.ZERO, 1L << 20, 1);
        SimAws sim = SimAws.create();
        var check = new DatabaseCheck(new AdminDatabaseConnector(new com.auroracdc.internal.database.SecretStore(sim.secretsManager()),
                        DriftAreas.pgConnector(DriftConfig.defaults())),
                List.of(new SlotHealthDrift(thresholds, "AuroraCdcAutopilot", metrics::add)), 2);

        BatchCheck result = check.check(new BatchCheck("run-1", "t", List.of(
                pending("orders-prod", postgres.getPort(), masterSecret(sim, "orders-prod")),
                pending("gone-dark", closedPort, masterSecret(sim, "gone-dark")))));

        assertThat(result.clusters().get(0).findings()).extracting(Finding::kind)
                .containsExactly(FindingKind.SLOT_INACTIVE, FindingKind.SLOT_RETAINED_WAL);
        assertThat(result.clusters().get(1).findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.UNREACHABLE);
            assertThat(f.cluster()).isEqualTo("gone-dark");
        });
        assertThat(metrics).anySatisfy(line -> assertThat(line).contains("\"SlotName\":\"materialize_0a1b2c3d\"")
                .contains("ReplicationSlotRetainedWalBytes"));
        assertThat(metrics).anySatisfy(line -> assertThat(line).contains("\"InactiveReplicationSlots\":1"));
    }

    /** The cluster's master secret in Secrets Manager (zonky's superuser needs no password); returns its ARN. */
    private static String masterSecret(SimAws sim, String clusterId) {
        return sim.secretsManager().seedSecret("rds!cluster-" + clusterId,
                "{\"username\":\"postgres\",\"password\":\"trust-auth-ignores-it\"}");
    }

    private static ClusterCheck pending(String id, int port, String adminSecretArn) {
        com.auroracdc.internal.settings.LocalOnly.allowForLocalRunner(); // plain embedded PostgreSQL: no TLS
        Map<String, JsonNode> local = Map.of("sslMode", TextNode.valueOf("disable"),
                "databaseHost", TextNode.valueOf("127.0.0.1"), "databasePort", IntNode.valueOf(port),
                "databaseName", TextNode.valueOf("postgres"));
        Settings settings = new SettingsResolver(Map.of()).resolve(Map.of(), local);
        var facts = new ClusterFacts(id, "arn:aws:rds:us-east-1:123456789012:cluster:" + id, "aurora-postgresql", "17.4",
                "provisioned", "aurora-postgresql17", "available", port, "vpc-1", List.of(), "g", id + "-1", List.of(),
                "127.0.0.1", "postgres", adminSecretArn,
                "sun:05:00-sun:05:30", Map.of());
        return new ClusterCheck(id, facts.arn(), "ready", RepairMode.OFF, RebootPolicy.IMMEDIATE, null, List.of(),
                new SetupContext("run-1", "t", true, facts, settings, List.of()));
    }
}
