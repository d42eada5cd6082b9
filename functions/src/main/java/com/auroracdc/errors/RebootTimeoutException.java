package com.auroracdc.errors;

/** The cluster did not come back in-sync and available before the reboot deadline. */
public final class RebootTimeoutException extends AutopilotException {
    public RebootTimeoutException(String message) {
        super(message);
    }

    public RebootTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
