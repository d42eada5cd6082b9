package com.auroracdc.internal.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.ForeignPublicationException;
import com.auroracdc.errors.ForeignRoleException;
import com.auroracdc.errors.MissingTablesException;
import com.auroracdc.errors.PartitionRootPublicationException;
import com.auroracdc.internal.database.BundledTrustSocketFactory;
import com.auroracdc.internal.database.Credentials;
import com.auroracdc.internal.database.DatabaseTarget;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.SslMode;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.local.pg.EmbeddedCluster;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationStream;

/**
 * The publication stage against a real PostgreSQL; run on every supported major by the subclasses.
 * Each test works in its own database with its own replication user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PublicationStageContract {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    EmbeddedCluster cluster;
    StageFixture fixture;

    abstract EmbeddedCluster.Major major();

    @BeforeAll
    void startCluster() {
        cluster = EmbeddedCluster.start(EmbeddedCluster.Options.defaults(major()));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    int serverVersion() throws SQLException {
        return Integer.parseInt(cluster.version().get("server_version_num"));
    }

    /** A fresh database with a few tables: one with a primary key, one without, one partitioned. */
    String database(String... extraStatements) {
        fixture = new StageFixture(cluster);
        String name = "db_" + COUNTER.incrementAndGet();
        cluster.createDatabase(name);
        List<String> statements = new ArrayList<>(List.of(
                "CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric)",
                "CREATE TABLE public.events (at timestamptz, body text)",
                "CREATE SCHEMA sales",
                "CREATE TABLE sales.invoices (id int PRIMARY KEY, amount int)",
                "CREATE TABLE sales.notes (note text)",
                "CREATE TABLE sales.measurements (id int, at date NOT NULL, v int) PARTITION BY RANGE (at)",
                "CREATE TABLE sales.measurements_2025 PARTITION OF sales.measurements "
                        + "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
                "CREATE TABLE sales.measurements_2026 PARTITION OF sales.measurements "
                        + "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "CREATE SCHEMA private",
                "CREATE TABLE private.salaries (name text, amount int)"));
        statements.addAll(List.of(extraStatements));
        cluster.superuserIn(name, statements.toArray(String[]::new));
        return name;
    }

    static String user() {
        return "mz_" + COUNTER.incrementAndGet();
    }

    List<String> rows(String database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = cluster.superuserConnection(database); Statement s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    List<String> publishedTables(String database) throws SQLException {
        return rows(database, "SELECT schemaname || '.' || tablename FROM pg_publication_tables "
                + "WHERE pubname = 'mz_source' ORDER BY 1");
    }

    List<String> notFull(String database) throws SQLException {
        return rows(database, "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', "
                + "'information_schema', 'ddl_audit', 'private') AND c.relreplident <> 'f' ORDER BY 1");
    }

    @Test
    void run_whenAllTables_publishesEverythingAndSecondRunExecutesNoDdl() throws Exception {
        String db = database();
        String user = user();
        var settings = StageFixture.settings(db, user, "*");

        StageResult first = fixture.run(settings);

        assertThat(rows(db, "SELECT puballtables::text FROM pg_publication WHERE pubname = 'mz_source'"))
                .containsExactly("true");
        assertThat(rows(db, "SELECT obj_description(oid, 'pg_publication') FROM pg_publication"))
                .containsExactly(PublicationPlanner.MARKER);
        assertThat(rows(db, "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', "
                + "'information_schema', 'ddl_audit') AND c.relreplident <> 'f'")).isEmpty();
        assertThat(first.applied()).isNotEmpty();
        // One per statement at least (role, grants, publication, its comment, replica identities): the count counts.
        assertThat(fixture.lastWrites).as("statements that changed something").isGreaterThanOrEqualTo(first.applied().size());
        assertThat(first.facts().get("proof")).contains("streamed").contains("slot was dropped");
        assertThat(rows(db, "SELECT slot_name FROM pg_replication_slots")).isEmpty();

        int ddlBefore = cluster.ddlCount(db);
        StageResult second = fixture.run(settings);

        assertThat(second.planned()).isEmpty();
        assertThat(second.applied()).isEmpty();
        assertThat(cluster.ddlCount(db)).isEqualTo(ddlBefore);
        assertThat(fixture.lastWrites).as("statements that changed something").isZero();
        assertThat(second.facts().get("proof")).contains("streamed");
    }

    @Test
    void run_whenSchemaPattern_publishesTheSchemaAndFollowsNewTables() throws Exception {
        String db = database();
        String user = user();
        var settings = StageFixture.settings(db, user, "sales.*");

        fixture.run(settings);

        if (serverVersion() >= 150000) {
            assertThat(rows(db, "SELECT n.nspname FROM pg_publication_namespace pn JOIN pg_namespace n "
                    + "ON n.oid = pn.pnnspid")).containsExactly("sales");
        } else {
            assertThat(rows(db, "SELECT c.relname FROM pg_publication_rel pr JOIN pg_class c ON c.oid = pr.prrelid "
                    + "ORDER BY 1")).containsExactly("invoices", "measurements", "notes");
        }
        assertThat(publishedTables(db)).contains("sales.invoices", "sales.notes", "sales.measurements_2025",
                "sales.measurements_2026").doesNotContain("public.orders", "private.salaries");

        // Default privileges: a table the admin user creates later is readable at once, before any re-run.
        try (Connection admin = cluster.connect(db, EmbeddedCluster.ADMIN, EmbeddedCluster.ADMIN_PASSWORD);
             Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE sales.by_admin (v int PRIMARY KEY)");
        }
        try (Connection c = fixture.asUser(db, user); Statement s = c.createStatement()) {
            s.executeQuery("SELECT * FROM sales.by_admin").close();
        }

        cluster.superuserIn(db, "CREATE TABLE sales.refunds (amount int)");
        StageResult again = fixture.run(settings);

        assertThat(again.applied()).anyMatch(a -> a.contains("REPLICA IDENTITY FULL") && a.contains("sales.refunds"));
        assertThat(publishedTables(db)).contains("sales.refunds");
        try (Connection c = fixture.asUser(db, user); Statement s = c.createStatement()) {
            s.executeQuery("SELECT * FROM sales.refunds").close();
        }
        assertThat(fixture.run(settings).applied()).isEmpty();
    }

    @Test
    void run_whenTableListChanges_reconcilesPublicationAndPrivileges() throws Exception {
        String db = database();
        String user = user();

        fixture.run(StageFixture.settings(db, user, "public.orders", "public.events"));
        assertThat(publishedTables(db)).containsExactly("public.events", "public.orders");

        StageResult changed = fixture.run(StageFixture.settings(db, user, "public.events", "sales.invoices"));

        assertThat(publishedTables(db)).containsExactly("public.events", "sales.invoices");
        assertThat(changed.applied()).containsOnlyOnce("Change publication mz_source in one transaction: remove 1 table "
                + "(public.orders); add 1 table (sales.invoices)");
        try (Connection c = fixture.asUser(db, user); Statement s = c.createStatement()) {
            s.executeQuery("SELECT * FROM sales.invoices").close();
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM public.orders"))
                    .hasMessageContaining("permission denied");
        }
        int ddl = cluster.ddlCount(db);
        assertThat(fixture.run(StageFixture.settings(db, user, "public.events", "sales.invoices")).planned()).isEmpty();
        assertThat(cluster.ddlCount(db)).isEqualTo(ddl);
    }

    @Test
    void run_whenSwitchingBetweenAllTablesAndList_publishesEveryChangeCommittedDuringTheSwitch() throws Exception {
        String db = database();
        String user = user();
        var all = StageFixture.settings(db, user, "*");
        var list = StageFixture.settings(db, user, "public.orders", "sales.*");
        fixture.run(all);

        List<String> committed;
        List<String> received = new ArrayList<>();
        try (Connection replication = new PgConnector(Timeouts.defaults()).openReplication(target(db),
                new Credentials(user, fixture.password(user)))) {
            PGConnection pg = replication.unwrap(PGConnection.class);
            pg.getReplicationAPI().createReplicationSlot().logical().withSlotName("live_slot")
                    .withOutputPlugin("pgoutput").withTemporaryOption().make();
            try (ConcurrentInserts inserts = new ConcurrentInserts(db)) {
                fixture.run(list);
                assertThat(rows(db, "SELECT puballtables::text FROM pg_publication")).containsExactly("false");
                fixture.run(all);
                assertThat(rows(db, "SELECT puballtables::text FROM pg_publication")).containsExactly("true");
                StageResult last = fixture.run(list);
                committed = inserts.stop();
                assertThat(last.applied()).anyMatch(a -> a.startsWith("Re-create publication mz_source for ")
                        && a.contains("public.orders") && a.contains("in one transaction"));
            }
            cluster.superuserIn(db, "INSERT INTO public.orders VALUES (-1, 0)");
            try (PGReplicationStream stream = pg.getReplicationAPI().replicationStream().logical()
                    .withSlotName("live_slot").withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", "mz_source")
                    .withStatusInterval(1, TimeUnit.SECONDS).start()) {
                PgOutputDecoder decoder = new PgOutputDecoder();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!received.contains("public.orders:-1") && System.nanoTime() < deadline) {
                    decoder.accept(stream.read());
                    decoder.changes.stream().filter(c -> c.kind() == 'I')
                            .forEach(c -> received.add(c.table() + ":" + c.newRow().getFirst()));
                    decoder.changes.clear();
                }
            }
        }

        assertThat(publishedTables(db)).containsExactly("public.orders", "sales.invoices", "sales.measurements_2025",
                "sales.measurements_2026", "sales.notes");
        assertThat(committed).as("rows committed while the stage switched three times").hasSizeGreaterThan(20);
        assertThat(received).as("every committed row is published, none falls into a gap")
                .containsExactlyElementsOf(concat(committed, "public.orders:-1"));
    }

    private static List<String> concat(List<String> list, String last) {
        List<String> all = new ArrayList<>(list);
        all.add(last);
        return all;
    }

    DatabaseTarget target(String db) {
        return new DatabaseTarget("localhost", cluster.port(), db, SslMode.DISABLE,
                BundledTrustSocketFactory.RDS_BUNDLE, "localhost", cluster.port());
    }

    /** Production traffic: autocommitted inserts into two published tables, one after the other, until stopped. */
    final class ConcurrentInserts implements AutoCloseable {
        private final Thread thread;
        private final List<String> committed = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean stopping;
        private volatile Exception failure;

        ConcurrentInserts(String db) {
            thread = new Thread(() -> {
                try (Connection c = cluster.superuserConnection(db);
                     var orders = c.prepareStatement("INSERT INTO public.orders VALUES (?, ?)");
                     var invoices = c.prepareStatement("INSERT INTO sales.invoices VALUES (?, ?)")) {
                    for (int id = 1; !stopping; id++) {
                        var insert = id % 2 == 0 ? orders : invoices;
                        insert.setInt(1, id);
                        insert.setInt(2, id);
                        insert.executeUpdate();
                        committed.add((id % 2 == 0 ? "public.orders:" : "sales.invoices:") + id);
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "production-inserts");
            thread.start();
        }

        List<String> stop() throws Exception {
            stopping = true;
            thread.join(TimeUnit.SECONDS.toMillis(30));
            if (failure != null) {
                throw failure;
            }
            return List.copyOf(committed);
        }

        @Override
        public void close() throws Exception {
            stop();
        }
    }

    @Test
    void run_whenForeignPublicationExists_refusesUnlessAdopting() throws Exception {
        String db = database("CREATE PUBLICATION mz_source FOR TABLE public.orders");
        String user = user();

        assertThatThrownBy(() -> fixture.run(StageFixture.settings(db, user, "public.events")))
                .isInstanceOf(ForeignPublicationException.class)
                .hasMessageContaining("adoptPublication");
        assertThat(publishedTables(db)).containsExactly("public.orders");
        assertThat(rows(db, "SELECT rolname FROM pg_roles WHERE rolname = '" + user + "'")).isEmpty();
        assertThat(rows(db, "SELECT c.relname FROM pg_class c WHERE c.relname = 'events' AND relreplident = 'f'"))
                .as("nothing half-done").isEmpty();

        fixture.run(StageFixture.settings(db, user, true, false, SslMode.DISABLE, "public.events"));

        assertThat(publishedTables(db)).containsExactly("public.events");
        assertThat(rows(db, "SELECT obj_description(oid, 'pg_publication') FROM pg_publication"))
                .containsExactly(PublicationPlanner.MARKER);
    }

    @Test
    void run_whenTablesAreMissing_reportsThemAllAndChangesNothing() throws Exception {
        String db = database("CREATE VIEW public.order_view AS SELECT * FROM public.orders");
        String user = user();

        int ddlBefore = cluster.ddlCount(db);
        assertThatThrownBy(() -> fixture.run(StageFixture.settings(db, user, "public.orders", "public.nope",
                "ghost.*", "public.order_view", "\"Public\".orders")))
                .isInstanceOf(MissingTablesException.class)
                .hasMessageContaining("public.nope does not exist")
                .hasMessageContaining("schema ghost does not exist")
                .hasMessageContaining("public.order_view is not a table (a view)")
                .hasMessageContaining("\"Public\".orders does not exist");
        assertThat(rows(db, "SELECT pubname FROM pg_publication")).isEmpty();
        assertThat(cluster.ddlCount(db)).isEqualTo(ddlBefore);
        assertThat(fixture.secretWrites()).isEmpty();
    }

    @Test
    void run_withHostileIdentifiers_quotesEveryName() throws Exception {
        String long63 = "t".repeat(63);
        String db = database(
                "CREATE SCHEMA \"Sales Dept; DROP TABLE x\"",
                "CREATE TABLE \"Sales Dept; DROP TABLE x\".\"Order \"\"2024\"\"\" (v int)",
                "CREATE TABLE public.\"MixedCase\" (v int)",
                "CREATE TABLE public.\"ταβλέ ünïcode\" (v int)",
                "CREATE TABLE public.\"semi;colon'quote\" (v int)",
                "CREATE TABLE public." + long63 + " (v int)");
        String user = user();
        var settings = StageFixture.settings(db, user, "\"Sales Dept; DROP TABLE x\".*", "public.\"MixedCase\"",
                "public.\"ταβλέ ünïcode\"", "public.\"semi;colon'quote\"", "public." + long63);

        StageResult result = fixture.run(settings);

        assertThat(publishedTables(db)).containsExactlyInAnyOrder("Sales Dept; DROP TABLE x.Order \"2024\"",
                "public.MixedCase", "public.ταβλέ ünïcode", "public.semi;colon'quote", "public." + long63);
        assertThat(notFull(db)).doesNotContain("public.MixedCase", "Sales Dept; DROP TABLE x.Order \"2024\"");
        assertThat(result.planned()).anyMatch(p -> p.contains("\"Sales Dept; DROP TABLE x\".\"Order \"\"2024\"\"\""));
        try (Connection c = fixture.asUser(db, user); Statement s = c.createStatement()) {
            s.executeQuery("SELECT * FROM \"Sales Dept; DROP TABLE x\".\"Order \"\"2024\"\"\"").close();
            s.executeQuery("SELECT * FROM public.\"ταβλέ ünïcode\"").close();
        }
        assertThat(fixture.run(settings).planned()).isEmpty();
    }

    @Test
    void run_whenTablesArePartitioned_setsReplicaIdentityFullOnEveryLeaf() throws Exception {
        String db = database("CREATE TABLE sales.measurements_2027 PARTITION OF sales.measurements "
                + "FOR VALUES FROM ('2027-01-01') TO ('2028-01-01') PARTITION BY RANGE (id)",
                "CREATE TABLE sales.measurements_2027_low PARTITION OF sales.measurements_2027 "
                        + "FOR VALUES FROM (0) TO (1000)");
        String user = user();

        fixture.run(StageFixture.settings(db, user, "sales.measurements", "public.events"));

        assertThat(rows(db, "SELECT c.relname || ':' || c.relreplident::text FROM pg_class c "
                + "WHERE c.relname LIKE 'measurements%' AND c.relkind = 'r' ORDER BY 1"))
                .containsExactly("measurements_2025:f", "measurements_2026:f", "measurements_2027_low:f");
        assertThat(publishedTables(db)).contains("sales.measurements_2025", "sales.measurements_2027_low",
                "public.events");
        assertThat(rows(db, "SELECT relreplident::text FROM pg_class WHERE relname = 'events'")).containsExactly("f");
        try (Connection c = fixture.asUser(db, user); Statement s = c.createStatement()) {
            s.executeQuery("SELECT * FROM sales.measurements_2027_low").close();
        }
    }

    @Test
    void run_whenPublicationPublishesViaPartitionRoot_refuses() throws Exception {
        String db = database();
        String user = user();
        fixture.run(StageFixture.settings(db, user, "public.orders"));
        cluster.superuserIn(db, "ALTER PUBLICATION mz_source SET (publish_via_partition_root = true)");

        assertThatThrownBy(() -> fixture.run(StageFixture.settings(db, user, "public.orders", "public.events")))
                .isInstanceOf(PartitionRootPublicationException.class)
                .hasMessageContaining("publish_via_partition_root = false");
        assertThat(publishedTables(db)).containsExactly("public.orders");
    }

    @Test
    void run_whenRoleExistsButIsNotOurs_refusesWithoutTouchingIt() throws Exception {
        String db = database();
        String user = user();
        cluster.superuser("CREATE ROLE " + user + " LOGIN PASSWORD 'theirs'");

        assertThatThrownBy(() -> fixture.run(StageFixture.settings(db, user, "public.orders")))
                .isInstanceOf(ForeignRoleException.class)
                .hasMessageContaining("COMMENT ON ROLE");
        try (Connection ignored = cluster.connect(db, user, "theirs")) {
            assertThat(ignored.isValid(1)).isTrue();
        }
    }

    @Test
    void replicationUser_readsPublishedTablesOnly_andSecretHasTheRdsFormat() throws Exception {
        String db = database();
        String user = user();

        StageResult result = fixture.run(StageFixture.settings(db, user, "public.*", "sales.invoices"));

        JsonNode secret = Json.MAPPER.readTree(fixture.secretValue(user));
        assertThat(secret.get("username").asText()).isEqualTo(user);
        assertThat(secret.get("password").asText()).hasSize(32);
        assertThat(secret.get("engine").asText()).isEqualTo("postgres");
        assertThat(secret.get("host").asText()).isEqualTo("localhost");
        assertThat(secret.get("port").isInt()).isTrue();
        assertThat(secret.get("dbname").asText()).isEqualTo(db);
        var stored = fixture.replicationSecret(user);
        assertThat(stored.tags()).anyMatch(t -> t.key().equals("managed-by") && t.value().equals("aurora-cdc-autopilot"));
        assertThat(result.facts().get("replicationSecretArn")).isEqualTo(stored.arn());
        assertThat(result.facts().get("materializeSql")).contains(stored.arn()).contains("PUBLICATION 'mz_source'")
                .doesNotContain(secret.get("password").asText());
        assertThat(Json.write(result)).doesNotContain(secret.get("password").asText())
                .doesNotContain(EmbeddedCluster.ADMIN_PASSWORD);

        try (Connection c = fixture.asUser(db, user); Statement s = c.createStatement()) {
            s.executeQuery("SELECT * FROM public.orders").close();
            s.executeQuery("SELECT * FROM sales.invoices").close();
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM sales.notes"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM private.salaries"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void run_whenRerun_keepsThePasswordUnlessRotationIsAsked() throws Exception {
        String db = database();
        String user = user();
        var settings = StageFixture.settings(db, user, "public.orders");
        fixture.run(settings);
        String first = fixture.password(user);

        fixture.run(settings);
        assertThat(fixture.password(user)).isEqualTo(first);

        StageResult rotated = fixture.run(StageFixture.settings(db, user, false, true, SslMode.DISABLE,
                "public.orders"));
        String second = fixture.password(user);
        assertThat(second).isNotEqualTo(first);
        assertThat(rotated.facts().get("proof")).contains("streamed");
        try (Connection c = fixture.asUser(db, user)) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void run_whenRolePasswordDriftedFromSecret_resetsItToTheSecret() throws Exception {
        String db = database();
        String user = user();
        var settings = StageFixture.settings(db, user, "public.orders");
        fixture.run(settings);
        String stored = fixture.password(user);
        cluster.superuser("ALTER ROLE " + user + " PASSWORD 'changed-by-someone'");

        StageResult result = fixture.run(settings);

        assertThat(result.applied()).containsExactly("Set the password of " + user + " to the one stored in its "
                + "secret (sent as a SCRAM verifier, never in clear text)");
        assertThat(fixture.password(user)).isEqualTo(stored);
        try (Connection c = fixture.asUser(db, user)) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void replicationUser_streamsEveryChangeOfPublishedTables_withOldRowImages() throws Exception {
        String db = database();
        String user = user();
        fixture.run(StageFixture.settings(db, user, "public.events", "sales.invoices"));

        PgConnector connector = new PgConnector(Timeouts.defaults());
        try (Connection replication = connector.openReplication(target(db), new Credentials(user, fixture.password(user)))) {
            PGConnection pg = replication.unwrap(PGConnection.class);
            pg.getReplicationAPI().createReplicationSlot().logical().withSlotName("cdc_test")
                    .withOutputPlugin("pgoutput").withTemporaryOption().make();
            try (PGReplicationStream stream = pg.getReplicationAPI().replicationStream().logical()
                    .withSlotName("cdc_test").withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", "mz_source")
                    .withStatusInterval(1, TimeUnit.SECONDS).start()) {
                cluster.superuserIn(db,
                        "INSERT INTO private.salaries VALUES ('secret', 1)",
                        "INSERT INTO public.events VALUES ('2026-01-01T00:00:00Z', 'first')",
                        "UPDATE public.events SET body = 'second'",
                        "DELETE FROM public.events",
                        "INSERT INTO sales.notes VALUES ('not published')",
                        "INSERT INTO sales.invoices VALUES (7, 70)");
                PgOutputDecoder decoder = new PgOutputDecoder();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (decoder.changes.size() < 4 && System.nanoTime() < deadline) {
                    ByteBuffer buffer = stream.read();
                    decoder.accept(buffer);
                }
                String at = decoder.changes.isEmpty() ? "" : decoder.changes.getFirst().newRow().getFirst();
                assertThat(decoder.changes).containsExactly(
                        new PgOutputDecoder.RowChange('I', "public.events", null, List.of(at, "first")),
                        new PgOutputDecoder.RowChange('U', "public.events", List.of(at, "first"), List.of(at, "second")),
                        new PgOutputDecoder.RowChange('D', "public.events", List.of(at, "second"), null),
                        new PgOutputDecoder.RowChange('I', "sales.invoices", null, List.of("7", "70")));
            }
        }
    }

    @Test
    void proof_whenItFailsMidway_leavesNoSlotBehind() throws Exception {
        String db = database();
        String user = user();
        var settings = StageFixture.settings(db, user, "public.orders");
        fixture.run(settings);

        for (ObservedConnector.ProofFault step : ObservedConnector.ProofFault.values()) {
            fixture.proofFault = step;
            assertThatThrownBy(() -> fixture.run(settings)).hasMessageContaining("simulated failure at " + step);
            assertThat(rows(db, "SELECT slot_name FROM pg_replication_slots")).as("after failing at " + step).isEmpty();
        }
    }

    @Test
    void run_whenDryRun_plansEverythingAndChangesNothing() throws Exception {
        String db = database();
        String user = user();

        int ddlBefore = cluster.ddlCount(db);
        StageResult result = fixture.run(StageFixture.settings(db, user, "*"), true);

        assertThat(result.dryRun()).isTrue();
        assertThat(result.planned()).anyMatch(p -> p.startsWith("Create publication mz_source FOR ALL TABLES"))
                .anyMatch(p -> p.startsWith("Create login role " + user));
        assertThat(result.applied()).isEmpty();
        assertThat(result.facts().get("proof")).isEqualTo("not run (dry run)");
        assertThat(rows(db, "SELECT pubname FROM pg_publication")).isEmpty();
        assertThat(cluster.ddlCount(db)).isEqualTo(ddlBefore);
        assertThat(fixture.secretWrites()).isEmpty();
    }
}
