package com.auroracdc.local.sfn;

import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Executes state machine definitions locally: the real ASL through aws-local-stepfunctions (Node, see
 * local/sfn/run-state-machine.mjs), every Lambda Task served by the {@link LocalLambdaEndpoint}.
 *
 * <pre>{@code
 * try (LocalLambdaEndpoint lambda = LocalLambdaEndpoint.start();
 *      StateMachineRunner runner = new StateMachineRunner(lambda)) {
 *     lambda.register("InspectFunction", new InspectHandler(rds, ec2));
 *     ExecutionResult result = runner.run(ExecutionRequest.builder(Path.of("statemachine/setup.asl.json"))
 *             .substitution("InspectFunctionArn", LocalArns.function("InspectFunction"))
 *             .input("{\"clusterId\":\"orders\"}")
 *             .waitMillis(200)
 *             .listener(progress::print)
 *             .build());
 * }
 * }</pre>
 *
 * One Node process serves every execution of a runner (it starts on first use, about 0.7 s) and runs
 * executions concurrently: {@link #startExecution} returns at once, {@link #run} waits.
 */
public final class StateMachineRunner implements AutoCloseable {
    private static final int STDERR_LINES_KEPT = 40;

    private final LocalLambdaEndpoint endpoint;
    private final Path sfnDirectory;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private Process process;
    private OutputStream stdin;

    public StateMachineRunner(LocalLambdaEndpoint endpoint) {
        this.endpoint = endpoint;
        this.sfnDirectory = NodeTools.sfnDirectory();
    }

    /** Runs one execution to its end (or throws if it outlasts the request's timeout, after aborting it). */
    public ExecutionResult run(ExecutionRequest request) {
        return startExecution(request).await();
    }

    /** Starts an execution and returns at once: several may run at the same time. */
    public RunningExecution startExecution(ExecutionRequest request) {
        String id = "run-" + ids.incrementAndGet();
        ObjectNode job = Json.MAPPER.createObjectNode();
        job.put("id", id);
        try {
            job.set("definition", Json.MAPPER.readTree(request.substitutedDefinition()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The state machine definition is not JSON (after substitutions): "
                    + e.getOriginalMessage(), e);
        }
        job.set("input", request.input());
        job.put("endpoint", endpoint.url());
        job.put("waitMillis", request.waitMillis());
        job.set("waitMillisByState", Json.MAPPER.valueToTree(request.waitMillisByState()));
        if (request.retryIntervalMillis() != null) {
            job.put("retryIntervalMillis", request.retryIntervalMillis());
        }
        ObjectNode context = job.putObject("context");
        context.putObject("Execution")
                .put("Id", LocalArns.execution(request.stateMachineName(), request.executionName()))
                .put("Name", request.executionName())
                .put("RoleArn", "arn:aws:iam::" + LocalArns.ACCOUNT + ":role/local-state-machine");
        context.putObject("StateMachine")
                .put("Id", LocalArns.stateMachine(request.stateMachineName()))
                .put("Name", request.stateMachineName());

        Pending run = new Pending(id, request);
        pending.put(id, run);
        try {
            send(job);
        } catch (RuntimeException e) {
            pending.remove(id);
            throw e;
        }
        return new RunningExecution(this, run);
    }

    /** Ends the Node process: lets running executions finish for a few seconds, then kills it. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        try {
            stdin.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private synchronized void send(JsonNode line) {
        ensureProcess();
        try {
            stdin.write((Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("The Node state machine runner is not accepting work: " + stderrTail(), e);
        }
    }

    private void ensureProcess() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = new ProcessBuilder(NodeTools.node(), "run-state-machine.mjs")
                    .directory(sfnDirectory.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Node (" + NodeTools.node() + "): install Node.js 20+ "
                    + "or point -Dautopilot.node at it.", e);
        }
        stdin = process.getOutputStream();
        Process started = process;
        Thread.ofPlatform().daemon().name("sfn-runner-stdout").start(() -> readEvents(started));
        Thread.ofPlatform().daemon().name("sfn-runner-stderr").start(() -> readStderr(started));
    }

    private void readEvents(Process from) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(from.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                dispatch(line);
            }
        } catch (IOException e) {
            // the process died: reported below
        }
        int exit;
        try {
            exit = from.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = -1;
        }
        String reason = "The Node state machine runner exited (code " + exit + ") before the execution ended. "
                + stderrTail();
        pending.values().forEach(run -> run.result.completeExceptionally(new IllegalStateException(reason)));
        pending.clear();
    }

    private void dispatch(String text) {
        JsonNode line;
        try {
            line = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            rememberStderr("stdout: " + text);
            return;
        }
        Pending run = pending.get(line.path("run").asText(""));
        if (run == null) {
            rememberStderr("unrouted: " + text);
            return;
        }
        String type = line.path("type").asText();
        switch (type) {
            case "Result" -> {
                pending.remove(run.id);
                run.result.complete(new ExecutionResult(run.request.executionName(),
                        ExecutionStatus.valueOf(line.get("status").asText()), line.get("output"),
                        textOrNull(line, "error"), textOrNull(line, "cause"), run.events,
                        Duration.between(run.started, Instant.now())));
            }
            case "HarnessError" -> {
                pending.remove(run.id);
                run.result.completeExceptionally(new IllegalArgumentException(
                        "aws-local-stepfunctions refused the execution: " + line.path("message").asText()));
            }
            default -> {
                ExecutionEvent event;
                try {
                    event = ExecutionEvent.fromJson(line);
                } catch (IllegalArgumentException unknownType) {
                    rememberStderr("unknown event: " + text);
                    return;
                }
                run.events.add(event);
                try {
                    run.request.listener().onEvent(event);
                } catch (RuntimeException e) {
                    rememberStderr("listener failed on " + event.summary() + ": " + e);
                }
            }
        }
    }

    private static String textOrNull(JsonNode line, String field) {
        return line.hasNonNull(field) ? line.get(field).asText() : null;
    }

    private void readStderr(Process from) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(from.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                rememberStderr(line);
            }
        } catch (IOException e) {
            // the process died
        }
    }

    private void rememberStderr(String line) {
        synchronized (stderrTail) {
            stderrTail.addLast(line);
            while (stderrTail.size() > STDERR_LINES_KEPT) {
                stderrTail.removeFirst();
            }
        }
    }

    private String stderrTail() {
        synchronized (stderrTail) {
            return stderrTail.isEmpty() ? "(no output on stderr)" : "Its last output:\n" + String.join("\n", stderrTail);
        }
    }

    private static final class Pending {
        private final String id;
        private final ExecutionRequest request;
        private final Instant started = Instant.now();
        private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>(); // written by the reader thread
        private final CompletableFuture<ExecutionResult> result = new CompletableFuture<>();

        Pending(String id, ExecutionRequest request) {
            this.id = id;
            this.request = request;
        }
    }

    /** An execution in flight. */
    public static final class RunningExecution {
        private final StateMachineRunner runner;
        private final Pending run;
        private final CompletableFuture<ExecutionResult> result;

        private RunningExecution(StateMachineRunner runner, Pending run) {
            this(runner, run, run.result);
        }

        private RunningExecution(StateMachineRunner runner, Pending run, CompletableFuture<ExecutionResult> result) {
            this.runner = runner;
            this.run = run;
            this.result = result;
        }

        /** The same execution, its result completing only after {@code onEnd} ran (what AWS does as an execution ends). */
        public RunningExecution onEnd(BiConsumer<ExecutionResult, Throwable> onEnd) {
            return new RunningExecution(runner, run, result.whenComplete(onEnd));
        }

        public String executionName() {
            return run.request.executionName();
        }

        /** Completes with the result; fails if the Node side refused the definition or died. */
        public CompletableFuture<ExecutionResult> result() {
            return result;
        }

        /** Like StopExecution: the result becomes ABORTED. */
        public void abort() {
            runner.send(Json.MAPPER.createObjectNode().put("abort", run.id));
        }

        /** Waits for the end, up to the request's timeout; past it, aborts the execution and throws. */
        public ExecutionResult await() {
            try {
                return result.get(run.request.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                abort();
                List<String> last = run.events.stream().skip(Math.max(0, run.events.size() - 5))
                        .map(ExecutionEvent::summary).toList();
                throw new IllegalStateException("Execution " + executionName() + " did not end within "
                        + run.request.timeout() + "; aborted it. Last events: " + last, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort();
                throw new IllegalStateException("Interrupted while waiting for execution " + executionName(), e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }
    }
}
