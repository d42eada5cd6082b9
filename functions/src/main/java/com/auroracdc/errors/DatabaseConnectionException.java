package com.auroracdc.errors;

/** The database could not be reached (host, port, network, database name) or the connection broke. */
public final class DatabaseConnectionException extends AutopilotException {
    public DatabaseConnectionException(String message) {
        super(message);
    }

    public DatabaseConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
