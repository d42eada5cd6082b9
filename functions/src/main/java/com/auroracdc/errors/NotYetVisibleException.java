package com.auroracdc.errors;

/**
 * AWS has not yet made visible a resource this stage just created (EC2 and RDS are eventually
 * consistent). Retryable: the state machine runs the stage again after a pause, and the re-run finds
 * the resource and plans only what is left. Lambdas never sleep to wait for AWS.
 */
public final class NotYetVisibleException extends AutopilotException {
    public NotYetVisibleException(String message, Throwable cause) {
        super(message, cause);
    }
}
