package com.auroracdc.local.sfn;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Invoke API on 127.0.0.1, dispatching to in-process {@link RequestStreamHandler}s by function
 * name, so a locally executed state machine calls the real handlers with the bytes Lambda would pass.
 *
 * <p>Answers as Lambda does: the handler's output with HTTP 200; an exception as HTTP 200 with
 * {@code X-Amz-Function-Error: Unhandled} and {@code {"errorMessage","errorType","stackTrace"}} where
 * {@code errorType} is the exception's fully qualified class name (what the Java runtime reports, and so
 * the name Step Functions matches in Retry/Catch). {@link #injectServiceError} makes chosen calls fail the
 * way the Lambda service itself fails (429, 500, ...), which Step Functions names {@code Lambda.*}.
 *
 * <p>Handlers run on the server's threads: a Map state calls one handler instance concurrently, unlike
 * Lambda, which gives each concurrent call its own container.
 */
public final class LocalLambdaEndpoint implements AutoCloseable {
    private static final Pattern INVOKE_PATH = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");
    private static final String TASKS_PATH = "/local/tasks";
    private static final int MAX_STACK_FRAMES = 30;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Registered> functions = new ConcurrentHashMap<>();
    private final Map<String, TaskIntegration> integrations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, LambdaServiceError>> errorsByAttempt = new ConcurrentHashMap<>();
    private final Map<String, Deque<LambdaServiceError>> nextErrors = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, LambdaServiceError>> lostResponses = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private volatile Consumer<String> functionLog = line -> System.err.println(line);

    private record Registered(RequestStreamHandler handler, Duration timeout) {
    }

    private LocalLambdaEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts an endpoint on 127.0.0.1 on a free port. */
    public static LocalLambdaEndpoint start() {
        try {
            LocalLambdaEndpoint endpoint = new LocalLambdaEndpoint();
            endpoint.server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the local Lambda endpoint on 127.0.0.1", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: what {@code AWS_ENDPOINT_URL_LAMBDA} would be set to. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** Serves {@code functionName} (and any ARN or alias of it) with {@code handler}, 15-minute timeout. */
    public LocalLambdaEndpoint register(String functionName, RequestStreamHandler handler) {
        return register(functionName, handler, Duration.ofMinutes(15));
    }

    /** @param timeout only what {@code Context.getRemainingTimeInMillis()} reports; nothing is interrupted */
    public LocalLambdaEndpoint register(String functionName, RequestStreamHandler handler, Duration timeout) {
        functions.put(functionName, new Registered(Objects.requireNonNull(handler), timeout));
        return this;
    }

    /** The registered handlers by function name (benchmarks prime them as SnapStart would). */
    public Map<String, RequestStreamHandler> handlers() {
        Map<String, RequestStreamHandler> handlers = new TreeMap<>();
        functions.forEach((name, function) -> handlers.put(name, function.handler()));
        return handlers;
    }

    /** Serves every Task state whose Resource is exactly {@code resource} (not a Lambda function). */
    public LocalLambdaEndpoint registerIntegration(String resource, TaskIntegration integration) {
        integrations.put(resource, Objects.requireNonNull(integration));
        return this;
    }

    /** Where {@code context.getLogger()} lines go (default: standard error, prefixed by the function name). */
    public LocalLambdaEndpoint functionLog(Consumer<String> sink) {
        this.functionLog = Objects.requireNonNull(sink);
        return this;
    }

    /**
     * Makes call number {@code attempt} (1-based, counting every call of that function) fail with a Lambda
     * service error instead of running the handler.
     */
    public LocalLambdaEndpoint injectServiceError(String functionName, int attempt, LambdaServiceError error) {
        errorsByAttempt.computeIfAbsent(functionName, k -> new ConcurrentHashMap<>()).put(attempt, error);
        return this;
    }

    /**
     * Runs call number {@code attempt} of the function (its AWS calls succeed), then loses its response: the caller gets
     * {@code error} instead, as when Lambda fails after the function returned, and Step Functions retries the Task.
     */
    public LocalLambdaEndpoint loseResponse(String functionName, int attempt, LambdaServiceError error) {
        lostResponses.computeIfAbsent(functionName, k -> new ConcurrentHashMap<>()).put(attempt, error);
        return this;
    }

    /** Makes the next {@code times} calls of the function fail with {@code error}. */
    public LocalLambdaEndpoint failNext(String functionName, LambdaServiceError error, int times) {
        Deque<LambdaServiceError> queue = nextErrors.computeIfAbsent(functionName, k -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(error);
            }
        }
        return this;
    }

    /** Every call answered so far, in order of arrival. */
    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    public List<Invocation> invocations(String functionName) {
        return invocations.stream().filter(i -> i.functionName().equals(functionName)).toList();
    }

    /** Forgets recorded calls, attempt counters and pending injected errors (registrations stay). */
    public void reset() {
        invocations.clear();
        attempts.clear();
        errorsByAttempt.clear();
        nextErrors.clear();
        lostResponses.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Matcher invoke = INVOKE_PATH.matcher(path);
            if ("POST".equals(exchange.getRequestMethod()) && invoke.matches()) {
                invoke(exchange, URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8));
            } else if ("POST".equals(exchange.getRequestMethod()) && TASKS_PATH.equals(path)) {
                integration(exchange);
            } else {
                serviceError(exchange, 404, "UnknownOperationException", "User", "Unknown operation " + path);
            }
        } catch (RuntimeException | IOException e) {
            functionLog.accept("[local-lambda] request failed: " + e);
        }
    }

    private void invoke(HttpExchange exchange, String requestedName) throws IOException {
        String name = LocalArns.functionName(requestedName);
        byte[] payload = exchange.getRequestBody().readAllBytes();
        String payloadText = new String(payload, StandardCharsets.UTF_8);
        int attempt = attempts.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        long start = System.nanoTime();

        LambdaServiceError injected = injectedError(name, attempt);
        if (injected != null) {
            record(name, attempt, payloadText, Invocation.Outcome.SERVICE_ERROR, injected.stepFunctionsErrorName(), start);
            if (injected == LambdaServiceError.SDK_CLIENT_EXCEPTION) {
                return; // closing the exchange without a status line: the client sees the connection drop
            }
            serviceError(exchange, injected.httpStatus(), injected.errorType(), injected.faultType(), injected.message());
            return;
        }
        Registered function = functions.get(name);
        if (function == null) {
            record(name, attempt, payloadText, Invocation.Outcome.UNKNOWN_FUNCTION, "Lambda.ResourceNotFoundException", start);
            serviceError(exchange, 404, "ResourceNotFoundException", "User",
                    "Function not found: " + LocalArns.function(name) + " (local endpoint serves "
                            + functions.keySet().stream().sorted().toList() + ")");
            return;
        }
        String invocationType = Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"),
                "RequestResponse");
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        switch (invocationType) {
            case "DryRun" -> exchange.sendResponseHeaders(204, -1);
            case "Event" -> {
                executor.submit(() -> run(name, function, payload, payloadText, attempt, requestId, start));
                exchange.sendResponseHeaders(202, -1);
            }
            default -> {
                Response response = run(name, function, payload, payloadText, attempt, requestId, start);
                LambdaServiceError lost = lostResponses.getOrDefault(name, Map.of()).get(attempt);
                if (lost != null) {
                    record(name, attempt, payloadText, Invocation.Outcome.SERVICE_ERROR, lost.stepFunctionsErrorName(), start);
                    serviceError(exchange, lost.httpStatus(), lost.errorType(), lost.faultType(), lost.message());
                    return;
                }
                if (response.functionError()) {
                    exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
                }
                send(exchange, 200, response.body());
            }
        }
    }

    private record Response(byte[] body, boolean functionError) {
    }

    private Response run(String name, Registered function, byte[] payload, String payloadText, int attempt,
                         String requestId, long start) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        LocalLambdaContext context = new LocalLambdaContext(name, requestId, function.timeout(), functionLog);
        try (InputStream input = new ByteArrayInputStream(payload)) {
            function.handler().handleRequest(input, output, context);
            record(name, attempt, payloadText, Invocation.Outcome.RESULT, null, start);
            return new Response(output.toByteArray(), false);
        } catch (Throwable t) { // whatever the handler throws, Lambda reports it as a function error
            record(name, attempt, payloadText, Invocation.Outcome.FUNCTION_ERROR, t.getClass().getName(), start);
            return new Response(Json.write(errorPayload(t, 0)).getBytes(StandardCharsets.UTF_8), true);
        }
    }

    /** The Java runtime's error document: errorMessage, errorType (class name), stackTrace, cause. */
    static ObjectNode errorPayload(Throwable t, int depth) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (t.getMessage() != null) {
            node.put("errorMessage", t.getMessage());
        }
        node.put("errorType", t.getClass().getName());
        ArrayNode stack = node.putArray("stackTrace");
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, MAX_STACK_FRAMES); i++) {
            stack.add(frames[i].toString());
        }
        if (t.getCause() != null && t.getCause() != t && depth < 5) {
            node.set("cause", errorPayload(t.getCause(), depth + 1));
        }
        return node;
    }

    private void integration(HttpExchange exchange) throws IOException {
        JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody());
        String resource = request.path("resource").asText();
        TaskIntegration integration = integrations.get(resource);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        if (integration == null) {
            answer.put("error", "States.Runtime");
            answer.put("cause", "No local integration serves Task resource " + resource + " (state "
                    + request.path("state").asText() + "): register one with LocalLambdaEndpoint.registerIntegration.");
            send(exchange, 404, Json.write(answer).getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            JsonNode output = integration.invoke(request.path("input"));
            send(exchange, 200, Json.write(output).getBytes(StandardCharsets.UTF_8));
        } catch (TaskFailedException e) {
            answer.put("error", e.error());
            answer.put("cause", e.getMessage());
            send(exchange, 400, Json.write(answer).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            answer.put("error", "States.TaskFailed");
            answer.put("cause", e.toString());
            send(exchange, 400, Json.write(answer).getBytes(StandardCharsets.UTF_8));
        }
    }

    private LambdaServiceError injectedError(String name, int attempt) {
        Map<Integer, LambdaServiceError> byAttempt = errorsByAttempt.get(name);
        if (byAttempt != null && byAttempt.containsKey(attempt)) {
            return byAttempt.remove(attempt);
        }
        Deque<LambdaServiceError> queue = nextErrors.get(name);
        if (queue != null) {
            synchronized (queue) {
                return queue.poll();
            }
        }
        return null;
    }

    private void record(String name, int attempt, String payload, Invocation.Outcome outcome, String errorType, long start) {
        invocations.add(new Invocation(name, attempt, payload, outcome, errorType, Duration.ofNanos(System.nanoTime() - start)));
    }

    private static void serviceError(HttpExchange exchange, int status, String errorType, String faultType, String message)
            throws IOException {
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (faultType != null) {
            body.put("Type", faultType);
        }
        body.put("message", message);
        send(exchange, status, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
