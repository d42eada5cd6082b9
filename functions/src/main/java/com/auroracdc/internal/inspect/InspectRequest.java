package com.auroracdc.internal.inspect;

import com.auroracdc.internal.execution.ExecutionHandle;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the state machine hands Inspect: the raw execution input, the execution's handle ({@code $$.Execution.Id} and
 * the token its Start state made) and {@code $$.Execution.StartTime}.
 */
public record InspectRequest(JsonNode input, ExecutionHandle execution, String startedAt) {
}
