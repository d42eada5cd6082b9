package com.auroracdc.internal.privatelink;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the PrivateLink path sees for one cluster, read-only. Every resource of ours is null when it does not exist.
 *
 * @param port         the cluster's port (the listener's, the target group's and the target's)
 * @param subnets      the subnets of the cluster's DB subnet group, one per Availability Zone it uses, in its order
 * @param writer       the current writer and its private address, or null when the cluster has no writer right now
 * @param securityGroup the load balancer's security group of our name in the cluster's VPC, whoever owns it
 * @param loadBalancer the load balancer of our name, whoever owns it
 * @param targetGroup  the target group of our name, whoever owns it
 * @param listener     the load balancer's listener on the port (only read on our load balancer)
 * @param service      the endpoint service on our load balancer
 */
public record ObservedPrivateLink(
        String clusterId,
        String clusterArn,
        String vpcId,
        int port,
        List<ClusterSubnet> subnets,
        Writer writer,
        SecurityGroupState securityGroup,
        LoadBalancerState loadBalancer,
        TargetGroupState targetGroup,
        ListenerState listener,
        EndpointServiceState service) {

    public ObservedPrivateLink {
        subnets = List.copyOf(subnets);
    }

    /** A subnet of the cluster's DB subnet group: its zone by name and by ID (Materialize wants the IDs). */
    public record ClusterSubnet(String subnetId, String zoneName, String zoneId, String cidr) {
    }

    /**
     * The writer instance and the private address its instance endpoint resolves to.
     *
     * @param privateIp   the resolved address inside one of the cluster's subnets, or null when there is none (yet)
     * @param resolvedTo  everything the name resolved to (for the message when none of it is in the subnets)
     */
    public record Writer(String instanceId, String hostName, String privateIp, List<String> resolvedTo) {
        public Writer {
            resolvedTo = List.copyOf(resolvedTo);
        }
    }

    /** @param managed carries our tags for this cluster */
    public record SecurityGroupState(String id, String name, boolean managed) {
    }

    /**
     * @param state                provisioning, active, active_impaired or failed
     * @param managed              carries our tags for this cluster; if not, nothing else of it is read
     * @param securityGroupIds     its security groups: none when it was created without (AWS cannot add one later)
     * @param privateLinkInbound   EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: on, off, or null without groups
     */
    public record LoadBalancerState(String arn, String name, String dnsName, String state, boolean managed, String scheme,
                                    List<String> subnetIds, List<String> zoneNames, List<String> securityGroupIds,
                                    String privateLinkInbound, boolean crossZone) {
        public LoadBalancerState {
            subnetIds = List.copyOf(subnetIds);
            zoneNames = List.copyOf(zoneNames);
            securityGroupIds = List.copyOf(securityGroupIds);
        }

        public boolean active() {
            return "active".equals(state);
        }
    }

    /** @param targets the registered targets and their health (empty when not managed) */
    public record TargetGroupState(String arn, String name, boolean managed, Integer port, String vpcId,
                                   List<Target> targets) {
        public TargetGroupState {
            targets = List.copyOf(targets);
        }

        /** The targets that still take traffic: registered and not draining. */
        public List<Target> live() {
            return targets.stream().filter(t -> !"draining".equals(t.state())).toList();
        }
    }

    /** A registered target: its address, port and health (state and reason as DescribeTargetHealth reports them). */
    public record Target(String ip, int port, String state, String reason) {
    }

    /** @param targetGroupArn where its one forward action goes */
    public record ListenerState(String arn, int port, String protocol, String targetGroupArn) {
    }

    /**
     * @param state          Pending, Available, Deleting, Deleted or Failed
     * @param principals     the allowed principals (empty when not managed)
     * @param connections    endpoint connections by endpoint id, with their state (pendingAcceptance, available, ...)
     */
    public record EndpointServiceState(String id, String name, String state, boolean managed, boolean acceptanceRequired,
                                       List<String> zoneIds, Set<String> principals, Map<String, String> connections) {
        public EndpointServiceState {
            zoneIds = List.copyOf(zoneIds);
            principals = Set.copyOf(principals);
            connections = Map.copyOf(connections);
        }
    }

    /** The zone IDs the cluster uses, in its subnet group's order (for Materialize's AVAILABILITY ZONES). */
    public List<String> zoneIds() {
        return subnets.stream().map(ClusterSubnet::zoneId).distinct().toList();
    }
}
