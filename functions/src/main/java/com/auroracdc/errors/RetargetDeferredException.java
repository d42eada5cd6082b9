package com.auroracdc.errors;

/**
 * The failover retarget found the cluster held by a setup or teardown (or another retarget) and changed nothing. Lambda
 * retries the event (twice, minutes apart); the next drift run reports a target left behind.
 */
public final class RetargetDeferredException extends AutopilotException {
    public RetargetDeferredException(String message) {
        super(message);
    }

    public RetargetDeferredException(String message, Throwable cause) {
        super(message, cause);
    }
}
