package com.auroracdc.errors;

/**
 * Base of every error this automation raises on purpose. Lambda reports the fully qualified class name as
 * {@code errorType}, which is the Step Functions error name that Retry and Catch match
 * ({@code com.auroracdc.errors.ClusterBusyException}); the report shortens it to the simple name. The
 * message always says what was wrong and how to fix it, and never contains secrets.
 */
public abstract class AutopilotException extends RuntimeException {
    protected AutopilotException(String message) {
        super(message);
    }

    protected AutopilotException(String message, Throwable cause) {
        super(message, cause);
    }
}
