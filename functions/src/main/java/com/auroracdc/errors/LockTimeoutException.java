package com.auroracdc.errors;

/** DDL could not take its lock within lock_timeout (or hit a deadlock): production traffic holds the table. Retryable. */
public final class LockTimeoutException extends AutopilotException {
    public LockTimeoutException(String message) {
        super(message);
    }

    public LockTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
