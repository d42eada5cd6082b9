package com.auroracdc.internal.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.AdminSecretException;
import com.auroracdc.errors.DatabaseAuthenticationException;
import com.auroracdc.errors.DatabaseConnectionException;
import com.auroracdc.errors.DatabasePrivilegeException;
import com.auroracdc.errors.DatabaseStatementException;
import com.auroracdc.errors.LockTimeoutException;
import com.auroracdc.errors.LogicalReplicationOffException;
import com.auroracdc.errors.NoFreeReplicationSlotException;
import com.auroracdc.errors.TlsVerificationException;
import com.auroracdc.internal.database.BundledTrustSocketFactory;
import com.auroracdc.internal.database.DatabaseTarget;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.SqlSession;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SslMode;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.lambda.SetupFunctions;
import com.auroracdc.local.pg.EmbeddedCluster;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad inputs and hostile conditions on PostgreSQL 17 (TLS on): each ends in a named error that says what to do,
 * leaves nothing half-done, and never shows a password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicationFailureTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String TEST_CA = "/publication/tls/ca.pem";
    /** pgjdbc logs the host-name mismatch a test provokes on purpose as SEVERE: kept out of the build log. */
    private static final java.util.logging.Logger PGJDBC_HOSTNAME =
            java.util.logging.Logger.getLogger("org.postgresql.ssl.PGjdbcHostnameVerifier");

    EmbeddedCluster cluster;

    @BeforeAll
    void start() {
        PGJDBC_HOSTNAME.setLevel(java.util.logging.Level.OFF);
        cluster = EmbeddedCluster.start(EmbeddedCluster.Options.defaults(EmbeddedCluster.Major.PG17).withSsl(true));
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    String database(String... statements) {
        String name = "fail_" + COUNTER.incrementAndGet();
        cluster.createDatabase(name);
        List<String> all = new ArrayList<>(List.of("CREATE TABLE public.orders (id int PRIMARY KEY, v int)",
                "CREATE TABLE public.events (body text)"));
        all.addAll(List.of(statements));
        cluster.superuserIn(name, all.toArray(String[]::new));
        return name;
    }

    static String user() {
        return "mzf_" + COUNTER.incrementAndGet();
    }

    StageResult run(StageFixture fixture, Settings settings, DatabaseTarget target) {
        return fixture.stage().run(fixture.context(settings, false), target);
    }

    DatabaseTarget target(String host, String database, SslMode ssl, String bundle) {
        return new DatabaseTarget(host, cluster.port(), database, ssl, bundle, "localhost", cluster.port());
    }

    void assertNothingDone(String database, String user, StageFixture fixture) throws Exception {
        try (Connection c = cluster.superuserConnection(database); Statement s = c.createStatement()) {
            var publications = s.executeQuery("SELECT count(*) FROM pg_publication");
            publications.next();
            assertThat(publications.getInt(1)).as("publications").isZero();
            var roles = s.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = '" + user + "'");
            roles.next();
            assertThat(roles.getInt(1)).as("roles").isZero();
            var full = s.executeQuery("SELECT count(*) FROM pg_class WHERE relname = 'events' AND relreplident = 'f'");
            full.next();
            assertThat(full.getInt(1)).as("replica identity changes").isZero();
        }
        assertThat(fixture.secretWrites()).as("secret writes").isEmpty();
    }

    @Test
    void run_whenAdminPasswordIsWrong_failsWithAuthenticationErrorThatHidesThePassword() throws Exception {
        String db = database();
        String user = user();
        StageFixture fixture = new StageFixture(cluster);
        String wrong = "Wr0ng-Secret-Value-42";
        fixture.adminSecretValue("{\"username\":\"" + EmbeddedCluster.ADMIN
                + "\",\"password\":\"" + wrong + "\"}");

        assertThatThrownBy(() -> fixture.run(StageFixture.settings(db, user, "*")))
                .isInstanceOf(DatabaseAuthenticationException.class)
                .hasMessageContaining("admin secret")
                .satisfies(e -> assertThat(stackTraceOf(e)).doesNotContain(wrong));
        assertNothingDone(db, user, fixture);
    }

    @Test
    void run_whenHostIsUnreachable_failsWithConnectionErrorNamingTheNetwork() throws Exception {
        String db = database();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StageFixture fixture = new StageFixture(cluster);
        DatabaseTarget target = new DatabaseTarget("127.0.0.1", closedPort, db, SslMode.VERIFY_FULL,
                BundledTrustSocketFactory.RDS_BUNDLE, "localhost", closedPort);

        assertThatThrownBy(() -> run(fixture, StageFixture.settings(db, user(), "*"), target))
                .isInstanceOf(DatabaseConnectionException.class)
                .hasMessageContaining("VPC")
                .hasMessageContaining("security group");
    }

    @Test
    void run_whenServerCertificateIsNotFromAmazonRds_failsTlsVerification() throws Exception {
        String db = database();
        String user = user();
        StageFixture fixture = new StageFixture(cluster);

        assertThatThrownBy(() -> run(fixture, StageFixture.settings(db, user, "*"),
                target("localhost", db, SslMode.VERIFY_FULL, BundledTrustSocketFactory.RDS_BUNDLE)))
                .isInstanceOf(TlsVerificationException.class)
                .hasMessageContaining("not signed by the trusted CA bundle");
        assertNothingDone(db, user, fixture);
    }

    @Test
    void run_whenCertificateDoesNotNameTheHost_failsTlsVerification() throws Exception {
        String db = database();
        String user = user();
        StageFixture fixture = new StageFixture(cluster);

        assertThatThrownBy(() -> run(fixture, StageFixture.settings(db, user, "*"),
                target("127.0.0.1", db, SslMode.VERIFY_FULL, TEST_CA)))
                .isInstanceOf(TlsVerificationException.class)
                .hasMessageContaining("does not name the host 127.0.0.1");
        assertNothingDone(db, user, fixture);
    }

    @Test
    void run_whenCertificateChainsToTrustedCaAndNamesTheHost_connectsWithVerifyFull() throws Exception {
        String db = database();
        String user = user();
        StageFixture fixture = new StageFixture(cluster);

        StageResult result = run(fixture, StageFixture.settings(db, user, false, false, SslMode.VERIFY_FULL, "*"),
                target("localhost", db, SslMode.VERIFY_FULL, TEST_CA));

        assertThat(result.facts().get("proof")).contains("streamed");
        assertThat(result.warnings()).noneMatch(w -> w.contains("TLS certificate checks are off"));
    }

    @Test
    void run_whenServerOffersNoTls_failsTlsVerification() throws Exception {
        try (EmbeddedCluster plain = EmbeddedCluster.start(EmbeddedCluster.Options.defaults(
                EmbeddedCluster.Major.PG17).withLogical(false))) {
            plain.createDatabase("d");
            StageFixture fixture = new StageFixture(plain);
            DatabaseTarget target = new DatabaseTarget("localhost", plain.port(), "d", SslMode.VERIFY_FULL,
                    TEST_CA, "localhost", plain.port());

            assertThatThrownBy(() -> fixture.stage().run(fixture.context(StageFixture.settings("d", "mz", "*"), false),
                    target))
                    .isInstanceOf(TlsVerificationException.class)
                    .hasMessageContaining("refused TLS");

            // The same server (wal_level = replica) without TLS: logical replication is off.
            String user = user();
            plain.superuserIn("d", "CREATE TABLE public.events (body text)");
            assertThatThrownBy(() -> fixture.run(StageFixture.settings("d", user, "*")))
                    .isInstanceOf(LogicalReplicationOffException.class)
                    .hasMessageContaining("wal_level = replica")
                    .hasMessageContaining("reboot");
            assertThat(publicationCount(plain, "d")).isZero();
            assertThat(fixture.secretWrites()).isEmpty();
        }
    }

    @Test
    void run_whenNoReplicationSlotIsFree_failsBeforeChangingAnything() throws Exception {
        String db = database();
        String user = user();
        StageFixture fixture = new StageFixture(cluster);
        List<String> slots = new ArrayList<>();
        try (Connection c = cluster.superuserConnection(db); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT current_setting('max_replication_slots')::int - count(*) "
                    + "FROM pg_replication_slots");
            rs.next();
            int free = rs.getInt(1);
            for (int i = 0; i < free; i++) {
                slots.add("filler_" + i);
                s.execute("SELECT pg_create_physical_replication_slot('filler_" + i + "')");
            }
        }
        try {
            assertThatThrownBy(() -> fixture.run(StageFixture.settings(db, user, "*")))
                    .isInstanceOf(NoFreeReplicationSlotException.class)
                    .hasMessageContaining("max_replication_slots");
            assertNothingDone(db, user, fixture);
        } finally {
            for (String slot : slots) {
                cluster.superuserIn(db, "SELECT pg_drop_replication_slot('" + slot + "')");
            }
        }
    }

    @Test
    void run_whenProductionKeepsATableLocked_namesItAfterBoundedRetriesKeepsTheRestDoneThenConverges()
            throws Exception {
        String db = database();
        String user = user();
        StageFixture fixture = new StageFixture(cluster);
        fixture.timeouts = fixture.timeouts.withLock(Duration.ofMillis(200));
        var settings = StageFixture.settings(db, user, "public.orders", "public.events");
        cluster.superuserIn(db, "ALTER TABLE public.orders REPLICA IDENTITY DEFAULT");

        try (Connection production = cluster.superuserConnection(db); Statement s = production.createStatement()) {
            production.setAutoCommit(false);
            s.execute("LOCK TABLE public.events IN ACCESS EXCLUSIVE MODE");

            long started = System.nanoTime();
            assertThatThrownBy(() -> fixture.run(settings))
                    .isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("1 table (public.events)")
                    .hasMessageContaining(PublicationApplier.LOCK_ATTEMPTS + " attempts of 200 ms")
                    .hasMessageContaining("retries")
                    .hasMessageContaining("pg_locks");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded retries")
                    .isLessThan(Duration.ofSeconds(10));
            production.rollback();
        }
        assertThat(replicaIdentity(db, "orders")).as("a table done before the lock stays done").isEqualTo("f");
        assertThat(replicaIdentity(db, "events")).isEqualTo("d");

        StageResult retried = fixture.run(settings);
        assertThat(retried.applied()).anyMatch(a -> a.startsWith("Set REPLICA IDENTITY FULL on 1 table: public.events"));
        assertThat(retried.facts().get("proof")).contains("streamed");
        assertThat(fixture.run(settings).planned()).isEmpty();
    }

    @Test
    void run_whenTheConnectionDiesMidPipeline_keepsWhatCommittedAndAReRunConverges() throws Exception {
        String db = database("CREATE TABLE public.aa (v int)", "CREATE TABLE public.zz (v int)");
        String user = user();
        StageFixture fixture = new StageFixture(cluster);
        var settings = StageFixture.settings(db, user, "public.*");

        try (Connection production = cluster.superuserConnection(db); Statement s = production.createStatement()) {
            production.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM public.events").close();
            Thread kill = new Thread(() -> {
                try {
                    awaitWaitingLock(db, "public.events");
                    cluster.superuserIn(db, "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE relation = "
                            + "'public.events'::regclass AND NOT granted");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "fault-injection");
            kill.start();

            assertThatThrownBy(() -> fixture.run(settings)).as("57P01 admin_shutdown: retried by the state machine")
                    .isInstanceOf(DatabaseConnectionException.class).hasMessageContaining("terminating connection");
            kill.join();
            production.rollback();
        }
        assertThat(replicaIdentity(db, "aa")).as("committed before the failure, kept").isEqualTo("f");
        assertThat(replicaIdentity(db, "events")).isEqualTo("d");
        assertThat(replicaIdentity(db, "zz")).as("never run").isEqualTo("d");

        StageResult rerun = fixture.run(settings);
        assertThat(rerun.applied()).contains("Set REPLICA IDENTITY FULL on 3 tables: public.events, "
                + "public.orders, public.zz");
        assertThat(fixture.run(settings).planned()).isEmpty();
    }

    @Test
    void run_whenProductionLocksManyTables_stopsAtTheLockWaitBudget() throws Exception {
        List<String> statements = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        for (int i = 0; i < PublicationApplier.MAX_LOCK_WAITS + 5; i++) {
            statements.add(String.format("CREATE TABLE public.l%02d (v int)", i));
            tables.add(String.format("public.l%02d", i));
        }
        String db = database(statements.toArray(String[]::new));
        StageFixture fixture = new StageFixture(cluster);
        fixture.timeouts = fixture.timeouts.withLock(Duration.ofMillis(100));

        try (Connection production = cluster.superuserConnection(db); Statement s = production.createStatement()) {
            production.setAutoCommit(false);
            s.execute("LOCK TABLE " + String.join(", ", tables) + " IN ACCESS SHARE MODE");

            long started = System.nanoTime();
            assertThatThrownBy(() -> fixture.run(StageFixture.settings(db, user(), "public.*")))
                    .isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("on " + PublicationApplier.MAX_LOCK_WAITS + " tables (public.l00, public.l01");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("one lock timeout per table, up to the budget")
                    .isLessThan(Duration.ofMillis(100L * PublicationApplier.MAX_LOCK_WAITS + 5_000));
            production.rollback();
        }
    }

    @Test
    void run_whenProductionHoldsOneTable_everyOtherTableStaysReadableThroughoutTheStage() throws Exception {
        List<String> statements = new ArrayList<>();
        List<String> others = new ArrayList<>(List.of("public.orders"));
        // Enough tables that the pipeline around the locked one spans several of pgjdbc's syncs (every 256 statements).
        for (int i = 0; i < 150; i++) {
            String table = String.format("public.%s%03d", i < 75 ? "a" : "z", i);
            statements.add("CREATE TABLE " + table + " (v int)");
            others.add(table);
        }
        String db = database(statements.toArray(String[]::new));
        String user = user();
        StageFixture fixture = new StageFixture(cluster);
        Duration lockTimeout = fixture.timeouts.lock();
        AtomicBoolean stageWaited = new AtomicBoolean();

        StageResult result;
        try (Connection production = cluster.superuserConnection(db); Statement s = production.createStatement();
             Readers othersRead = new Readers(db, others); Readers lockedRead = new Readers(db, List.of("public.events"))) {
            // A long report: its open transaction holds ACCESS SHARE on public.events, nothing else.
            production.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM public.events").close();
            Thread release = new Thread(() -> {
                try {
                    // Let the stage queue behind it and time out once, then the report ends.
                    awaitWaitingLock(db, "public.events");
                    stageWaited.set(true);
                    Thread.sleep(lockTimeout.toMillis() + 200);
                    production.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "production-report");
            release.start();

            result = fixture.run(StageFixture.settings(db, user, "public.*"));

            release.join();
            assertThat(stageWaited).as("the stage queued behind production's lock").isTrue();
            assertThat(othersRead.reads()).as("reads of the other tables during the stage").isGreaterThan(150);
            assertThat(othersRead.longest()).as("longest read of any other table")
                    .isLessThan(lockTimeout.dividedBy(2));
            assertThat(lockedRead.longest()).as("a read of the locked table waits behind our statement at most the "
                    + "lock timeout").isLessThan(lockTimeout.plusMillis(500));
        }
        assertThat(result.facts().get("proof")).contains("streamed");
        try (Connection c = cluster.superuserConnection(db); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                     + "AND relkind = 'r' AND relreplident <> 'f'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("tables left without REPLICA IDENTITY FULL").isZero();
        }
    }

    @Test
    void commitEach_whenOneStatementTimesOut_keepsEveryEarlierCommitAndRunsNothingAfterIt() throws Exception {
        List<String> statements = new ArrayList<>();
        List<String> alters = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            statements.add(String.format("CREATE TABLE public.p%03d (v int)", i));
            alters.add(String.format("ALTER TABLE public.p%03d REPLICA IDENTITY FULL", i));
        }
        String db = database(statements.toArray(String[]::new));

        try (Connection production = cluster.superuserConnection(db); Statement s = production.createStatement();
             SqlSession session = new SqlSession(cluster.superuserConnection(db))) {
            production.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM public.p400").close();

            SqlSession.Progress progress = session.commitEach(Duration.ofMillis(100), alters, after ->
                    after.queryOne("SELECT count(*)::int FROM pg_class WHERE relname ~ '^p[0-9]{3}$' "
                            + "AND relreplident = 'f'", row -> row.getInt(1)));
            production.rollback();

            assertThat(progress.committed()).isEqualTo(400);
            assertThat(progress.failure().getSQLState()).isEqualTo("55P03");
            List<String> identities = session.query("SELECT relname || ':' || relreplident::text FROM pg_class "
                    + "WHERE relname ~ '^p[0-9]{3}$' ORDER BY 1", row -> row.getString(1));
            assertThat(identities).hasSize(600)
                    .as("committed one by one before the locked table, none run after it (the pipeline spans "
                            + "several syncs)")
                    .allMatch(t -> t.endsWith(t.compareTo("p400") < 0 ? ":f" : ":d"));
            String lockTimeout = session.queryOne("SHOW lock_timeout", row -> row.getString(1));
            assertThat(lockTimeout).as("the session's lock_timeout is back to its default").isEqualTo("0");
            assertThat(session.connection().getAutoCommit()).isTrue();
        }
    }

    @Test
    void run_whenTheListOutgrowsTheLockTable_explainsMaxLocksPerTransactionAndLeavesThePublicationAlone()
            throws Exception {
        try (EmbeddedCluster small = EmbeddedCluster.start(EmbeddedCluster.Options.defaults(
                EmbeddedCluster.Major.PG17))) {
            // A lock table of about max_locks_per_transaction x (max_connections + workers) = 10 x 32 entries.
            small.restart(true, java.util.Map.of("max_locks_per_transaction", "10", "max_connections", "10"));
            small.createDatabase("d");
            List<String> tables = new ArrayList<>();
            for (int part = 0; part < 10; part++) {
                small.superuserIn("d", "DO $$ BEGIN FOR t IN 0..99 LOOP EXECUTE format("
                        + "'CREATE TABLE public.t%s (v int)', " + part + " * 100 + t); END LOOP; END $$");
            }
            for (int t = 0; t < 1000; t++) {
                tables.add("public.t" + t);
            }
            StageFixture fixture = new StageFixture(small);

            assertThatThrownBy(() -> fixture.run(StageFixture.settings("d", user(), tables.toArray(String[]::new))))
                    .isInstanceOf(DatabaseStatementException.class)
                    .hasMessageContaining("Publishing 1000 tables in one transaction")
                    .hasMessageContaining("max_locks_per_transaction");
            assertThat(publicationCount(small, "d")).isZero();
        }
    }

    @Test
    void run_whenSwitchToListCannotLockATable_keepsThePublicationForAllTablesThenConverges() throws Exception {
        String db = database();
        String user = user();
        StageFixture fixture = new StageFixture(cluster);
        fixture.timeouts = fixture.timeouts.withLock(Duration.ofMillis(200));
        fixture.run(StageFixture.settings(db, user, "*"));
        var list = StageFixture.settings(db, user, "public.orders", "public.events");

        try (Connection production = cluster.superuserConnection(db); Statement s = production.createStatement()) {
            production.setAutoCommit(false);
            s.execute("LOCK TABLE public.events IN ACCESS EXCLUSIVE MODE");

            assertThatThrownBy(() -> fixture.run(list)).isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("re-create publication mz_source");
            production.rollback();
        }
        assertThat(publicationForm(db)).as("the drop was rolled back with the failed create").containsExactly("true");

        fixture.run(list);
        assertThat(publicationForm(db)).containsExactly("false");
        assertThat(fixture.run(list).planned()).isEmpty();
    }

    private static int publicationCount(EmbeddedCluster on, String db) throws Exception {
        try (Connection c = on.superuserConnection(db); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_publication")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> publicationForm(String db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = cluster.superuserConnection(db); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT puballtables::text FROM pg_publication")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private String replicaIdentity(String db, String table) throws Exception {
        try (Connection c = cluster.superuserConnection(db); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT relreplident::text FROM pg_class WHERE oid = 'public." + table
                     + "'::regclass")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void awaitWaitingLock(String db, String table) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection c = cluster.superuserConnection(db); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (var rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE relation = '" + table
                        + "'::regclass AND NOT granted")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("nothing queued for a lock on " + table);
    }

    /** Customers reading: one session selecting from each table in turn, timing every read, until closed. */
    final class Readers implements AutoCloseable {
        private final Thread thread;
        private final AtomicInteger reads = new AtomicInteger();
        private volatile long longestNanos;
        private volatile boolean stopping;
        private volatile Exception failure;

        Readers(String db, List<String> tables) {
            thread = new Thread(() -> {
                try (Connection c = cluster.superuserConnection(db); Statement s = c.createStatement()) {
                    s.execute("SET statement_timeout = '20s'");
                    while (!stopping) {
                        for (String table : tables) {
                            long started = System.nanoTime();
                            s.executeQuery("SELECT count(*) FROM " + table).close();
                            longestNanos = Math.max(longestNanos, System.nanoTime() - started);
                            reads.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "customer-reads");
            thread.start();
        }

        int reads() throws Exception {
            stop();
            return reads.get();
        }

        Duration longest() throws Exception {
            stop();
            return Duration.ofNanos(longestNanos);
        }

        private void stop() throws Exception {
            stopping = true;
            thread.join(Duration.ofSeconds(30).toMillis());
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void close() throws Exception {
            stop();
        }
    }

    @Test
    void run_whenAdminDoesNotOwnTheTables_listsThemAndChangesNothing() throws Exception {
        String db = database();
        String user = user();
        String admin = "limited_" + COUNTER.incrementAndGet();
        cluster.superuser("CREATE ROLE " + admin + " LOGIN CREATEROLE PASSWORD 'limited-pass'");
        cluster.superuserIn(db, "GRANT CREATE ON DATABASE " + db + " TO " + admin);
        StageFixture fixture = new StageFixture(cluster);
        fixture.adminSecretValue("{\"username\":\"" + admin + "\",\"password\":\"limited-pass\",\"engine\":\"postgres\"}");

        assertThatThrownBy(() -> fixture.run(StageFixture.settings(db, user, "public.orders", "public.events")))
                .isInstanceOf(DatabasePrivilegeException.class)
                .hasMessageContaining("does not own 2 tables")
                .hasMessageContaining("public.events");
        assertNothingDone(db, user, fixture);
    }

    @Test
    void run_whenAdminIsNotSuperuserButOwnsTheTables_setsUpAndProvesStreaming() throws Exception {
        // Like the RDS master user: no superuser, CREATEROLE, owner of the application's tables.
        int n = COUNTER.incrementAndGet();
        String admin = "rdslike_" + n;
        String db = "rdslike_db_" + n;
        String user = user();
        cluster.superuser("CREATE ROLE " + admin + " LOGIN CREATEROLE REPLICATION PASSWORD 'rds-like-pass'",
                "CREATE DATABASE " + db + " OWNER " + admin);
        try (Connection c = cluster.connect(db, admin, "rds-like-pass"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.orders (id int PRIMARY KEY, v int)");
            s.execute("CREATE TABLE public.events (body text)");
        }
        StageFixture fixture = new StageFixture(cluster);
        fixture.adminSecretValue("{\"username\":\"" + admin + "\",\"password\":\"rds-like-pass\"}");
        var settings = StageFixture.settings(db, user, "public.orders", "public.events");

        StageResult result = fixture.run(settings);

        assertThat(result.facts().get("proof")).contains("streamed");
        assertThat(fixture.run(settings).planned()).isEmpty();
        assertThat(fixture.lastWrites).isZero();
    }

    @Test
    void run_whenAdminSecretIsMissingOrMalformed_failsWithoutEchoingIt() {
        String db = database();
        StageFixture fixture = new StageFixture(cluster);
        String leaked = "p4ss-that-must-not-leak";
        fixture.adminSecretValue("username=admin;password=" + leaked);

        assertThatThrownBy(() -> fixture.run(StageFixture.settings(db, user(), "*")))
                .isInstanceOf(AdminSecretException.class)
                .hasMessageContaining("username")
                .satisfies(e -> assertThat(stackTraceOf(e)).doesNotContain(leaked));

        fixture.adminSecretGone();
        assertThatThrownBy(() -> fixture.run(StageFixture.settings(db, user(), "*")))
                .isInstanceOf(AdminSecretException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void handler_whenRunThroughLambdaJson_returnsFactsWithoutSecrets() throws Exception {
        String db = database();
        String user = user();
        StageFixture fixture = new StageFixture(cluster);
        var context = fixture.context(StageFixture.settings(db, user, "public.orders"), false);
        // The handler describes the cluster again (it trusts no context): the simulator plays RDS and Secrets Manager.
        var sim = com.auroracdc.local.sim.SimAws.create();
        sim.newCluster(StageFixture.CLUSTER).tag("materialize:cdc", "enabled").endpoint("localhost").port(cluster.port())
                .masterUsername(EmbeddedCluster.ADMIN).managedMasterSecret(EmbeddedCluster.ADMIN_PASSWORD).create();
        var executions = new com.auroracdc.internal.execution.SimExecutions(sim);
        String input = com.auroracdc.internal.json.Json.write(executions.bind(context, java.util.Map.of()));
        var handler = SetupFunctions.of(sim.apis(), StackSettings.fixed(Map.of()), executions.authority(),
                new PgConnector(fixture.timeouts), Map.of()).get("PublicationFunction");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var lambda = new com.auroracdc.internal.stage.RecordingContext();

        handler.handleRequest(new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, lambda);

        String output = out.toString(StandardCharsets.UTF_8);
        String password = com.auroracdc.internal.json.Json.MAPPER.readTree(sim.secretsManager().getSecretValue(r -> r
                .secretId(com.auroracdc.internal.database.SecretStore.replicationSecretName(StageFixture.CLUSTER, user)))
                .secretString()).get("password").asText();
        assertThat(output).contains("\"replicationSecretArn\"").contains("\"materializeSql\"").contains("\"proof\"")
                .doesNotContain(password).doesNotContain(EmbeddedCluster.ADMIN_PASSWORD);
        // The invocation's log line (CloudWatch Logs) names the stage and the cluster, never a secret.
        assertThat(lambda.lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("\"stage\":\"Publication\"").contains("\"outcome\":\"succeeded\"")
                .doesNotContain(password).doesNotContain(EmbeddedCluster.ADMIN_PASSWORD));
    }

    private static String stackTraceOf(Throwable e) {
        var text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
