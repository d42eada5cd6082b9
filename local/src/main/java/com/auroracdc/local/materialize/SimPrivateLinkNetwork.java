package com.auroracdc.local.materialize;

import com.auroracdc.local.sim.SimAws;
import software.amazon.awssdk.services.ec2.model.VpcEndpointConnection;

/**
 * Materialize's side of AWS PrivateLink against the simulator: its endpoint is {@code SimEc2.connectEndpoint} (refused
 * unless the principal is allowed and the service Available), its state what {@code DescribeVpcEndpointConnections}
 * says. Neither is recorded as a call of ours: Materialize makes them, in its own account.
 */
public final class SimPrivateLinkNetwork implements MaterializeStandIn.PrivateLinkNetwork {
    private final SimAws sim;

    public SimPrivateLinkNetwork(SimAws sim) {
        this.sim = sim;
    }

    /** {@code com.amazonaws.vpce.<region>.vpce-svc-...}: the service id is the last part of the name. */
    @Override
    public String connect(String serviceName, String principal) {
        return sim.ec2().connectEndpoint(serviceName.substring(serviceName.lastIndexOf('.') + 1), principal);
    }

    @Override
    public String state(String endpointId) {
        String[] state = new String[1];
        sim.unrecorded(() -> state[0] = sim.ec2().describeVpcEndpointConnections(r -> r.filters(f -> f
                        .name("vpc-endpoint-id").values(endpointId))).vpcEndpointConnections().stream().findFirst()
                .map(VpcEndpointConnection::vpcEndpointStateAsString).orElse(null));
        return state[0];
    }
}
