package com.auroracdc.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.aws.CannedAws;
import com.auroracdc.internal.aws.OfflineAnswers;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.json.Json;
import com.auroracdc.lambda.AwaitRebootHandler;
import com.auroracdc.lambda.CheckControlPlaneHandler;
import com.auroracdc.lambda.CheckDatabasesHandler;
import com.auroracdc.lambda.InspectHandler;
import com.auroracdc.lambda.ListTaggedClustersHandler;
import com.auroracdc.lambda.ParameterGroupHandler;
import com.auroracdc.lambda.PublicationHandler;
import com.auroracdc.lambda.RebootHandler;
import com.auroracdc.lambda.ReportDriftHandler;
import com.auroracdc.lambda.ReportHandler;
import com.auroracdc.lambda.SecurityGroupHandler;
import com.auroracdc.lambda.SummarizeDriftHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SnapStart priming runs offline: handlers built the production way (no-argument constructor, clients from
 * AwsClients) point at a loopback socket that counts every connection, and priming must complete without a
 * single one while still driving the SDK; afterwards the same clients reach an AWS-like endpoint with the
 * real credentials.
 */
class PrimingTest {
    private static final Map<String, String> PROPERTIES = Map.of("aws.region", "us-east-1",
            "aws.accessKeyId", "AKIAREALCHAIN0000000", "aws.secretAccessKey", "real-chain-secret");
    private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    private static HttpServer endpoint;
    private static ServerSocket listener;
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();

    /** Every handler of template.yaml that primes by invoking; add each new one here. */
    static Stream<Supplier<JsonHandler<?, ?>>> handlers() {
        return Stream.of(InspectHandler::new, ParameterGroupHandler::new, RebootHandler::new, AwaitRebootHandler::new,
                SecurityGroupHandler::new, ReportHandler::new, ListTaggedClustersHandler::new, CheckControlPlaneHandler::new,
                com.auroracdc.lambda.ExecutionEndedHandler::new);
    }

    /** The others: they open database connections, or write metric lines, so priming must not run them. */
    static Stream<Supplier<JsonHandler<?, ?>>> handlersNotInvoked() {
        return Stream.of(PublicationHandler::new, com.auroracdc.lambda.PreflightHandler::new, CheckDatabasesHandler::new,
                ReportDriftHandler::new,
                SummarizeDriftHandler::new);
    }

    @BeforeAll
    static void startEndpoint() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                AUTHORIZATIONS.add(authorization);
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                String jsonType = target == null ? null : exchange.getRequestHeaders().getFirst("Content-Type");
                CannedAws.Answer answer = CannedAws.find(CannedAws.signingName(authorization),
                        CannedAws.action(target, body), jsonType, body);
                exchange.getResponseHeaders().add("Content-Type", answer.contentType());
                exchange.sendResponseHeaders(answer.status(), answer.body().length);
                exchange.getResponseBody().write(answer.body());
            }
        });
        endpoint.start();
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket connection = listener.accept()) {
                    CONNECTIONS.incrementAndGet();
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
        accepting.setDaemon(true);
        accepting.start();
        PROPERTIES.forEach(System::setProperty);
    }

    private static void pointAwsAt(int port) {
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + port); // read when a client is built
    }

    @AfterAll
    static void stopEndpoint() throws IOException {
        endpoint.stop(0);
        listener.close();
        System.clearProperty("aws.endpointUrl");
        PROPERTIES.keySet().forEach(System::clearProperty);
    }

    @BeforeEach
    void clearRequests() {
        AUTHORIZATIONS.clear();
    }

    @ParameterizedTest
    @MethodSource("handlers")
    void prime_whenEndpointListens_completesWithoutAnyConnection(Supplier<JsonHandler<?, ?>> constructor) {
        pointAwsAt(listener.getLocalPort());
        JsonHandler<?, ?> handler = constructor.get();
        int answeredBefore = OfflineAnswers.count();
        int connectionsBefore = CONNECTIONS.get();

        handler.primeOrThrow();

        assertThat(CONNECTIONS.get()).as("connections opened").isEqualTo(connectionsBefore);
        assertThat(OfflineAnswers.count()).as("AWS calls answered offline").isGreaterThan(answeredBefore);
    }

    @ParameterizedTest
    @MethodSource("handlersNotInvoked")
    void prime_whenHandlerIsNotInvoked_opensNothingAndWritesNothing(Supplier<JsonHandler<?, ?>> constructor) {
        pointAwsAt(listener.getLocalPort());
        int connectionsBefore = CONNECTIONS.get();
        PrintStream stdout = System.out;
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        System.setOut(new PrintStream(written, true, StandardCharsets.UTF_8));
        try {
            constructor.get().primeOrThrow();
        } finally {
            System.setOut(stdout);
        }

        assertThat(CONNECTIONS.get()).as("connections opened").isEqualTo(connectionsBefore);
        assertThat(written.toString(StandardCharsets.UTF_8)).as("written to stdout (metric lines)").isEmpty();
    }

    @Test
    void handle_afterPriming_usesTheNetworkAndTheRealCredentials() throws Exception {
        pointAwsAt(endpoint.getAddress().getPort());
        AwaitRebootHandler handler = new AwaitRebootHandler();
        ((JsonHandler<?, ?>) handler).primeOrThrow();
        StageInput check;
        try (InputStream in = getClass().getResourceAsStream("/priming/StageInput.json")) {
            check = Json.read(in, StageInput.class);
        }

        AwaitRebootHandler.Status status = handler.handle(check);

        assertThat(status.done()).isFalse();
        assertThat(AUTHORIZATIONS).isNotEmpty().allSatisfy(authorization ->
                assertThat(authorization).contains("Credential=AKIAREALCHAIN0000000/"));
    }
}
