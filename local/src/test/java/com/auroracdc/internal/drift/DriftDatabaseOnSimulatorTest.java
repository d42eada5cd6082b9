package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.settings.Tags;
import com.fasterxml.jackson.databind.node.TextNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Simulated control plane, real PostgreSQL behind one cluster's endpoint: slot health is reported from the
 * database, an unreachable cluster becomes a finding while the others are checked, and slots are never
 * repaired automatically.
 */
class DriftDatabaseOnSimulatorTest {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "10").setServerConfig("max_logical_replication_workers", "10")
                .setServerConfig("max_worker_processes", "16").start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void drift_whenAMaterializeSlotIsAbandonedAndAnotherClusterIsUnreachable_reportsBothAndRepairsNeither() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var world = new DriftWorld(Map.of("sslMode", TextNode.valueOf("disable")),
                Map.of(DriftThresholds.SLOT_INACTIVE_MINUTES, "0", DriftThresholds.RETAINED_WAL_MB, "1"));
        world.withDatabases();
        sql("CREATE TABLE IF NOT EXISTS filler (id int PRIMARY KEY, pad text)");
        world.setUpNew(world.cluster("orders").endpoint("127.0.0.1").port(postgres.getPort()).tag("materialize:repair", "auto"));
        world.cluster("dark").endpoint("127.0.0.1").port(closedPort).tag("materialize:repair", "auto").create();
        world.setUp("dark", false);
        sql("SELECT pg_create_logical_replication_slot('materialize_5e1f00d', 'pgoutput')");
        sql("INSERT INTO filler SELECT g, repeat('x', 1000) FROM generate_series(1, 4000) g");
        try {
            DriftWorld.Run run = world.drift();

            assertThat(run.kinds("orders")).containsExactly(FindingKind.SLOT_INACTIVE, FindingKind.SLOT_RETAINED_WAL);
            assertThat(run.of("orders").getFirst().repair()).endsWith("SELECT pg_drop_replication_slot('materialize_5e1f00d');");
            assertThat(run.kinds("dark")).containsExactly(FindingKind.UNREACHABLE);
            assertThat(run.summary().uncheckable()).containsExactly("dark");
            assertThat(run.summary().drifted()).contains("orders");
            assertThat(world.repairs()).as("slots are never dropped, unreachable is never repaired").isEmpty();
            assertThat(world.describe("orders").tagList()).anySatisfy(t -> {
                assertThat(t.key()).isEqualTo(Tags.STATUS);
                assertThat(t.value()).isEqualTo("slot-warning");
            });
            assertThat(world.describe("dark").tagList()).anySatisfy(t -> assertThat(t.value()).isEqualTo("unchecked"));
            assertThat(world.metrics()).anySatisfy(line -> assertThat(line)
                    .contains("\"ClusterIdentifier\":\"orders\"").contains("\"SlotName\":\"materialize_5e1f00d\""));

            sql("SELECT pg_drop_replication_slot('materialize_5e1f00d')");
            DriftWorld.Run after = world.drift();
            assertThat(after.of("orders")).isEmpty();
            assertThat(world.describe("orders").tagList()).anySatisfy(t -> assertThat(t.value()).isEqualTo("ready"));
        } finally {
            sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active");
        }
    }

    @Test
    void drift_whenADbasOwnChangeOrOnlyReadersWaitForAReboot_reportsThemAndRebootsNothing() throws Exception {
        var world = new DriftWorld(Map.of("sslMode", TextNode.valueOf("disable")), Map.of());
        world.withDatabases();
        var cluster = world.setUpNew(world.cluster("orders").endpoint("127.0.0.1").port(postgres.getPort()).readers(2)
                .tag("materialize:repair", "auto"));
        world.sim().rds().statusLagReads(0); // the lag itself is the setup tests' business
        String group = world.describe("orders").dbClusterParameterGroup();
        // A DBA changes a static parameter that has nothing to do with replication.
        world.sim().rds().modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).parameters(Parameter.builder()
                .parameterName("shared_preload_libraries").parameterValue("pg_stat_statements").applyMethod("pending-reboot").build()));

        DriftWorld.Run run = world.drift();
        assertThat(run.kinds("orders")).containsExactly(FindingKind.UNRELATED_PENDING_REBOOT);
        assertThat(run.of("orders").getFirst().repair()).contains("repair never does")
                .contains("--db-instance-identifier " + cluster.writerInstanceId());
        assertThat(world.repairs()).as("no repair: the reboot is not ours to make").isEmpty();
        assertThat(world.describe("orders").tagList()).anySatisfy(t -> assertThat(t.value()).isEqualTo("pending-reboot"));

        // The DBA reboots the writer only (read availability): the readers keep waiting.
        world.sim().rds().rebootDBInstance(r -> r.dbInstanceIdentifier(cluster.writerInstanceId()));
        world.sim().clock().advance(java.time.Duration.ofMinutes(5));
        world.sim().settle();
        DriftWorld.Run readers = world.drift();
        assertThat(readers.kinds("orders")).containsExactly(FindingKind.READERS_PENDING_REBOOT);
        assertThat(readers.of("orders").getFirst().severity()).isEqualTo(Severity.WARNING);
        assertThat(world.repairs()).isEmpty();
        assertThat(world.sim().callCount("RebootDBInstance")).as("reboots during the drift run").isZero();
        assertThat(readers.mutatingCalls()).as("only the status tag may change").isLessThanOrEqualTo(1);
    }

    /** Issue 19: a team turns the automation off and forgets the slot: the disk-fill risk is announced, nothing changed. */
    @Test
    void drift_whenTheTriggerTagSaysDisabled_reportsOnlyTheLeftoverSlotAndChangesNothing() throws Exception {
        var world = new DriftWorld(Map.of("sslMode", TextNode.valueOf("disable")), Map.of());
        world.withDatabases();
        world.setUpNew(world.cluster("orders").endpoint("127.0.0.1").port(postgres.getPort()).tag("materialize:repair", "auto"));
        String statusBefore = status(world);
        String group = world.describe("orders").dbClusterParameterGroup();
        world.sim().unrecorded(() -> {
            world.sim().rds().addTagsToResource(r -> r.resourceName(world.describe("orders").dbClusterArn())
                    .tags(Tag.builder().key("materialize:cdc").value("disabled").build()));
            // what would be drift on an enabled cluster is not compared any more: the automation is off
            world.sim().rds().modifyDBClusterParameterGroup(p -> p.dbClusterParameterGroupName(group).parameters(Parameter.builder()
                    .parameterName("max_replication_slots").parameterValue("11").applyMethod("pending-reboot").build()));
        });
        sql("SELECT pg_create_logical_replication_slot('materialize_d15ab1ed', 'pgoutput')");
        try {
            DriftWorld.Run run = world.drift();

            assertThat(run.kinds("orders")).containsExactly(FindingKind.LEFTOVER_SLOT);
            assertThat(run.of("orders").getFirst().severity()).isEqualTo(Severity.CRITICAL);
            assertThat(run.of("orders").getFirst().found()).startsWith("slot materialize_d15ab1ed is left (inactive");
            assertThat(run.of("orders").getFirst().repair()).endsWith("SELECT pg_drop_replication_slot('materialize_d15ab1ed');");
            assertThat(world.repairs()).as("nothing is repaired on a disabled cluster").isEmpty();
            assertThat(run.mutatingCalls()).as("not even the status tag: the automation is off").isZero();
            assertThat(status(world)).isEqualTo(statusBefore);

            // The trigger tag removed altogether (the status tag a setup wrote stays): watched the same way.
            world.sim().unrecorded(() -> world.sim().rds().removeTagsFromResource(r -> r
                    .resourceName(world.describe("orders").dbClusterArn()).tagKeys("materialize:cdc")));
            assertThat(world.drift().kinds("orders")).containsExactly(FindingKind.LEFTOVER_SLOT);

            sql("SELECT pg_drop_replication_slot('materialize_d15ab1ed')");
            assertThat(world.drift().of("orders")).as("no slot left, nothing to say").isEmpty();
        } finally {
            sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active");
        }
    }

    private static String status(DriftWorld world) {
        return world.describe("orders").tagList().stream().filter(t -> Tags.STATUS.equals(t.key())).map(Tag::value)
                .findFirst().orElse(null);
    }
}
