package com.auroracdc.internal.materialize;

import java.util.List;

/**
 * What the source stage read of the PrivateLink path once our AWS PRIVATELINK connection exists: the principal
 * Materialize names for it, and, when the service requires acceptance, the service and its endpoint connections.
 *
 * @param principal   {@code mz_aws_privatelink_connections.principal}, or null when Materialize gave no row
 * @param service     our endpoint service, or null when not read (acceptance not required) or not found
 * @param connections the service's endpoint connections (empty when not read)
 */
public record PrivateLinkObservation(String principal, Service service, List<EndpointConnection> connections) {
    /** The connection state that waits for the service owner's acceptance. */
    public static final String PENDING_ACCEPTANCE = "pendingAcceptance";

    public PrivateLinkObservation {
        connections = List.copyOf(connections);
    }

    /** @param managed whether it carries our tag {@code managed-by=aurora-cdc-autopilot} */
    public record Service(String id, boolean managed) {
    }

    /** One endpoint connection to the service: the consumer's endpoint, its account, its state. */
    public record EndpointConnection(String endpointId, String owner, String state) {
    }
}
