package com.auroracdc.errors;

/**
 * A teardown (not a dry run) of a cluster whose trigger tag still says enabled: drift repair would set it up again
 * behind the teardown, so its owner says first that streaming stops. Raised before anything changes.
 */
public final class ClusterStillEnabledException extends AutopilotException {
    public ClusterStillEnabledException(String message) {
        super(message);
    }
}
