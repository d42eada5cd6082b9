package com.auroracdc.inspect;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the state machine hands Inspect: the raw execution input and the execution's identity
 * ({@code $$.Execution.Id}, the lock's holder, and {@code $$.Execution.StartTime}).
 */
public record InspectRequest(JsonNode input, String executionId, String startedAt) {
}
