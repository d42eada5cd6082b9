package com.auroracdc.errors;

/**
 * Base of every error this automation raises on purpose. The simple class name is the Step Functions
 * error name (Lambda reports the fully qualified class name as {@code errorType}), and the message
 * always says what was wrong and how to fix it. Messages never contain secrets.
 */
public abstract class AutopilotException extends RuntimeException {
    protected AutopilotException(String message) {
        super(message);
    }

    protected AutopilotException(String message, Throwable cause) {
        super(message, cause);
    }
}
