package com.auroracdc.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.clusterstate.SetupRecord;
import com.auroracdc.settings.SettingOrigin;
import com.auroracdc.stage.Json;
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
        return world.sim.ec2().describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(groupId)))
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
    void drift_whenSettingsCameFromTheInput_findsNothingThenATagChangeIsRepairedExactly() throws Exception {
        assertThat(tableList().length()).as("longer than an RDS tag value can hold").isGreaterThan(256);
        world.cluster("intl").endpoint("127.0.0.1").port(postgres.getPort())
                .tag("materialize:database", DATABASE).tag("materialize:repair", "auto").create();
        world.setUp("intl", true, Map.of("tables", TextNode.valueOf(tableList()),
                "egressCidrs", TextNode.valueOf("198.51.100.0/24")));

        SetupRecord record = world.state.record("INTL").orElseThrow();
        assertThat(record.settings().get("tables").source()).isEqualTo(SettingOrigin.Source.INPUT);
        assertThat(record.settings().get("egressCidrs").tokens()).containsExactly("198.51.100.0/24");
        assertThat(record.tagsSeen()).containsEntry("repair", "auto").containsEntry("databaseName", DATABASE);
        assertThat(record.resources().securityGroupId()).startsWith("sg-");
        assertThat(record.resources().publication()).isEqualTo("mz_source");

        DriftWorld.Run converged = world.drift();
        assertThat(converged.of("intl")).as("the input's tables and CIDRs are the desired state").isEmpty();
        assertThat(converged.summary().repairsStarted()).isEmpty();
        assertThat(converged.mutatingCalls()).isZero();

        world.sim.unrecorded(() -> world.sim.rds().addTagsToResource(r -> r.resourceName(world.describe("intl").dbClusterArn())
                .tags(t -> t.key("materialize:egress-cidrs").value("203.0.113.0/24"))));
        DriftWorld.Run changed = world.drift();
        assertThat(changed.of("intl")).filteredOn(f -> f.kind() == FindingKind.SETTINGS_CHANGED).singleElement()
                .satisfies(f -> {
                    assertThat(f.expected()).contains("egressCidrs = 198.51.100.0/24");
                    assertThat(f.found()).contains("egressCidrs = 203.0.113.0/24");
                });
        assertThat(changed.kinds("intl")).doesNotContain(FindingKind.PUBLICATION, FindingKind.REPLICA_IDENTITY);
        assertThat(changed.summary().repairsStarted()).containsExactly("intl");
        JsonNode repairInput = Json.read(world.sim.sfn().executions().getLast().input(), JsonNode.class);
        assertThat(repairInput.has("egressCidrs")).as("the tag's newer value wins: not replayed").isFalse();
        assertThat(repairInput.has("sslMode")).as("local-only settings are never replayed").isFalse();
        assertThat(repairInput.get("tables")).as("input-only tables survive the repair").hasSize(TABLE_NAMES.size());

        assertThat(world.runStartedRepairs()).containsExactly("intl");
        assertThat(ingressCidrs(record.resources().securityGroupId())).as("exactly the CIDR change")
                .contains("203.0.113.0/24").doesNotContain("198.51.100.0/24");
        assertThat(publishedTables()).as("the publication keeps the input's tables").hasSize(TABLE_NAMES.size())
                .allMatch(t -> t.startsWith("Verkäufe Europa."));
        DriftWorld.Run repaired = world.drift();
        assertThat(repaired.of("intl")).as("after the repair").isEmpty();
        assertThat(world.state.record("intl").orElseThrow().settings().get("egressCidrs").source())
                .isEqualTo(SettingOrigin.Source.TAG);
        assertThat(world.state.record("intl").orElseThrow().settings().get("tables").source())
                .isEqualTo(SettingOrigin.Source.INPUT);
    }
}
