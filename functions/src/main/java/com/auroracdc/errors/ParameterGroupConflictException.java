package com.auroracdc.errors;

/** A cluster parameter group with the name this automation reserves for a cluster exists but is not ours, or appeared concurrently. */
public final class ParameterGroupConflictException extends AutopilotException {
    public ParameterGroupConflictException(String message) {
        super(message);
    }

    public ParameterGroupConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
