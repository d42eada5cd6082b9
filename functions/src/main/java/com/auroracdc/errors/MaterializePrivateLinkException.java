package com.auroracdc.errors;

/**
 * Network path privatelink, MaterializeMode source: the principal Materialize connects to our endpoint service as
 * ({@code mz_catalog.mz_aws_privatelink_connections.principal} of our {@code <cluster>_privatelink} connection) is not
 * among the stack's {@code PrivateLinkAllowedPrincipals}, so AWS refuses Materialize's endpoint. The declared list is
 * the service's whole list (the PrivateLink stage and drift enforce exactly it), so the setup does not add the principal
 * itself: the message names the exact ARN to add. Nothing was created after the PrivateLink connection (no PostgreSQL
 * connection, no source).
 */
public final class MaterializePrivateLinkException extends AutopilotException {
    public MaterializePrivateLinkException(String message) {
        super(message);
    }
}
