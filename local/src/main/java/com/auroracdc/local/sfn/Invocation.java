package com.auroracdc.local.sfn;

import java.time.Duration;

/**
 * One call the {@link LocalLambdaEndpoint} answered: which function, with what payload, and how it ended.
 *
 * @param attempt 1 for the first call of that function, 2 for the next, ... (injected failures count too)
 * @param errorType the Java exception class (function error) or the Step Functions name of the injected
 *                  service error; null when the handler returned normally
 */
public record Invocation(String functionName, int attempt, String payload, Outcome outcome, String errorType,
                         Duration duration) {

    public enum Outcome { RESULT, FUNCTION_ERROR, SERVICE_ERROR, UNKNOWN_FUNCTION }
}
