package com.auroracdc.local.sfn;

import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a local execution ended: like DescribeExecution (status, output, error, cause) plus every event.
 *
 * @param output the execution output (SUCCEEDED only), else null
 * @param error  the error name (FAILED, TIMED_OUT), else null
 * @param cause  the cause (FAILED, TIMED_OUT), else null; see {@link #causeMessage()}
 */
public record ExecutionResult(String executionName, ExecutionStatus status, JsonNode output, String error, String cause,
                              List<ExecutionEvent> events, Duration duration) {

    public ExecutionResult {
        events = List.copyOf(events);
    }

    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    /** The names of the states entered, in order (Map iterations and Parallel branches included). */
    public List<String> statesEntered() {
        return events(ExecutionEvent.Type.StateEntered).stream().map(ExecutionEvent::state).toList();
    }

    public List<ExecutionEvent> events(ExecutionEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    /** The output of the last exit of the named state, if it was exited. */
    public Optional<JsonNode> stateOutput(String stateName) {
        return events(ExecutionEvent.Type.StateExited).stream()
                .filter(e -> stateName.equals(e.state()))
                .reduce((first, second) -> second)
                .map(ExecutionEvent::output);
    }

    /**
     * The human part of the cause: a Lambda function error's cause is its error document as JSON text,
     * so this returns its {@code errorMessage}; any other cause is returned as it is.
     */
    public String causeMessage() {
        return causeMessage(cause);
    }

    /** The human part of any error cause (a state's or the execution's), as {@link #causeMessage()} explains. */
    public static String causeMessage(String cause) {
        if (cause == null) {
            return null;
        }
        try {
            JsonNode document = Json.MAPPER.readTree(cause);
            if (document != null && document.hasNonNull("errorMessage")) {
                return document.get("errorMessage").asText();
            }
        } catch (JsonProcessingException notJson) {
            // a plain-text cause (a Fail state's Cause, a service error)
        }
        return cause;
    }

    @Override
    public String toString() {
        return "Execution " + executionName + " " + status + (error == null ? "" : " " + error + ": " + causeMessage())
                + (output == null ? "" : " output " + output);
    }
}
