package com.auroracdc.errors;

/**
 * Step Functions does not describe this execution yet (DescribeExecution is eventually consistent right after
 * StartExecution). Retryable: the state machine runs Inspect again after a pause; nothing was changed.
 */
public final class ExecutionNotVisibleException extends AutopilotException {
    public ExecutionNotVisibleException(String message, Throwable cause) {
        super(message, cause);
    }
}
