package com.auroracdc.errors;

/** No DB cluster with the given identifier exists in this account and region. */
public final class ClusterNotFoundException extends AutopilotException {
    public ClusterNotFoundException(String message) {
        super(message);
    }

    public ClusterNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
