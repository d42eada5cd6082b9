package com.auroracdc.errors;

/**
 * An admin secret that is neither the cluster's own RDS-managed master secret, nor the stack's AdminSecretArn,
 * nor allowed by the stack's AllowedAdminSecretArns. Raised before any secret is read.
 */
public final class SecretNotAllowedException extends AutopilotException {
    public SecretNotAllowedException(String message) {
        super(message);
    }
}
