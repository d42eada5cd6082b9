package com.auroracdc.errors;

/** The cluster is not Aurora PostgreSQL. */
public final class UnsupportedEngineException extends AutopilotException {
    public UnsupportedEngineException(String message) {
        super(message);
    }

    public UnsupportedEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
