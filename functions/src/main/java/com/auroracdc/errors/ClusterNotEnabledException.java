package com.auroracdc.errors;

/**
 * A setup or repair (not a dry run) of a cluster that does not carry the trigger tag set to enabled. Raised before
 * anything changes.
 */
public final class ClusterNotEnabledException extends AutopilotException {
    public ClusterNotEnabledException(String message) {
        super(message);
    }
}
