package com.auroracdc.internal.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.MaterializeAuthenticationException;
import com.auroracdc.errors.MaterializeEgressAddressesException;
import com.auroracdc.errors.MaterializeResponseException;
import com.auroracdc.errors.MaterializeStatementException;
import com.auroracdc.errors.MaterializeTlsException;
import com.auroracdc.errors.MaterializeUnreachableException;
import com.auroracdc.local.materialize.MaterializeStandIn;
import com.auroracdc.local.materialize.MaterializeStandIn.Answer;
import com.auroracdc.local.materialize.MaterializeStandIn.EgressRow;
import com.auroracdc.local.materialize.MaterializeStandIn.ErrorShape;
import com.auroracdc.local.materialize.MaterializeStandIn.Received;
import com.auroracdc.local.materialize.MaterializeStandIn.ServerCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Materialize HTTP SQL API client against the local stand-in, over real HTTPS: the egress read, every failure
 * mode and its named error, TLS verification (trust and host name), timeouts, and secrets that never reach a message.
 */
class MaterializeSqlApiTest {
    private static final String USER = "autopilot@example.com";
    private static final String PASSWORD = "mzp_app-Password'with\"quotes";
    /** A database password handed to CREATE SECRET: masked by the client wherever Materialize echoes it. */
    private static final String DB_PASSWORD = "db-S3cret'pa\"ss";

