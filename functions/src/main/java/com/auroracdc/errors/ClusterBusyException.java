package com.auroracdc.errors;

/** The cluster is in a state where changes are unsafe (modifying, upgrading, ...); retry later. */
public final class ClusterBusyException extends AutopilotException {
    public ClusterBusyException(String message) {
        super(message);
    }

    public ClusterBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
