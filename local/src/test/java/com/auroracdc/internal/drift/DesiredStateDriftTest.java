package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.SettingOrigin;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drift and repair against the recorded desired state: what only the execution input could say (a quoted, non-ASCII
 * table list longer than a tag, CIDRs) is not reported nor reverted; a tag changed since is reported as
 * settings-changed and repaired to exactly that change.
 */
class DesiredStateDriftTest {
    private static final String DATABASE = "shop_intl";
    private static final List<String> TABLE_NAMES = tableNames();
    private static EmbeddedPostgres postgres;
    private final DriftWorld world = new DriftWorld(Map.of("sslMode", TextNode.valueOf("disable")), Map.of()).withDatabases();

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("wal_level", "logical").start();
        sql("postgres", "CREATE DATABASE " + DATABASE);
        sql(DATABASE, "CREATE SCHEMA \"Verkäufe Europa\"");
        for (String table : TABLE_NAMES) {
            sql(DATABASE, "CREATE TABLE \"Verkäufe Europa\".\"" + table + "\" (id int PRIMARY KEY, menge numeric)");
        }
        sql(DATABASE, "CREATE TABLE public.unlisted (id int PRIMARY KEY)");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** Eight tables whose quoted list is well over a tag's 256 characters: umlauts, spaces, dots and a comma. */
    private static List<String> tableNames() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            names.add("Bestellpositionen Nr. " + i + ", größer ß");
        }
        return names;
    }

    private static String tableList() {
        return String.join(" ", TABLE_NAMES.stream().map(t -> "\"Verkäufe Europa\".\"" + t + "\"").toList());
    }

    private List<String> ingressCidrs(String groupId) {
        return world.sim().ec2().describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(groupId)))
                .securityGroupRules().stream().filter(rule -> !rule.isEgress() && rule.cidrIpv4() != null)
                .map(rule -> rule.cidrIpv4()).toList();
    }

    private static List<String> publishedTables() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE,
                "postgres", ""); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = 'mz_source'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static void sql(String database, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database,
                "postgres", ""); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void drift_whenSettingsCameFromTheInput_theyStandOverTagChanges_andATagWithoutInputIsRepairedExactly() throws Exception {
        assertThat(tableList().length()).as("longer than an RDS tag value can hold").isGreaterThan(256);
        world.cluster("intl").endpoint("127.0.0.1").port(postgres.getPort())
                .tag("materialize:database", DATABASE).tag("materialize:repair", "auto").create();
        world.setUp("intl", true, Map.of("tables", TextNode.valueOf(tableList()),
                "egressCidrs", TextNode.valueOf("198.51.100.0/24")));

        SetupRecord record = world.state().record("INTL").orElseThrow();
        assertThat(record.settings().get("tables").source()).isEqualTo(SettingOrigin.Source.INPUT);
        assertThat(record.settings().get("egressCidrs").tokens()).containsExactly("198.51.100.0/24");
        assertThat(record.tagsSeen()).containsEntry("repair", "auto").containsEntry("databaseName", DATABASE);
        assertThat(record.resources().securityGroupId()).startsWith("sg-");
        assertThat(record.resources().publication()).isEqualTo("mz_source");

        DriftWorld.Run converged = world.drift();
        assertThat(converged.of("intl")).as("the input's tables and CIDRs are the desired state").isEmpty();
        assertThat(converged.summary().repairsStarted()).isEmpty();
        assertThat(converged.mutatingCalls()).isZero();

        // A tag under a recorded input value: information, never a change (input > tag > stack).
        tag("materialize:egress-cidrs", "203.0.113.0/24");
        DriftWorld.Run shadowed = world.drift();
        assertThat(shadowed.of("intl")).as("information alone is not announced").isEmpty();
        assertThat(shadowed.summary().findingsByKind()).containsEntry("settings-shadowed", 1);
        assertThat(shadowed.checkedOf("intl")).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SETTINGS_SHADOWED);
            assertThat(f.found()).contains("203.0.113.0/24");
        });
        assertThat(shadowed.summary().repairsStarted()).isEmpty();
        assertThat(shadowed.mutatingCalls()).as("the status tag stays ready: information only").isZero();

        // A tag for a setting no input gave: the newer intent, repaired to exactly that change.
        tag("materialize:sources", "2");
        DriftWorld.Run changed = world.drift();
        assertThat(changed.of("intl")).filteredOn(f -> f.kind() == FindingKind.SETTINGS_CHANGED).singleElement()
                .satisfies(f -> assertThat(f.found()).contains("sourceCount = 2"));
        assertThat(changed.summary().repairsStarted()).containsExactly("intl");
        JsonNode repairInput = Json.read(world.repairs().getLast().input(), JsonNode.class);
        assertThat(repairInput.size()).as("the cluster alone: its Inspect applies the recorded input").isEqualTo(1);

        assertThat(world.runStartedRepairs()).containsExactly("intl");
        assertThat(ingressCidrs(record.resources().securityGroupId())).as("the input's CIDR stands")
                .contains("198.51.100.0/24").doesNotContain("203.0.113.0/24");
        assertThat(publishedTables()).as("the publication keeps the input's tables").hasSize(TABLE_NAMES.size())
                .allMatch(t -> t.startsWith("Verkäufe Europa."));
        SetupRecord repaired = world.state().record("intl").orElseThrow();
        assertThat(repaired.settings().get("sourceCount").source()).isEqualTo(SettingOrigin.Source.TAG);
        assertThat(repaired.settings().get("egressCidrs").source()).isEqualTo(SettingOrigin.Source.INPUT);
        assertThat(repaired.settings().get("tables").source()).isEqualTo(SettingOrigin.Source.INPUT);
        assertThat(world.drift().of("intl")).as("after the repair: its record saw today's tags").isEmpty();

        // An input of null forgets the recorded value: the tag decides again.
        world.setUp("intl", true, Map.of("egressCidrs", com.fasterxml.jackson.databind.node.NullNode.getInstance()));
        assertThat(ingressCidrs(record.resources().securityGroupId())).contains("203.0.113.0/24").doesNotContain("198.51.100.0/24");
        assertThat(world.state().record("intl").orElseThrow().settings().get("egressCidrs").source())
                .isEqualTo(SettingOrigin.Source.TAG);
        assertThat(world.drift().of("intl")).isEmpty();
    }

    /**
     * The case: laptop mode (no stack parameters at all) recorded the user's tables and CIDRs as input; the
     * deployed stack's drift check with repair=auto keeps them, and writes nothing.
     */
    @Test
    void drift_whenALaptopRecordMeetsTheDeployedStack_keepsTheUsersTablesAndCidrsWithZeroWrites() throws Exception {
        world.redeploy(Map.of()); // laptop mode: the environment names no stack parameter
        world.cluster("intl").endpoint("127.0.0.1").port(postgres.getPort()).tag("materialize:database", DATABASE).create();
        world.setUp("intl", true, Map.of("tables", TextNode.valueOf(tableList()),
                "egressCidrs", TextNode.valueOf("198.51.100.0/24 203.0.113.0/24")));
        assertThat(world.state().record("intl").orElseThrow().stackSeen()).isEmpty();

        world.redeploy(Map.of("TABLES", "*", "EGRESS_CIDRS", "3.215.237.32/27", "DRIFT_REPAIR", "auto"));
        DriftWorld.Run run = world.drift();

        assertThat(run.of("intl")).as("the stack's values under the user's input are information only")
                .allSatisfy(f -> assertThat(f.kind()).isEqualTo(FindingKind.SETTINGS_SHADOWED));
        assertThat(run.summary().repairsStarted()).isEmpty();
        assertThat(run.mutatingCalls()).isZero();
        assertThat(world.repairs()).isEmpty();
    }

    private void tag(String key, String value) {
        world.sim().unrecorded(() -> world.sim().rds().addTagsToResource(r -> r.resourceName(world.describe("intl").dbClusterArn())
                .tags(t -> t.key(key).value(value))));
    }
}
