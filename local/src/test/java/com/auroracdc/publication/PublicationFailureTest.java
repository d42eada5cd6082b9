package com.auroracdc.publication;

import com.auroracdc.local.pg.EmbeddedCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.AdminSecretException;
import com.auroracdc.errors.DatabaseAuthenticationException;
import com.auroracdc.errors.DatabaseConnectionException;
import com.auroracdc.errors.DatabasePrivilegeException;
import com.auroracdc.errors.LockTimeoutException;
import com.auroracdc.errors.LogicalReplicationOffException;
import com.auroracdc.errors.NoFreeReplicationSlotException;
import com.auroracdc.errors.TlsVerificationException;
import com.auroracdc.settings.Settings;
import com.auroracdc.settings.SslMode;
import com.auroracdc.stage.StageResult;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    EmbeddedCluster cluster;

    @BeforeAll
    void start() {
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
        assertThat(fixture.secrets.mutatingCalls()).as("secret writes").isEmpty();
    }

    @Test
    void run_whenAdminPasswordIsWrong_failsWithAuthenticationErrorThatHidesThePassword() throws Exception {
        String db = database();
        String user = user();
        StageFixture fixture = new StageFixture(cluster);
        String wrong = "Wr0ng-Secret-Value-42";
        fixture.secrets.find(fixture.adminSecretArn).value = "{\"username\":\"" + EmbeddedCluster.ADMIN
                + "\",\"password\":\"" + wrong + "\"}";

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
            try (Connection c = plain.superuserConnection("d"); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT count(*) FROM pg_publication")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            assertThat(fixture.secrets.mutatingCalls()).isEmpty();
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
    void run_whenProductionHoldsATableLock_failsWithRetryableLockTimeoutThenConverges() throws Exception {
        String db = database();
        String user = user();
        StageFixture fixture = new StageFixture(cluster);
        fixture.timeouts = fixture.timeouts.withLock(Duration.ofMillis(200));
        var settings = StageFixture.settings(db, user, "public.events");

        try (Connection production = cluster.superuserConnection(db); Statement s = production.createStatement()) {
            production.setAutoCommit(false);
            s.execute("LOCK TABLE public.events IN ACCESS EXCLUSIVE MODE");

            assertThatThrownBy(() -> fixture.run(settings))
                    .isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("retries");
            production.rollback();
        }

        StageResult retried = fixture.run(settings);
        assertThat(retried.facts().get("proof")).contains("streamed");
        assertThat(fixture.run(settings).planned()).isEmpty();
    }

    @Test
    void run_whenAdminDoesNotOwnTheTables_listsThemAndChangesNothing() throws Exception {
        String db = database();
        String user = user();
        String admin = "limited_" + COUNTER.incrementAndGet();
        cluster.superuser("CREATE ROLE " + admin + " LOGIN CREATEROLE PASSWORD 'limited-pass'");
        cluster.superuserIn(db, "GRANT CREATE ON DATABASE " + db + " TO " + admin);
        StageFixture fixture = new StageFixture(cluster);
        fixture.secrets.find(fixture.adminSecretArn).value =
                "{\"username\":\"" + admin + "\",\"password\":\"limited-pass\",\"engine\":\"postgres\"}";

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
        fixture.secrets.find(fixture.adminSecretArn).value =
                "{\"username\":\"" + admin + "\",\"password\":\"rds-like-pass\"}";
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
        fixture.secrets.find(fixture.adminSecretArn).value = "username=admin;password=" + leaked;

        assertThatThrownBy(() -> fixture.run(StageFixture.settings(db, user(), "*")))
                .isInstanceOf(AdminSecretException.class)
                .hasMessageContaining("username")
                .satisfies(e -> assertThat(stackTraceOf(e)).doesNotContain(leaked));

        fixture.secrets.secrets.clear();
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
        String input = com.auroracdc.stage.Json.write(new com.auroracdc.stage.StageInput(context));
        var handler = new PublicationHandler(fixture.secrets, new PgConnector(fixture.timeouts));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var lambda = new com.auroracdc.stage.RecordingContext();

        handler.handleRequest(new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, lambda);

        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("\"replicationSecretArn\"").contains("\"materializeSql\"").contains("\"proof\"")
                .doesNotContain(fixture.password(user)).doesNotContain(EmbeddedCluster.ADMIN_PASSWORD);
        // The invocation's log line (CloudWatch Logs) names the stage and the cluster, never a secret.
        assertThat(lambda.lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("\"stage\":\"Publication\"").contains("\"outcome\":\"succeeded\"")
                .doesNotContain(fixture.password(user)).doesNotContain(EmbeddedCluster.ADMIN_PASSWORD));
    }

    private static String stackTraceOf(Throwable e) {
        var text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
