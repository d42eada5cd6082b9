package com.auroracdc.errors;

/**
 * A load balancer, target group or endpoint service with the name (or on the load balancer) the automation uses for a
 * cluster's PrivateLink path exists but was not created by the automation for that cluster (it lacks the managed-by
 * tag, or names another cluster). The automation never adopts or modifies a resource it does not own.
 */
public final class PrivateLinkConflictException extends AutopilotException {
    public PrivateLinkConflictException(String message) {
        super(message);
    }
}
