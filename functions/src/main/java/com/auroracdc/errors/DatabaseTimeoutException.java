package com.auroracdc.errors;

/** A database statement ran past its statement timeout. Retryable. */
public final class DatabaseTimeoutException extends AutopilotException {
    public DatabaseTimeoutException(String message) {
        super(message);
    }

    public DatabaseTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
