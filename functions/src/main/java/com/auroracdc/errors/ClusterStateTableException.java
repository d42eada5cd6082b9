package com.auroracdc.errors;

/** The table holding each cluster's lock and desired state is not configured. */
public final class ClusterStateTableException extends AutopilotException {
    public ClusterStateTableException(String message) {
        super(message);
    }
}
