package com.auroracdc.report;

import com.auroracdc.cluster.SetupContext;
import com.auroracdc.stage.StageResult;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Everything the execution gathered, as the state machine passes it to Report. On the failure path
 * {@code error} is the Catch's {@code {"Error", "Cause"}}, and stages that did not run are null
 * ({@code context} too, when Inspect itself refused).
 */
public record ReportRequest(
        JsonNode input,
        String executionId,
        SetupContext context,
        StageResult parameterGroup,
        StageResult securityGroup,
        StageResult reboot,
        StageResult publication,
        CaughtError error) {

    /** The shape Step Functions gives a caught error; Cause is the Lambda error payload as a JSON string. */
    public record CaughtError(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {
    }
}
