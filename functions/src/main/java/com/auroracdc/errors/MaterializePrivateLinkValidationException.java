package com.auroracdc.errors;

/**
 * Network path privatelink, MaterializeMode source: {@code VALIDATE CONNECTION <cluster>_privatelink} failed, so
 * Materialize cannot reach our endpoint service yet (its endpoint still being created, a connection awaiting acceptance,
 * the service's load balancer without a healthy target). The state machine retries the stage a few times, since
 * Materialize creates its endpoint asynchronously; the message quotes Materialize's error and what to check. Nothing was
 * created after the PrivateLink connection (no PostgreSQL connection, no source).
 */
public final class MaterializePrivateLinkValidationException extends AutopilotException {
    public MaterializePrivateLinkValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
