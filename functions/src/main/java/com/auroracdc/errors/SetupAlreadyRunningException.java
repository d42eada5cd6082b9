package com.auroracdc.errors;

/** Another setup holds this cluster's lock. */
public final class SetupAlreadyRunningException extends AutopilotException {
    public SetupAlreadyRunningException(String message) {
        super(message);
    }

    public SetupAlreadyRunningException(String message, Throwable cause) {
        super(message, cause);
    }
}
