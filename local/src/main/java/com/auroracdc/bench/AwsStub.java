package com.auroracdc.bench;

import com.auroracdc.internal.aws.CannedAws;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for the AWS endpoints the handlers call, for the cold-start benchmark: point the SDK at
 * it with {@code AWS_ENDPOINT_URL=http://127.0.0.1:<port>}. It speaks each service's wire protocol (RDS and EC2:
 * AWS Query with XML answers; Step Functions, EventBridge, Secrets Manager: JSON) and answers with the canned
 * answers of {@link CannedAws}; an operation without one gets the protocol's error shape, so a benchmark run
 * shows it instead of measuring a failure. It counts the operations it served.
 */
public final class AwsStub implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private AwsStub(HttpServer server) {
        this.server = server;
    }

    public static AwsStub start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AwsStub stub = new AwsStub(server);
        server.createContext("/", stub::serve);
        server.start();
        return stub;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** "service:Action" → how many times it was called since the last {@link #resetCalls()}. */
    public Map<String, Integer> calls() {
        Map<String, Integer> copy = new TreeMap<>();
        calls.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public void resetCalls() {
        calls.clear();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String service = CannedAws.signingName(exchange.getRequestHeaders().getFirst("Authorization"));
            String action = CannedAws.action(target, body);
            String jsonType = target == null ? null : exchange.getRequestHeaders().getFirst("Content-Type");
            calls.computeIfAbsent(service + ":" + action, k -> new AtomicInteger()).incrementAndGet();
            CannedAws.Answer answer = service == null || action == null ? null : CannedAws.find(service, action, jsonType, body);
            if (answer == null) {
                answer = unknownOperation(service, action, jsonType);
            }
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            exchange.getResponseBody().write(answer.body());
        }
    }

    private static CannedAws.Answer unknownOperation(String service, String action, String jsonType) {
        String message = "The loopback stub has no answer for " + service + " " + action
                + ": add functions/src/main/resources/priming/aws/" + service + "/" + action + (jsonType == null ? ".xml" : ".json");
        String body = jsonType != null
                ? "{\"__type\":\"UnknownOperationException\",\"message\":\"" + message + "\"}"
                : "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>" + message
                        + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
        return new CannedAws.Answer(400, jsonType != null ? jsonType : "text/xml", body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Runs the stub on its own, e.g. to point a handler or the AWS CLI at it by hand. */
    public static void main(String[] args) throws IOException {
        AwsStub stub = start();
        System.out.println("AWS_ENDPOINT_URL=" + stub.endpoint());
    }
}
