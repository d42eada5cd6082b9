package com.auroracdc.errors;

/**
 * A stage was invoked for an execution it cannot verify: no setup execution of this stack stored that context, the
 * token does not match, or the execution is not running in the stack's setup state machine. Nothing was changed.
 */
public final class ExecutionNotRecognizedException extends AutopilotException {
    public ExecutionNotRecognizedException(String message) {
        super(message);
    }
}
