package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database drift kinds, on the simulated control plane with a real PostgreSQL behind the clusters: each is
 * detected by the publication stage's own planner, repair (the setup, started by the drift check) converges,
 * and the next check is clean.
 */
class DriftPublicationOnSimulatorTest {
    private static EmbeddedPostgres postgres;
    private final DriftWorld world = new DriftWorld(Map.of("sslMode", TextNode.valueOf("disable")), Map.of()).withDatabases();

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("wal_level", "logical").start();
        sql("postgres", "CREATE DATABASE shop_all");
        sql("postgres", "CREATE DATABASE shop_list");
        for (String db : new String[] {"shop_all", "shop_list"}) {
            sql(db, "CREATE TABLE public.orders (id int PRIMARY KEY, total numeric)");
            sql(db, "CREATE TABLE public.customers (id int PRIMARY KEY, name text)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static void sql(String database, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database,
                "postgres", ""); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private void clusterOn(String id, String database, String user, String tables) {
        var builder = world.cluster(id).endpoint("127.0.0.1").port(postgres.getPort())
                .tag("materialize:database", database).tag("materialize:replication-user", user)
                .tag("materialize:repair", "auto");
        if (tables != null) {
            builder.tag("materialize:tables", tables);
        }
        world.setUpNew(builder);
    }

    /** One drift, seen, repaired by the setup the drift check starts, then gone. */
    private void detectRepairConverge(String cluster, FindingKind expected, String foundText) {
        DriftWorld.Run drifted = world.drift();
        assertThat(drifted.kinds(cluster)).as(drifted.of(cluster).toString()).contains(expected);
        assertThat(drifted.of(cluster)).filteredOn(f -> f.kind() == expected)
                .anySatisfy(f -> assertThat(f.found() + " " + f.expected()).contains(foundText));
        assertThat(drifted.summary().repairsStarted()).contains(cluster);
        assertThat(world.runStartedRepairs()).contains(cluster);
        DriftWorld.Run clean = world.drift();
        assertThat(clean.of(cluster)).as("after repair").isEmpty();
        assertThat(clean.mutatingCalls()).as("the setup wrote ready itself: nothing to change").isZero();
    }

    @Test
    void drift_whenPublicationTablesGrantsAndIdentityDrift_detectsEachAndRepairConverges() throws Exception {
        clusterOn("all-tables", "shop_all", "mz_all", null);
        clusterOn("listed", "shop_list", "mz_list", "public.orders public.customers");
        DriftWorld.Run converged = world.drift();
        assertThat(converged.findings()).as("a converged cluster yields no finding").isEmpty();

        sql("shop_all", "CREATE TABLE public.audit (id int PRIMARY KEY, note text)");
        detectRepairConverge("all-tables", FindingKind.REPLICA_IDENTITY, "public.audit");

        sql("shop_all", "REVOKE SELECT ON public.orders FROM mz_all");
        detectRepairConverge("all-tables", FindingKind.REPLICATION_USER, "public.orders");

        sql("shop_all", "DROP PUBLICATION mz_source");
        detectRepairConverge("all-tables", FindingKind.PUBLICATION, "no publication mz_source");

        sql("shop_list", "ALTER PUBLICATION mz_source DROP TABLE public.customers");
        detectRepairConverge("listed", FindingKind.PUBLICATION, "missing from it: public.customers");
    }
}
