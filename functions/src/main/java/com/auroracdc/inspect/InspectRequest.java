package com.auroracdc.inspect;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the state machine hands Inspect: the raw execution input and the execution's identity
 * ({@code $$.Execution.Id}, {@code $$.Execution.StartTime}, {@code $$.StateMachine.Id}).
 */
public record InspectRequest(JsonNode input, String executionId, String startedAt, String stateMachineArn) {
}
