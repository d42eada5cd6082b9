package com.auroracdc.errors;

/** A database statement failed for a reason no more specific error covers; the message carries PostgreSQL's reason. */
public final class DatabaseStatementException extends AutopilotException {
    public DatabaseStatementException(String message) {
        super(message);
    }

    public DatabaseStatementException(String message, Throwable cause) {
        super(message, cause);
    }
}
