package com.auroracdc.errors;

/** The PrivateLink path was still incomplete (load balancer provisioning, service pending) after the setup's bounded wait. */
public final class PrivateLinkTimeoutException extends AutopilotException {
    public PrivateLinkTimeoutException(String message) {
        super(message);
    }
}
