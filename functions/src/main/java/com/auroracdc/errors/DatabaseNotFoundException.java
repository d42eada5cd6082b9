package com.auroracdc.errors;

/** The database the settings name does not exist on the cluster: a setting to fix, not a connection to retry. */
public final class DatabaseNotFoundException extends AutopilotException {
    public DatabaseNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
