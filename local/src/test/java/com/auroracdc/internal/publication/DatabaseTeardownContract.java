package com.auroracdc.internal.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.ActiveReplicationSlotException;
import com.auroracdc.internal.database.BundledTrustSocketFactory;
import com.auroracdc.internal.database.Credentials;
import com.auroracdc.internal.database.DatabaseTarget;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.NetworkPath;
import com.auroracdc.internal.settings.RepairMode;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SslMode;
import com.auroracdc.internal.settings.TablePattern;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.local.pg.EmbeddedCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationStream;

/**
 * The database teardown against a real PostgreSQL, after the real setup (the publication stage) made what it removes;
 * run on every supported major by the subclasses. Each test works in its own database with its own replication user,
 * next to customer objects that must come out of it exactly as they went in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseTeardownContract {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    EmbeddedCluster cluster;
    StageFixture fixture;
    /** Changing statements the last teardown ran on its admin connection. */
    int lastWrites;

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

    /** Slots are the server's, not a database's: each test leaves none for the next. */
    @AfterEach
    void dropSlots() {
        cluster.superuser("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE active",
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active");
    }

    /** The setup after which every test tears down: what the customer had, then what the setup made. */
    record SetUp(String db, String user, String reporting, Settings settings, RecordedResources recorded) {
    }

    /**
     * A fresh database with customer tables and data, a customer publication, a customer role with grants and default
     * privileges, and a customer slot not named materialize_; then the setup's publication stage on two of its tables.
     */
    SetUp setUp(boolean adopt, String... extraStatements) {
        fixture = new StageFixture(cluster);
        int n = COUNTER.incrementAndGet();
        String db = "td_" + n;
        String user = "mz_td_" + n;
        String reporting = "reporting_" + n;
        cluster.createDatabase(db);
        List<String> statements = new ArrayList<>(List.of(
                "CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric)",
                "CREATE TABLE public.events (at timestamptz, body text)",
                "CREATE SCHEMA sales",
                "CREATE TABLE sales.invoices (id int PRIMARY KEY, amount int)",
                "INSERT INTO public.orders SELECT g, g * 1.5 FROM generate_series(1, 500) g",
                "INSERT INTO sales.invoices SELECT g, g FROM generate_series(1, 50) g",
                "INSERT INTO public.events VALUES ('2026-01-01T00:00:00Z', 'kept')",
                "CREATE PUBLICATION customer_pub FOR TABLE public.events",
                "CREATE ROLE " + reporting + " LOGIN PASSWORD 'reporting-Pa55'",
                "GRANT SELECT ON public.orders, sales.invoices TO " + reporting,
                "GRANT USAGE ON SCHEMA sales TO " + reporting,
                "ALTER DEFAULT PRIVILEGES FOR ROLE " + EmbeddedCluster.ADMIN + " IN SCHEMA sales GRANT SELECT ON TABLES TO "
                        + reporting));
        statements.addAll(List.of(extraStatements));
        cluster.superuserIn(db, statements.toArray(String[]::new));
        cluster.superuserIn(db, "SELECT pg_create_logical_replication_slot('customer_cdc_" + n + "', 'pgoutput')");
        Settings settings = settings(db, user, "mz_source", adopt);
        StageResult setup = fixture.run(settings);
        return new SetUp(db, user, reporting, settings, recorded(setup));
    }

    SetUp setUp(String... extraStatements) {
        return setUp(false, extraStatements);
    }

    static Settings settings(String db, String user, String publication, boolean adopt) {
        return new Settings(List.of(), false, 1, StageFixture.settings(db, user).rebootPolicy(), 30, publication,
                List.of(TablePattern.parse("public.orders"), TablePattern.parse("sales.*")), db, null, user, adopt,
                false, SslMode.DISABLE, RepairMode.OFF, null, null, null, null, null,
                NetworkPath.PUBLIC_CIDRS, List.of(), true);
    }

    /** What the setup recorded, from its result's facts (as the execution's setup record holds them). */
    static RecordedResources recorded(StageResult setup) {
        return new RecordedResources(setup.facts().get("publicationName"), setup.facts().get("replicationUser"),
                setup.facts().get("replicationSecretArn"), setup.facts().get("databaseName"));
    }

    StageResult teardown(SetUp s, DatabaseTeardownOptions options) {
        return teardown(s, options, false, StageResult.Journal.NONE);
    }

    StageResult teardown(SetUp s, DatabaseTeardownOptions options, boolean dryRun, StageResult.Journal journal) {
        ObservedConnector counting = new ObservedConnector(fixture.timeouts, null);
        try {
            return new DatabaseTeardown(new SecretStore(fixture.secrets), counting)
                    .run(fixture.context(s.settings(), dryRun), target(s.db()), s.recorded(), options, journal);
        } finally {
            lastWrites = counting.writes();
        }
    }

    DatabaseTarget target(String db) {
        return new DatabaseTarget("localhost", cluster.port(), db, SslMode.DISABLE,
                BundledTrustSocketFactory.RDS_BUNDLE, "localhost", cluster.port());
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

    /** An inactive materialize_ slot on the database that retains some WAL, as a dropped source leaves it. */
    String leftoverSlot(String db) {
        String slot = "materialize_" + Integer.toHexString(0xa000 + COUNTER.incrementAndGet());
        cluster.superuserIn(db, "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')",
                "INSERT INTO public.events SELECT now(), repeat('x', 1000) FROM generate_series(1, 200)");
        return slot;
    }

    /**
     * Everything of the customer's the teardown must not touch: publications but ours with their tables, roles but
     * ours, every privilege and default privilege but ours, the tables' data and replica identity, and the slots not
     * named materialize_.
     */
    List<String> customerState(SetUp s) throws SQLException {
        String db = s.db();
        String ours = "'" + s.user() + "'";
        List<String> state = new ArrayList<>();
        state.addAll(rows(db, "SELECT p.pubname || ': ' || p.puballtables || ' ' || COALESCE(string_agg(t.schemaname "
                + "|| '.' || t.tablename, ',' ORDER BY t.schemaname, t.tablename), '') FROM pg_publication p LEFT JOIN "
                + "pg_publication_tables t ON t.pubname = p.pubname WHERE p.pubname <> 'mz_source' GROUP BY p.pubname, "
                + "p.puballtables ORDER BY 1"));
        state.addAll(rows(db, "SELECT 'role ' || rolname || ' ' || rolcanlogin FROM pg_roles WHERE rolname <> " + ours
                + " ORDER BY 1"));
        state.addAll(rows(db, "SELECT c.oid::regclass::text || ' ' || a.privilege_type || ' to ' || "
                + "pg_get_userbyid(a.grantee) || ' by ' || pg_get_userbyid(a.grantor) FROM pg_class c, "
                + "aclexplode(c.relacl) a WHERE pg_get_userbyid(a.grantee) <> " + ours + " ORDER BY 1"));
        state.addAll(rows(db, "SELECT 'schema ' || n.nspname || ' ' || a.privilege_type || ' to ' || "
                + "pg_get_userbyid(a.grantee) FROM pg_namespace n, aclexplode(n.nspacl) a WHERE "
                + "pg_get_userbyid(a.grantee) <> " + ours + " ORDER BY 1"));
        state.addAll(rows(db, "SELECT 'default ' || d.defaclobjtype::text || ' ' || a.privilege_type || ' to ' || "
                + "pg_get_userbyid(a.grantee) FROM pg_default_acl d, aclexplode(d.defaclacl) a WHERE "
                + "pg_get_userbyid(a.grantee) <> " + ours + " ORDER BY 1"));
        state.addAll(rows(db, "SELECT 'database ' || d.datname || ' ' || a.privilege_type || ' to ' || "
                + "pg_get_userbyid(a.grantee) FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = "
                + "current_database() AND pg_get_userbyid(a.grantee) <> " + ours + " ORDER BY 1"));
        state.addAll(rows(db, "SELECT 'orders ' || count(*) || ' ' || md5(string_agg(o::text, ',' ORDER BY id)) FROM "
                + "public.orders o"));
        state.addAll(rows(db, "SELECT 'invoices ' || count(*) || ' ' || md5(string_agg(i::text, ',' ORDER BY id)) FROM "
                + "sales.invoices i"));
        state.addAll(rows(db, "SELECT 'events ' || count(*) FROM public.events"));
        state.addAll(rows(db, "SELECT 'identity ' || c.oid::regclass::text || ' ' || c.relreplident::text FROM pg_class c "
                + "WHERE c.relkind IN ('r', 'p') AND c.relnamespace IN ('public'::regnamespace, 'sales'::regnamespace) "
                + "ORDER BY 1"));
        state.addAll(rows(db, "SELECT 'slot ' || slot_name || ' ' || database FROM pg_replication_slots WHERE slot_name "
                + "NOT LIKE 'materialize\\_%' ORDER BY 1"));
        return state;
    }

    /** Whatever of ours is still there, in words: nothing after a complete teardown. */
    List<String> oursLeft(SetUp s) throws SQLException {
        List<String> left = new ArrayList<>();
        left.addAll(rows(s.db(), "SELECT 'publication ' || pubname FROM pg_publication WHERE pubname = 'mz_source'"));
        left.addAll(rows(s.db(), "SELECT 'role ' || rolname FROM pg_roles WHERE rolname = '" + s.user() + "'"));
        left.addAll(rows(s.db(), "SELECT 'slot ' || slot_name FROM pg_replication_slots WHERE slot_name LIKE "
                + "'materialize\\_%'"));
        if (fixture.replicationSecret(s.user()).deletedDate() == null) {
            left.add("secret (not scheduled for deletion)");
        }
        return left;
    }

    List<String> secretWrites() {
        return fixture.secretWrites();
    }

    @Test
    void teardown_removesWhatTheSetupMadeAndLeavesTheCustomersObjectsUntouched() throws Exception {
        SetUp s = setUp();
        String slot = leftoverSlot(s.db());
        List<String> before = customerState(s);
        assertThat(before).anyMatch(r -> r.startsWith("customer_pub: false public.events"))
                .anyMatch(r -> r.contains("orders SELECT to " + s.reporting())).anyMatch(r -> r.startsWith("slot customer_cdc_"))
                .anyMatch(r -> r.equals("identity orders f"));
        int secretWritesBefore = secretWrites().size();

        StageResult result = teardown(s, new DatabaseTeardownOptions(true));

        assertThat(result.stage()).isEqualTo("DatabaseTeardown");
        assertThat(result.applied()).containsExactlyElementsOf(result.planned());
        assertThat(result.planned()).hasSize(5);
        assertThat(result.planned().get(0)).startsWith("Drop inactive replication slot " + slot + " (database "
                + s.db() + "), which retains ").endsWith(" of WAL");
        assertThat(result.planned().get(1)).isEqualTo("Drop publication mz_source");
        assertThat(result.planned().get(2)).startsWith("Revoke from role " + s.user() + " every privilege it holds: "
                + "2 tables (public.orders, sales.invoices); 2 schemas (public, sales); 1 database (" + s.db() + "); ");
        assertThat(result.planned().get(3)).isEqualTo("Drop role " + s.user());
        assertThat(result.planned().get(4)).startsWith("Schedule the deletion of replication secret "
                + s.recorded().replicationSecretArn() + " after a 7-day recovery window");
        assertThat(result.warnings()).containsExactly(DatabaseTeardownPlanner.REPLICA_IDENTITY);
        assertThat(result.facts().get("slots")).startsWith(slot + " (database " + s.db() + ", inactive, retains ")
                .endsWith("to drop)");
        assertThat(result.facts().get("replicationSecret")).startsWith("scheduled for deletion on ");
        assertThat(oursLeft(s)).isEmpty();
        assertThat(customerState(s)).containsExactlyElementsOf(before);
        assertThat(secretWrites().subList(secretWritesBefore, secretWrites().size())).containsExactly("DeleteSecret");
        var deleted = fixture.replicationSecret(s.user());
        assertThat(deleted.deletedDate()).isNotNull();
        String json = Json.write(result);
        assertThat(json).doesNotContain(EmbeddedCluster.ADMIN_PASSWORD);

        int ddl = cluster.ddlCount(s.db());
        StageResult again = teardown(s, new DatabaseTeardownOptions(true));

        assertThat(again.planned()).isEmpty();
        assertThat(again.applied()).isEmpty();
        assertThat(again.warnings()).containsExactly(DatabaseTeardownPlanner.REPLICA_IDENTITY);
        assertThat(lastWrites).as("statements that changed something").isZero();
        assertThat(cluster.ddlCount(s.db())).isEqualTo(ddl);
        assertThat(secretWrites().subList(secretWritesBefore, secretWrites().size())).containsExactly("DeleteSecret");
        assertThat(again.facts().get("replicationSecret")).startsWith("scheduled for deletion (requested ");
        assertThat(customerState(s)).containsExactlyElementsOf(before);
    }

    @Test
    void setupAgain_afterATeardown_restoresTheSecretAndMakesEverythingAgain() throws Exception {
        SetUp s = setUp();
        teardown(s, DatabaseTeardownOptions.DEFAULTS);
        assertThat(oursLeft(s)).isEmpty();

        StageResult again = fixture.run(s.settings());

        assertThat(again.applied()).anyMatch(a -> a.startsWith("Restore (cancel deletion of) and update secret"));
        assertThat(again.facts().get("replicationSecretArn")).isEqualTo(s.recorded().replicationSecretArn());
        assertThat(again.facts().get("proof")).contains("streamed");
        assertThat(oursLeft(s)).containsExactly("publication mz_source", "role " + s.user(),
                "secret (not scheduled for deletion)");
    }

    @Test
    void teardown_whenAMaterializeSlotIsActive_refusesAndChangesNothing_thenLeavesItInactiveWithItsWal()
            throws Exception {
        SetUp s = setUp();
        String slot = "materialize_" + Integer.toHexString(0xb000 + COUNTER.incrementAndGet());
        int ddl = cluster.ddlCount(s.db());
        List<String> secretWritesBefore = secretWrites();
        // Materialize's way: the replication user opens a replication connection and streams from its own slot.
        try (Connection replication = new PgConnector(Timeouts.defaults()).openReplication(target(s.db()),
                new Credentials(s.user(), fixture.password(s.user())))) {
            PGConnection pg = replication.unwrap(PGConnection.class);
            pg.getReplicationAPI().createReplicationSlot().logical().withSlotName(slot).withOutputPlugin("pgoutput")
                    .make();
            try (PGReplicationStream stream = pg.getReplicationAPI().replicationStream().logical().withSlotName(slot)
                    .withSlotOption("proto_version", "1").withSlotOption("publication_names", "mz_source")
                    .withStatusInterval(1, TimeUnit.SECONDS).start()) {
                String pid = awaitActive(s.db(), slot);

                assertThatThrownBy(() -> teardown(s, new DatabaseTeardownOptions(true)))
                        .isInstanceOf(ActiveReplicationSlotException.class)
                        .hasMessageContaining("Replication slot " + slot + " (database " + s.db() + ", read by PID " + pid
                                + ", retaining ")
                        .hasMessageContaining("of WAL) is in use")
                        .hasMessageContaining("DROP SOURCE")
                        .hasMessageContaining("mz_internal.mz_postgres_sources")
                        .hasMessageContaining("then run the teardown again")
                        .hasMessageEndingWith("Nothing was changed.");
                assertThat(lastWrites).as("statements that changed something").isZero();
                assertThat(stream.isClosed()).isFalse();
            }
        }
        assertThat(oursLeft(s)).containsExactly("publication mz_source", "role " + s.user(), "slot " + slot,
                "secret (not scheduled for deletion)");
        assertThat(cluster.ddlCount(s.db())).isEqualTo(ddl);
        assertThat(secretWrites()).isEqualTo(secretWritesBefore);
        cluster.superuserIn(s.db(), "INSERT INTO public.events SELECT now(), repeat('y', 1000) FROM generate_series(1, 100)");

        // The source is dropped in Materialize (its connection gone): without dropSlots the slot is left and reported.
        awaitInactive(s.db(), slot);
        StageResult result = teardown(s, DatabaseTeardownOptions.DEFAULTS);

        assertThat(result.planned()).hasSize(4).noneMatch(p -> p.contains(slot));
        assertThat(result.warnings().getFirst()).startsWith("Left inactive replication slot " + slot + " (database "
                + s.db() + "), which retains ").contains(" of WAL until it is dropped: dropSlots was not asked for.")
                .endsWith("SELECT pg_drop_replication_slot('" + slot + "');");
        assertThat(result.facts().get("slots")).matches(slot + " \\(database " + s.db()
                + ", inactive, retains [0-9.]+ (bytes|MiB|GiB) of WAL, left\\)");
        assertThat(oursLeft(s)).containsExactly("slot " + slot);

        StageResult dropping = teardown(s, new DatabaseTeardownOptions(true));

        assertThat(dropping.applied()).singleElement().asString().startsWith("Drop inactive replication slot " + slot);
        assertThat(oursLeft(s)).isEmpty();
        assertThat(teardown(s, new DatabaseTeardownOptions(true)).planned()).isEmpty();
    }

    private String awaitActive(String db, String slot) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<String> pid = rows(db, "SELECT active_pid::text FROM pg_replication_slots WHERE slot_name = '" + slot
                    + "' AND active");
            if (!pid.isEmpty()) {
                return pid.getFirst();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("slot " + slot + " never became active");
    }

    private void awaitInactive(String db, String slot) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!rows(db, "SELECT slot_name FROM pg_replication_slots WHERE slot_name = '" + slot + "' AND active")
                .isEmpty()) {
            assertThat(System.nanoTime()).as("slot " + slot + " still active").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void teardown_whenDryRun_plansEverythingAndChangesNothing() throws Exception {
        SetUp s = setUp();
        String slot = leftoverSlot(s.db());
        int ddl = cluster.ddlCount(s.db());
        List<String> secretWritesBefore = secretWrites();

        StageResult result = teardown(s, new DatabaseTeardownOptions(true), true, change -> {
            throw new AssertionError("a dry run journals no change: " + change.description());
        });

        assertThat(result.dryRun()).isTrue();
        assertThat(result.planned()).hasSize(5);
        assertThat(result.applied()).isEmpty();
        assertThat(lastWrites).isZero();
        assertThat(cluster.ddlCount(s.db())).isEqualTo(ddl);
        assertThat(secretWrites()).isEqualTo(secretWritesBefore);
        assertThat(oursLeft(s)).containsExactly("publication mz_source", "role " + s.user(), "slot " + slot,
                "secret (not scheduled for deletion)");
        try (Connection c = fixture.asUser(s.db(), s.user()); Statement st = c.createStatement()) {
            st.executeQuery("SELECT * FROM public.orders").close();
        }
    }

    @Test
    void teardown_whenTheRoleOwnsAnObject_leavesItIntactWithTheReason_untilTheObjectIsReassigned() throws Exception {
        SetUp s = setUp();
        cluster.superuserIn(s.db(), "CREATE TABLE public.scratch (v int)",
                "ALTER TABLE public.scratch OWNER TO " + s.user());

        StageResult result = teardown(s, DatabaseTeardownOptions.DEFAULTS);

        assertThat(result.applied()).containsExactly("Drop publication mz_source");
        assertThat(result.warnings().getFirst()).isEqualTo("Left role " + s.user() + " intact, none of its privileges "
                + "revoked: it owns 1 object (table scratch): reassign or drop them (REASSIGN OWNED BY \"" + s.user()
                + "\" TO \"" + EmbeddedCluster.ADMIN + "\"; in each database). Then run the teardown again.");
        assertThat(result.warnings().get(1)).startsWith("Left replication secret " + s.recorded().replicationSecretArn()
                + ": it holds the password of role " + s.user() + ", which stays");
        assertThat(oursLeft(s)).containsExactly("role " + s.user(), "secret (not scheduled for deletion)");
        try (Connection c = fixture.asUser(s.db(), s.user()); Statement st = c.createStatement()) {
            st.executeQuery("SELECT * FROM public.orders").close();
            st.executeQuery("SELECT * FROM sales.invoices").close();
        }
        assertThat(rows(s.db(), "SELECT count(*) FROM pg_default_acl d, aclexplode(d.defaclacl) a "
                + "WHERE pg_get_userbyid(a.grantee) = '" + s.user() + "'")).containsExactly("1");
        assertThat(teardown(s, DatabaseTeardownOptions.DEFAULTS).planned()).isEmpty();

        cluster.superuserIn(s.db(), "REASSIGN OWNED BY " + s.user() + " TO " + EmbeddedCluster.ADMIN);
        StageResult after = teardown(s, DatabaseTeardownOptions.DEFAULTS);

        assertThat(after.applied()).hasSize(3).last().asString().startsWith("Schedule the deletion");
        assertThat(oursLeft(s)).isEmpty();
        assertThat(rows(s.db(), "SELECT relowner::regrole::text FROM pg_class WHERE relname = 'scratch'"))
                .containsExactly(EmbeddedCluster.ADMIN);
    }

    @Test
    void teardown_whenTheRoleIsLoggedIn_leavesItIntactWithTheConnectionCount() throws Exception {
        SetUp s = setUp();

        try (Connection session = fixture.asUser(s.db(), s.user())) {
            StageResult result = teardown(s, DatabaseTeardownOptions.DEFAULTS);

            assertThat(session.isValid(1)).isTrue();
            assertThat(result.applied()).containsExactly("Drop publication mz_source");
            assertThat(result.warnings().getFirst()).startsWith("Left role " + s.user() + " intact, none of its "
                    + "privileges revoked: it has 1 active connection (SELECT pid,");
        }
        assertThat(oursLeft(s)).containsExactly("role " + s.user(), "secret (not scheduled for deletion)");
        awaitLoggedOut(s.user());

        assertThat(teardown(s, DatabaseTeardownOptions.DEFAULTS).applied()).hasSize(3);
        assertThat(oursLeft(s)).isEmpty();
    }

    private void awaitLoggedOut(String user) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!rows("postgres", "SELECT pid FROM pg_stat_activity WHERE usename = '" + user + "'").isEmpty()) {
            assertThat(System.nanoTime()).as(user + " still logged in").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void teardown_whenTheRoleHoldsPrivilegesThisSessionCannotRevoke_leavesItWholeUntilTheyAreRevoked()
            throws Exception {
        SetUp s = setUp();
        String other = s.db() + "_other";
        String granter = "granter_" + COUNTER.incrementAndGet();
        // A grant by a third role (not the owner): a REVOKE by the admin, acting as the owner, would not remove it.
        cluster.superuserIn(s.db(), "CREATE ROLE " + granter, "CREATE TABLE public.theirs (v int)",
                "GRANT SELECT ON public.theirs TO " + granter + " WITH GRANT OPTION", "SET ROLE " + granter,
                "GRANT SELECT ON public.theirs TO \"" + s.user() + "\"", "RESET ROLE");
        // And a privilege in another database, which no statement run here can revoke.
        cluster.createDatabase(other);
        cluster.superuserIn(other, "CREATE TABLE public.elsewhere (v int)",
                "GRANT SELECT ON public.elsewhere TO \"" + s.user() + "\"");

        StageResult result = teardown(s, DatabaseTeardownOptions.DEFAULTS);

        assertThat(result.applied()).containsExactly("Drop publication mz_source");
        assertThat(result.warnings().getFirst()).startsWith("Left role " + s.user() + " intact, none of its privileges "
                + "revoked: it holds privileges the admin user " + EmbeddedCluster.ADMIN + " cannot revoke from here ("
                + "privileges or policies on 1 object in database " + other + ", on public.theirs granted by " + granter
                + "): revoke them as their grantor.");
        try (Connection c = fixture.asUser(s.db(), s.user()); Statement st = c.createStatement()) {
            st.executeQuery("SELECT * FROM public.orders").close();
            st.executeQuery("SELECT * FROM public.theirs").close();
        }
        assertThat(oursLeft(s)).containsExactly("role " + s.user(), "secret (not scheduled for deletion)");

        cluster.superuserIn(s.db(), "SET ROLE " + granter, "REVOKE SELECT ON public.theirs FROM \"" + s.user() + "\"",
                "RESET ROLE");
        cluster.superuserIn(other, "REVOKE SELECT ON public.elsewhere FROM \"" + s.user() + "\"");
        StageResult after = teardown(s, DatabaseTeardownOptions.DEFAULTS);

        assertThat(after.applied()).hasSize(3);
        assertThat(oursLeft(s)).isEmpty();
    }

    @Test
    void teardown_whenThePublicationWasAdopted_leavesItAndRemovesTheRest() throws Exception {
        SetUp s = setUp(true, "CREATE PUBLICATION mz_source FOR TABLE public.events");
        assertThat(rows(s.db(), "SELECT obj_description(oid, 'pg_publication') FROM pg_publication WHERE pubname = "
                + "'mz_source'")).containsExactly(PublicationPlanner.MARKER);

        StageResult result = teardown(s, DatabaseTeardownOptions.DEFAULTS);

        assertThat(result.applied()).hasSize(3).noneMatch(a -> a.contains("publication"));
        assertThat(result.warnings().getFirst()).startsWith("Left publication mz_source: the setup adopted it");
        assertThat(oursLeft(s)).containsExactly("publication mz_source");
    }

    @Test
    void teardown_whenAChangeFailsPartWay_convergesOnTheNextRun() throws Exception {
        for (int failAt = 1; failAt <= 5; failAt++) {
            SetUp s = setUp();
            leftoverSlot(s.db());
            List<String> customers = customerState(s);
            int at = failAt;
            AtomicInteger journaled = new AtomicInteger();
            List<String> done = new ArrayList<>();
            StageResult.Journal failing = change -> {
                if (journaled.incrementAndGet() == at) {
                    throw new IllegalStateException("lease lost before change " + at);
                }
                done.add(change.description());
            };

            assertThatThrownBy(() -> teardown(s, new DatabaseTeardownOptions(true), false, failing))
                    .hasMessage("lease lost before change " + at);
            assertThat(done).hasSize(at - 1);

            StageResult rerun = teardown(s, new DatabaseTeardownOptions(true));

            assertThat(rerun.applied()).as("after failing at change %d", at).hasSize(5 - (at - 1));
            assertThat(oursLeft(s)).as("after failing at change %d", at).isEmpty();
            assertThat(customerState(s)).as("after failing at change %d", at).containsExactlyElementsOf(customers);
            assertThat(teardown(s, new DatabaseTeardownOptions(true)).planned()).isEmpty();
            dropSlots();
        }
    }

    @Test
    void teardown_withHostileNames_quotesEveryOne() throws Exception {
        fixture = new StageFixture(cluster);
        int n = COUNTER.incrementAndGet();
        String db = "td_hostile_" + n;
        String user = "Mz.Role-" + n + "+x@y!"; // mixed case and punctuation, as far as a secret name allows
        // No single quote: the setup's streaming proof cannot pass one in publication_names (a setup limitation).
        String publication = "Pub \"Src\"; --" + n;
        cluster.createDatabase(db);
        cluster.superuserIn(db, "CREATE SCHEMA \"Sales Dept\"", "CREATE TABLE \"Sales Dept\".\"Order \"\"1\"\"\" (v int)",
                "CREATE TABLE public.orders (id int)");
        Settings settings = new Settings(List.of(), false, 1, StageFixture.settings(db, user).rebootPolicy(), 30,
                publication, List.of(TablePattern.parse("\"Sales Dept\".*"), TablePattern.parse("public.orders")), db,
                null, user, false, false, SslMode.DISABLE, RepairMode.OFF, null, null, null, null, null,
                NetworkPath.PUBLIC_CIDRS, List.of(), true);
        SetUp s = new SetUp(db, user, "none", settings, recorded(fixture.run(settings)));
        assertThat(rows(db, "SELECT count(*) FROM pg_publication")).containsExactly("1");

        StageResult result = teardown(s, DatabaseTeardownOptions.DEFAULTS);

        assertThat(result.applied()).hasSize(4).contains("Drop publication " + publication, "Drop role " + user);
        assertThat(rows(db, "SELECT count(*) FROM pg_publication")).containsExactly("0");
        assertThat(rows(db, "SELECT count(*) FROM pg_roles WHERE rolname = '" + user.replace("'", "''") + "'"))
                .containsExactly("0");
        assertThat(rows(db, "SELECT count(*) FROM pg_class WHERE relname = 'Order \"1\"'")).containsExactly("1");
        assertThat(teardown(s, DatabaseTeardownOptions.DEFAULTS).planned()).isEmpty();
    }
}
