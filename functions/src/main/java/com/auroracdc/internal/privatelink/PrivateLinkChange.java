package com.auroracdc.internal.privatelink;

import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;
import java.util.List;

/**
 * The changes the PrivateLink path can plan. A resource that does not exist yet has a null ARN or id in the plan; the
 * applier fills it in from the create it ran first.
 */
public sealed interface PrivateLinkChange extends Change {

    /**
     * Create the load balancer's security group in the cluster's VPC, tagged at creation, with no inbound rule (EC2's
     * default outbound rule stays: the load balancer forwards and health-checks through it).
     */
    record CreateSecurityGroup(String clusterId, String name, String vpcId) implements PrivateLinkChange {
        /** Also what EC2 shows as the group's description (at most 255 ASCII characters). */
        static String groupDescription(String clusterId) {
            return "Aurora CDC Autopilot: PrivateLink load balancer of " + clusterId + "; no inbound rules by design";
        }

        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Create security group " + name + " in " + vpcId + " for cluster " + clusterId
                    + "'s load balancer (no inbound rule), tagged managed-by=aurora-cdc-autopilot";
        }
    }

    /**
     * Create the internal Network Load Balancer in the cluster's subnets (one per zone) with our security group, tagged
     * at creation. A load balancer created without a security group can never get one, so the group goes in now.
     *
     * @param securityGroupId null when the group is created in the same run
     */
    record CreateLoadBalancer(String clusterId, String name, List<String> subnetIds, String securityGroupId)
            implements PrivateLinkChange {
        public CreateLoadBalancer {
            subnetIds = List.copyOf(subnetIds);
        }

        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Create internal Network Load Balancer " + name + " for cluster " + clusterId + " in subnets "
                    + String.join(", ", subnetIds) + " with security group " + PrivateLinkNames.securityGroupName(clusterId)
                    + ", tagged managed-by=aurora-cdc-autopilot";
        }
    }

    /**
     * Make our group the load balancer's only one, and exempt PrivateLink traffic from its inbound rules
     * (EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic off): the group has none, so only PrivateLink traffic (from
     * the endpoint service's allowed principals) reaches the listener, and nothing else in the VPC does.
     */
    record SetLoadBalancerSecurityGroup(String name, String loadBalancerArn, String groupName, String securityGroupId)
            implements PrivateLinkChange {
        @Override
        public String description() {
            return "Set the security group of " + name + " to " + groupName + " alone, with inbound rules not enforced on PrivateLink traffic";
        }
    }

    /** Turn cross-zone load balancing on: the one target sits in one zone, and every zone's node must reach it. */
    record EnableCrossZone(String name, String loadBalancerArn) implements PrivateLinkChange {
        @Override
        public String description() {
            return "Turn on cross-zone load balancing of " + name;
        }
    }

    /** Create the IP-type TCP target group on the cluster port, tagged at creation. */
    record CreateTargetGroup(String clusterId, String name, String vpcId, int port) implements PrivateLinkChange {
        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Create TCP target group " + name + " (IP targets, port " + port + ") in " + vpcId + " for cluster "
                    + clusterId + ", tagged managed-by=aurora-cdc-autopilot";
        }
    }

    /** Register the writer's private address as the target. */
    record RegisterTarget(String name, String targetGroupArn, String instanceId, String ip, int port)
            implements PrivateLinkChange {
        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Register " + ip + ":" + port + " (writer " + instanceId + ") in target group " + name;
        }
    }

    /** Deregister a target that is no longer the writer (after the new writer was registered). */
    record DeregisterTarget(String name, String targetGroupArn, String ip, int port) implements PrivateLinkChange {
        @Override
        public Effect effect() {
            return Effect.DESTROY;
        }

        @Override
        public String description() {
            return "Deregister " + ip + ":" + port + " (no longer the writer) from target group " + name;
        }
    }

    /** Create the TCP listener on the cluster port forwarding to the target group, tagged at creation as the others. */
    record CreateListener(String clusterId, String name, String loadBalancerArn, String targetGroupArn, int port)
            implements PrivateLinkChange {
        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Create TCP listener on port " + port + " of " + name + ", forwarding to target group " + name;
        }
    }

    /** Create the VPC endpoint service on the load balancer, tagged at creation. */
    record CreateEndpointService(String clusterId, String name, String loadBalancerArn, boolean acceptanceRequired)
            implements PrivateLinkChange {
        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Create VPC endpoint service on " + name + " for cluster " + clusterId + " (acceptance "
                    + (acceptanceRequired ? "required" : "not required") + "), tagged managed-by=aurora-cdc-autopilot";
        }
    }

    /** Make the allowed principals exactly the desired list: add the missing, remove the others. */
    record SetAllowedPrincipals(String serviceId, List<String> add, List<String> remove) implements PrivateLinkChange {
        public SetAllowedPrincipals {
            add = List.copyOf(add);
            remove = List.copyOf(remove);
        }

        @Override
        public String description() {
            String service = serviceId == null ? "the new endpoint service" : "endpoint service " + serviceId;
            return "Set the allowed principals of " + service + (add.isEmpty() ? "" : ": allow " + String.join(", ", add))
                    + (remove.isEmpty() ? "" : (add.isEmpty() ? ": " : "; ") + "remove " + String.join(", ", remove));
        }
    }

    /** Whether endpoint connections wait for acceptance. */
    record SetAcceptanceRequired(String serviceId, boolean required) implements PrivateLinkChange {
        @Override
        public String description() {
            return "Set acceptance " + (required ? "required" : "not required") + " on endpoint service " + serviceId;
        }
    }
}
