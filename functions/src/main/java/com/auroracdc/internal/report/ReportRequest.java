package com.auroracdc.internal.report;

import com.auroracdc.internal.execution.ExecutionHandle;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the state machine passes Report and ReportFailure: the raw execution input (to name the cluster when Inspect
 * refused before binding anything), the execution's handle, and on the failure path the Catch's
 * {@code {"Error", "Cause"}}. What the stages did is read from the execution's stored context, never from here.
 */
public record ReportRequest(JsonNode input, ExecutionHandle execution, CaughtError error) {

    /** The shape Step Functions gives a caught error; Cause is the Lambda error payload as a JSON string. */
    public record CaughtError(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {
    }
}
