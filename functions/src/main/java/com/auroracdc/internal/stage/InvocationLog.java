package com.auroracdc.internal.stage;

import com.amazonaws.services.lambda.runtime.Context;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The one structured log line each invocation writes: which stage did what for which cluster in which execution,
 * how long it took, and on failure the error's name. Built from ids and counts only, never from a message or a value,
 * so no secret can reach it. In Lambda it is a JSON object of its own on stdout: Lambda's JSON log format keeps a
 * line that is already JSON as it is (the runtime's LambdaLogger would nest it as an escaped string in its
 * {@code message}), so CloudWatch Logs Insights sees {@code stage}, {@code cluster}, ... as fields. Elsewhere (the
 * local runner, tests) it goes to the context's logger, the local function log, not into the runner's own output.
 *
 * <p>Read generically from the input and output as they are serialized: every stage's records name the cluster and
 * the execution the same way ({@code context.cluster.identifier}, {@code context.executionId}; a drift run has a
 * {@code runId}), and plans and warnings are lists.
 *
 * @param level    INFO, or ERROR on failure
 * @param requestId the Lambda request id (null outside Lambda)
 * @param planned  changes planned (null for a stage that plans nothing)
 * @param applied  changes applied
 * @param outcome  succeeded or failed
 * @param error    on failure, the exception's class name (what the state machine's Catch matches)
 */
public record InvocationLog(String level, String requestId, String stage, String cluster, String executionId, Integer planned, Integer applied,
                            Integer warnings, long durationMs, String outcome, String error) {

    public static InvocationLog of(String stage, String requestId, Object input, Object output, Throwable failure,
                                   long durationMs) {
        JsonNode in = tree(input);
        JsonNode out = tree(output);
        String bound = BOUND_CLUSTER.get();
        return new InvocationLog(failure == null ? "INFO" : "ERROR", requestId, stage,
                text(bound == null ? MissingNode.getInstance() : TextNode.valueOf(bound),
                        in.at("/context/cluster/identifier"), out.at("/cluster/identifier"), out.path("cluster"),
                        in.at("/input/clusterIdentifier")),
                text(in.at("/execution/executionId"), in.at("/context/executionId"), in.path("executionId"),
                        out.path("executionId"), in.path("runId")),
                count(out.path("planned")),
                count(out.has("applied") ? out.path("applied") : out.path("changes")),
                count(out.path("warnings")),
                durationMs,
                failure == null ? "succeeded" : "failed",
                failure == null ? null : failure.getClass().getSimpleName());
    }

    /** The cluster the current invocation acts on, once its execution was verified (a payload's claim is not logged). */
    private static final ThreadLocal<String> BOUND_CLUSTER = new ThreadLocal<>();

    /** Names the cluster in this invocation's log line: called when a stage has verified its execution. */
    public static void noteCluster(String cluster) {
        BOUND_CLUSTER.set(cluster);
    }

    /** Forgets it: the handler calls this once the invocation's line is written. */
    static void forgetCluster() {
        BOUND_CLUSTER.remove();
    }

    /** Set by Lambda in every execution environment (the Runtime API's address); absent locally. */
    private static final boolean IN_LAMBDA = System.getenv("AWS_LAMBDA_RUNTIME_API") != null;

    public String toJson() {
        return Json.write(this);
    }

    /** Writes the line: stdout in Lambda, else the context's logger; nowhere without a context (a bare call). */
    public void write(Context context) {
        write(context, IN_LAMBDA);
    }

    /**
     * A metric line (embedded metric format): stdout in Lambda, where CloudWatch Logs turns it into metrics; the
     * context's logger in a local run, so the runner's console shows the run and its logs go where it sends them.
     */
    static void emitMetric(Context context, String line) {
        if (IN_LAMBDA || context == null) {
            System.out.println(line);
        } else {
            context.getLogger().log(line);
        }
    }

    void write(Context context, boolean inLambda) {
        if (inLambda) {
            System.out.println(toJson());
        } else if (context != null) {
            context.getLogger().log(toJson());
        }
    }

    private static JsonNode tree(Object value) {
        return value == null ? MissingNode.getInstance() : Json.MAPPER.valueToTree(value);
    }

    private static String text(JsonNode... candidates) {
        for (JsonNode node : candidates) {
            if (node.isTextual() && !node.asText().isEmpty()) {
                return node.asText();
            }
        }
        return null;
    }

    private static Integer count(JsonNode list) {
        return list.isArray() ? list.size() : null;
    }
}