    private MaterializeStandIn standIn;
    private final List<MaterializeSqlApi> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        standIn = MaterializeStandIn.start(USER, PASSWORD);
        standIn.egressCidrs(List.of("98.80.4.128/27", "3.215.237.176/32"));
    }

    @AfterEach
    void stop() {
        clients.forEach(MaterializeSqlApi::close);
        standIn.close();
    }

    private MaterializeSqlApi client(String host, String password, Duration requestTimeout) {
        MaterializeSqlApi client = new MaterializeSqlApi(host, USER, password, MaterializeStandIn.clientTls(),
                Duration.ofSeconds(5), requestTimeout);
        clients.add(client);
        return client;
    }

    private MaterializeSqlApi client() {
        return client(standIn.host(), PASSWORD, Duration.ofSeconds(10));
    }

    /** Throws the expected type, and neither its message, its stack trace nor any cause shows a secret. */
    private static <T extends Throwable> T thrown(Class<T> type, ThrowingCallable call) {
        List<Throwable> caught = new ArrayList<>();
        assertThatThrownBy(() -> {
            try {
                call.call();
            } catch (Throwable t) {
                caught.add(t);
                throw t;
            }
        }).isInstanceOf(type);
        Throwable t = caught.get(0);
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (String secret : List.of(PASSWORD, DB_PASSWORD, DB_PASSWORD.replace("'", "''"), basic, "S3cret")) {
            assertThat(trace.toString()).as("stack trace of %s", type.getSimpleName()).doesNotContain(secret);
        }
        return type.cast(t);
    }

    @Test
    void egressAddressesAreReadSortedAndDistinct() {
        standIn.egressCidrs(List.of("98.80.4.128/27", "3.215.237.176/32", "3.215.237.176/32", "2600:1f18:4e1:9a00::/56",
                "44.242.185.160/27"));

        assertThat(EgressAddresses.read(client()))
                .containsExactly("3.215.237.176/32", "44.242.185.160/27", "98.80.4.128/27", "2600:1f18:4e1:9a00::/56");
        assertThat(standIn.received()).containsExactly(new Received(EgressAddresses.QUERY, List.of()));
    }

    @Test
    void egressAddressesFollowChangesAtRunTime() {
        MaterializeSqlApi client = client();
        assertThat(EgressAddresses.read(client)).containsExactly("3.215.237.176/32", "98.80.4.128/27");

        standIn.egressCidrs(List.of("52.37.108.9/32", "44.242.185.160/27"));

        assertThat(EgressAddresses.read(client)).containsExactly("44.242.185.160/27", "52.37.108.9/32");
        assertThat(standIn.statements()).containsExactly(EgressAddresses.QUERY, EgressAddresses.QUERY);
    }

    @Test
    void aRowWithoutCidrIsReadFromItsStartAndPrefix() {
        standIn.egressRows(List.of(new EgressRow("98.80.4.128", 27, null), EgressRow.of("3.215.237.176/32")));

        assertThat(EgressAddresses.read(client())).containsExactly("3.215.237.176/32", "98.80.4.128/27");
    }

    @Test
    void anEmptyEgressListIsRefused() {
        standIn.egressCidrs(List.of());

        MaterializeEgressAddressesException e = thrown(MaterializeEgressAddressesException.class,
                () -> EgressAddresses.read(client()));
        assertThat(e).hasMessageContaining("an empty list never revokes every rule").hasMessageContaining(standIn.host());
    }

    @Test
    void anEgressAddressThatIsNotACidrIsRefused() {
        standIn.egressCidrs(List.of("98.80.4.128/27", "98.80.4.300/27"));

        assertThat(thrown(MaterializeEgressAddressesException.class, () -> EgressAddresses.read(client())))
                .hasMessageContaining("not an IPv4 or IPv6 CIDR").hasMessageContaining("98.80.4.300/27");
    }

    @Test
    void queriesCarryTheirParametersAndReturnRows() {
        standIn.answer("SELECT name, status FROM mz_internal.mz_source_statuses", statement -> Answer.rows(
                List.of("name", "status", "error"), List.of(Arrays.asList(statement.params().get(0), "running", null)))
                .withNotice("notice", "hello"));
        standIn.answer("CREATE SECRET", statement -> Answer.ok("CREATE SECRET"));

        List<Result> results = client().run(List.of(
                Statement.of("CREATE SECRET IF NOT EXISTS pg_password AS 'x'"),
                Statement.of("SELECT name, status FROM mz_internal.mz_source_statuses WHERE name = $1", "mz_source")));

        assertThat(results.get(0).tag()).isEqualTo("CREATE SECRET");
        assertThat(results.get(0).returnedRows()).isFalse();
        assertThat(results.get(1).tag()).isEqualTo("SELECT 1");
        assertThat(results.get(1).columns()).containsExactly("name", "status", "error");
        assertThat(results.get(1).text(0, "name")).isEqualTo("mz_source");
        assertThat(results.get(1).text(0, "error")).isNull();
        assertThat(results.get(1).notices()).containsExactly(new Result.Notice("notice", "hello"));
        assertThat(standIn.received()).containsExactly(
                new Received("CREATE SECRET IF NOT EXISTS pg_password AS 'x'", List.of()),
                new Received("SELECT name, status FROM mz_internal.mz_source_statuses WHERE name = $1", List.of("mz_source")));
    }

    @Test
    void wrongCredentialsAreAnAuthenticationError() {
        MaterializeAuthenticationException e = thrown(MaterializeAuthenticationException.class,
                () -> EgressAddresses.read(client(standIn.host(), "wrong-" + PASSWORD, Duration.ofSeconds(10))));

        assertThat(e).hasMessageContaining("HTTP 401").hasMessageContaining(USER).hasMessageContaining("app password");
        assertThat(e.getMessage()).doesNotContain("wrong-");
        assertThat(standIn.received()).isEmpty();
    }

    @Test
    void http401And403AreAuthenticationErrors() {
        standIn.failRequests(401);
        assertThat(thrown(MaterializeAuthenticationException.class, () -> EgressAddresses.read(client())))
                .hasMessageContaining("HTTP 401: unauthorized");

        standIn.failRequests(403);
        assertThat(thrown(MaterializeAuthenticationException.class, () -> EgressAddresses.read(client())))
                .hasMessageContaining("HTTP 403: session denied by network policy").hasMessageContaining("network policy");
    }

    @Test
    void malformedRequestStatusesAreResponseErrors() {
        for (int status : List.of(400, 422)) {
            standIn.failRequests(status);
            assertThat(thrown(MaterializeResponseException.class, () -> EgressAddresses.read(client())))
                    .hasMessageContaining("HTTP " + status).hasMessageContaining("malformed");
        }
    }

    @Test
    void aServerErrorIsAResponseErrorAndAGatewayErrorIsUnreachable() {
        standIn.failRequests(500);
        assertThat(thrown(MaterializeResponseException.class, () -> EgressAddresses.read(client())))
                .hasMessageContaining("HTTP 500: internal error").hasMessageContaining("retry later");

        standIn.failRequests(503);
        assertThat(thrown(MaterializeUnreachableException.class, () -> EgressAddresses.read(client())))
                .hasMessageContaining("HTTP 503");
    }

    @Test
    void aBodyThatIsNotJsonIsAResponseError() {
        standIn.answerMalformedJson();

        assertThat(thrown(MaterializeResponseException.class, () -> EgressAddresses.read(client())))
                .hasMessageContaining("not JSON");
    }

    @Test
    void aRequestTheServerCannotReadIsRefusedWith400() {
        // Two statements in one extended query: Materialize answers 400 quoting the query (secret included).
        Statement two = Statement.of("CREATE SECRET pg_password AS '" + DB_PASSWORD.replace("'", "''") + "'; SELECT 1")
                .withSecrets(DB_PASSWORD);

        MaterializeResponseException e = thrown(MaterializeResponseException.class, () -> client().run(List.of(two)));

        assertThat(e).hasMessageContaining("HTTP 400").hasMessageContaining("exactly 1 statement")
                .hasMessageContaining("AS '****'");
    }

    @Test
    void anErrorInsideResultsSurfacesMaterializesTextInBothShapes() {
        standIn.answer("CREATE SECRET", statement -> Answer.ok("CREATE SECRET"));
        standIn.failStatement("CREATE CONNECTION", "unknown catalog item 'pg_password'");
        List<Statement> statements = List.of(Statement.of("CREATE SECRET pg_password AS 'x'"),
                Statement.of("CREATE CONNECTION pg TO POSTGRES (PASSWORD SECRET pg_password)"),
                Statement.of("CREATE SOURCE s FROM POSTGRES CONNECTION pg"));

        for (ErrorShape shape : ErrorShape.values()) {
            standIn.errorShape(shape);
            MaterializeStatementException e = thrown(MaterializeStatementException.class, () -> client().run(statements));
            assertThat(e).hasMessageContaining("refused statement 2 of 3: unknown catalog item 'pg_password'")
                    .hasMessageContaining("Statement: CREATE CONNECTION pg").hasMessageContaining("The 1 statement before it ran");
            assertThat(e.statementIndex()).isEqualTo(1);
            assertThat(e.code()).isEqualTo(shape == ErrorShape.OBJECT ? "XX000" : null);
        }
    }

    @Test
    void secretsAreMaskedWhereMaterializeEchoesThem() {
        standIn.answer("CREATE SECRET", statement -> Answer.error("cannot run " + statement.sql() + " with "
                + statement.params()));
        Statement literal = Statement.of("CREATE SECRET pg_password AS '" + DB_PASSWORD.replace("'", "''") + "'")
                .withSecrets(DB_PASSWORD);
        Statement parameter = Statement.of("CREATE SECRET pg_password AS $1", DB_PASSWORD).withSecrets(DB_PASSWORD);

        assertThat(thrown(MaterializeStatementException.class, () -> client().run(List.of(literal))))
                .hasMessageContaining("cannot run CREATE SECRET pg_password AS '****'")
                .hasMessageContaining("Statement: CREATE SECRET pg_password AS '****'");
        assertThat(thrown(MaterializeStatementException.class, () -> client().run(List.of(parameter))))
                .hasMessageContaining("with [****]");
        assertThat(literal.toString()).doesNotContain(DB_PASSWORD.replace("'", "''")).contains("****");
        assertThat(parameter.toString()).doesNotContain(DB_PASSWORD).contains("****");
        // What was sent is the real value: masking is for messages only.
        assertThat(standIn.received().get(1).params()).containsExactly(DB_PASSWORD);
    }

    @Test
    void theClientsPasswordIsNeverShown() {
        standIn.answer("SELECT 1", statement -> Answer.error("password " + PASSWORD + " is not allowed here"));
        MaterializeSqlApi client = client();

        assertThat(thrown(MaterializeStatementException.class, () -> client.query("SELECT 1")))
                .hasMessageContaining("password **** is not allowed here");
        assertThat(client.toString()).doesNotContain(PASSWORD).contains(USER).contains(standIn.host());
    }

    @Test
    void theRequestTimeoutIsHonoured() {
        standIn.delay(Duration.ofSeconds(3));
        MaterializeSqlApi client = client(standIn.host(), PASSWORD, Duration.ofMillis(300));

        long started = System.nanoTime();
        MaterializeUnreachableException e = thrown(MaterializeUnreachableException.class,
                () -> EgressAddresses.read(client));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(e).hasMessageContaining("did not answer within 300 ms");
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int closed = port;

        assertThat(thrown(MaterializeUnreachableException.class,
                () -> EgressAddresses.read(client("127.0.0.1:" + closed, PASSWORD, Duration.ofSeconds(5)))))
                .hasMessageContaining("Cannot connect to Materialize at 127.0.0.1:" + closed);
    }

    @Test
    void aHostThatDoesNotResolveIsUnreachable() {
        assertThat(thrown(MaterializeUnreachableException.class,
                () -> EgressAddresses.read(client("materialize.invalid", PASSWORD, Duration.ofSeconds(5)))))
                .hasMessageContaining("Cannot resolve the Materialize host materialize.invalid");
    }

    @Test
    void aServerTheJdkDoesNotTrustIsATlsError() {
        MaterializeSqlApi jdkTrust = new MaterializeSqlApi(standIn.host(), USER, PASSWORD);
        clients.add(jdkTrust);

        assertThat(thrown(MaterializeTlsException.class, () -> EgressAddresses.read(jdkTrust)))
                .hasMessageContaining("TLS to Materialize at " + standIn.host() + " failed")
                .hasMessageContaining("certification path");
        assertThat(standIn.received()).isEmpty();
    }

    @Test
    void theHostNameIsVerified() {
        // The localhost certificate names both localhost and 127.0.0.1.
        assertThat(EgressAddresses.read(client(standIn.host("localhost"), PASSWORD, Duration.ofSeconds(10)))).hasSize(2);

        try (MaterializeStandIn otherName = MaterializeStandIn.start(USER, PASSWORD, ServerCertificate.OTHER_NAME)) {
            otherName.egressCidrs(List.of("98.80.4.128/27"));
            for (String host : List.of(otherName.host(), otherName.host("localhost"))) {
                assertThat(thrown(MaterializeTlsException.class,
                        () -> EgressAddresses.read(client(host, PASSWORD, Duration.ofSeconds(10)))))
                        .hasMessageContaining("does not name").hasMessageContaining("No subject alternative");
            }
            assertThat(otherName.received()).isEmpty();
        }
    }

    @Test
    void plainHttpIsRefused() {
        assertThatThrownBy(() -> new MaterializeSqlApi("http://" + standIn.host(), USER, PASSWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://").hasMessageContaining("refused")
                .hasMessageNotContaining(PASSWORD);
        assertThat(standIn.requests()).isZero();
    }
}
