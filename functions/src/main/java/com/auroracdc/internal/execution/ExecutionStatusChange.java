package com.auroracdc.internal.execution;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An EventBridge "Step Functions Execution Status Change" event, as far as it is read. */
public record ExecutionStatusChange(String source, @JsonProperty("detail-type") String detailType, Detail detail) {
    public record Detail(String executionArn, String stateMachineArn, String status) {
    }
}
