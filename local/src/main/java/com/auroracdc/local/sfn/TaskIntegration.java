package com.auroracdc.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Serves a Task state whose Resource is not a Lambda function, e.g. {@code arn:aws:states:::sns:publish},
 * registered with {@link LocalLambdaEndpoint#registerIntegration}. Throw {@link TaskFailedException} to fail
 * the state with a Step Functions error name (e.g. {@code SNS.NotFoundException}).
 */
@FunctionalInterface
public interface TaskIntegration {
    /** @param input the state's effective input (after InputPath and Parameters) */
    JsonNode invoke(JsonNode input);
}
