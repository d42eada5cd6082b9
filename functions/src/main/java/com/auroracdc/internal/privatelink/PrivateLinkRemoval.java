package com.auroracdc.internal.privatelink;

import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;
import java.util.List;

/**
 * What a teardown does to the PrivateLink path, in this order: reject the open endpoint connections (EC2 deletes no
 * service that has any), delete the endpoint service (ELBv2 deletes no load balancer a service uses), the listener (no
 * target group a listener forwards to can be deleted), the target group, the load balancer.
 */
public sealed interface PrivateLinkRemoval extends Change {
    /** Every step destroys something (a rejected connection included: Materialize's endpoint stops working). */
    @Override
    default Effect effect() {
        return Effect.DESTROY;
    }

    /** Reject the service's Available and PendingAcceptance connections (Materialize's endpoint stops working). */
    record RejectConnections(String serviceId, List<String> endpointIds) implements PrivateLinkRemoval {
        public RejectConnections {
            endpointIds = List.copyOf(endpointIds);
        }

        @Override
        public String description() {
            return "Reject endpoint connections " + String.join(", ", endpointIds) + " of endpoint service " + serviceId;
        }
    }

    record DeleteEndpointService(String serviceId, String serviceName) implements PrivateLinkRemoval {
        @Override
        public String description() {
            return "Delete VPC endpoint service " + serviceId + " (" + serviceName + ")";
        }
    }

    record DeleteListener(String name, String listenerArn) implements PrivateLinkRemoval {
        @Override
        public String description() {
            return "Delete the listener of load balancer " + name;
        }
    }

    record DeleteTargetGroup(String name, String targetGroupArn) implements PrivateLinkRemoval {
        @Override
        public String description() {
            return "Delete target group " + name;
        }
    }

    record DeleteLoadBalancer(String name, String loadBalancerArn) implements PrivateLinkRemoval {
        @Override
        public String description() {
            return "Delete load balancer " + name;
        }
    }
}
