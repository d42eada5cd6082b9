package com.auroracdc.errors;

/** Tables or schemas named by the tables setting do not exist or cannot be published; lists every one of them. */
public final class MissingTablesException extends AutopilotException {
    public MissingTablesException(String message) {
        super(message);
    }

    public MissingTablesException(String message, Throwable cause) {
        super(message, cause);
    }
}
