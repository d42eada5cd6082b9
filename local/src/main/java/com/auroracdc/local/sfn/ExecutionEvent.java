package com.auroracdc.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One event of a local execution (the library's event log, flattened). Fields not relevant to a type are null.
 *
 * @param state       the state's name (state events), null otherwise
 * @param stateType   Task, Wait, Choice, Map, ...
 * @param input       the state's raw input (state events) or the execution input (ExecutionStarted)
 * @param output      the state's output (StateExited) or the execution output (ExecutionSucceeded)
 * @param error       the error name (StateFailed, ExecutionFailed, MapIterationFailed, ...)
 * @param cause       the error cause; for a Lambda function error, the error document as JSON text
 * @param index       the Map iteration index, for events inside a Map iteration
 * @param parentState the Map or Parallel state, for MapIteration and ParallelBranch events
 * @param attempt     the retry number (StateRetried), 1 for the first retry
 * @param errorEquals the matching retrier's or catcher's ErrorEquals (StateRetried, StateCaught)
 * @param next        the catcher's Next (StateCaught)
 */
public record ExecutionEvent(Type type, long timestamp, String state, String stateType, JsonNode input, JsonNode output,
                             String error, String cause, Integer index, String parentState, Integer attempt,
                             List<String> errorEquals, String next) {

    /** The event types of aws-local-stepfunctions 3. */
    public enum Type {
        ExecutionStarted, ExecutionSucceeded, ExecutionFailed, ExecutionAborted, ExecutionTimeout,
        StateEntered, StateExited, StateFailed, StateRetried, StateCaught,
        MapIterationStarted, MapIterationSucceeded, MapIterationFailed,
        ParallelBranchStarted, ParallelBranchSucceeded, ParallelBranchFailed
    }

    static ExecutionEvent fromJson(JsonNode line) {
        List<String> errorEquals = null;
        if (line.has("errorEquals")) {
            errorEquals = new ArrayList<>();
            for (JsonNode name : line.get("errorEquals")) {
                errorEquals.add(name.asText());
            }
        }
        return new ExecutionEvent(Type.valueOf(line.get("type").asText()), line.path("timestamp").asLong(),
                text(line, "state"), text(line, "stateType"), line.get("input"), line.get("output"),
                text(line, "error"), text(line, "cause"),
                line.hasNonNull("index") ? line.get("index").asInt() : null, text(line, "parentState"),
                line.hasNonNull("attempt") ? line.get("attempt").asInt() : null,
                errorEquals == null ? null : List.copyOf(errorEquals), text(line, "next"));
    }

    private static String text(JsonNode line, String field) {
        return line.hasNonNull(field) ? line.get(field).asText() : null;
    }

    /** A one-line description, e.g. {@code StateRetried Inspect [Lambda.TooManyRequestsException] attempt 1}. */
    public String summary() {
        StringBuilder s = new StringBuilder(type.name());
        if (state != null) {
            s.append(' ').append(state);
        }
        if (parentState != null) {
            s.append(" in ").append(parentState);
        }
        if (index != null) {
            s.append(" #").append(index);
        }
        if (errorEquals != null) {
            s.append(' ').append(errorEquals);
        }
        if (attempt != null) {
            s.append(" attempt ").append(attempt);
        }
        if (next != null) {
            s.append(" -> ").append(next);
        }
        if (error != null) {
            s.append(": ").append(error);
        }
        if (cause != null) {
            s.append(" (").append(cause.length() > 200 ? cause.substring(0, 200) + "..." : cause).append(')');
        }
        return s.toString();
    }
}
