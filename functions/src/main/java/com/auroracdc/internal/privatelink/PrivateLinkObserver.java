package com.auroracdc.internal.privatelink;

import com.auroracdc.errors.ClusterNotFoundException;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.ClusterSubnet;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.EndpointServiceState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.ListenerState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.LoadBalancerState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.SecurityGroupState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.Target;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.TargetGroupState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Read-only, and the only reader of the PrivateLink path, for the setup and for drift alike. Finds our resources by
 * their derived name; a resource of that name without our tags for this cluster is reported (managed = false) and not
 * read further: another owner's settings are none of our business.
 */
public final class PrivateLinkObserver {
    static final String CROSS_ZONE = "load_balancing.cross_zone.enabled";
    private final PrivateLinkReads reads;

    public PrivateLinkObserver(PrivateLinkReads reads) {
        this.reads = reads;
    }

    /** Describes the cluster, then observes. */
    public ObservedPrivateLink observe(String clusterId) {
        DBCluster cluster = reads.cluster(clusterId).orElseThrow(() -> new ClusterNotFoundException("DB cluster " + clusterId
                + " was not found: it was deleted or renamed. Nothing was changed."));
        return observe(cluster);
    }

    /** @param cluster the cluster as just described */
    public ObservedPrivateLink observe(DBCluster cluster) {
        String clusterId = cluster.dbClusterIdentifier();
        var group = reads.subnetGroup(cluster.dbSubnetGroup());
        List<ClusterSubnet> subnets = group.map(g -> subnets(reads, g.subnets().stream().map(n -> n.subnetIdentifier()).toList()))
                .orElse(List.of());
        Writer writer = writer(reads, cluster, subnets);
        String name = PrivateLinkNames.name(clusterId);
        String vpcId = group.map(g -> g.vpcId()).orElse(null);
        SecurityGroupState securityGroup = vpcId == null ? null : reads.securityGroup(PrivateLinkNames.securityGroupName(clusterId), vpcId)
                .map(g -> new SecurityGroupState(g.groupId(), g.groupName(), PrivateLinkNames.ours(Ec2Tags.toMap(g.tags()), clusterId)))
                .orElse(null);
        LoadBalancerState loadBalancer = reads.loadBalancer(name).map(lb -> loadBalancer(lb, clusterId)).orElse(null);
        TargetGroupState targetGroup = reads.targetGroup(name).map(g -> targetGroup(g, clusterId)).orElse(null);
        boolean ours = loadBalancer != null && loadBalancer.managed();
        ListenerState listener = ours ? listener(loadBalancer.arn(), cluster.port()) : null;
        EndpointServiceState service = ours ? reads.endpointService(loadBalancer.arn()).map(s -> service(s, clusterId))
                .orElse(null) : null;
        return new ObservedPrivateLink(clusterId, cluster.dbClusterArn(), vpcId, cluster.port(), subnets, writer,
                securityGroup, loadBalancer, targetGroup, listener, service);
    }

    /** The current writer and its private address: {@code IsClusterWriter}, then its instance endpoint resolved. */
    static Writer writer(PrivateLinkReads reads, DBCluster cluster, List<ClusterSubnet> subnets) {
        Optional<String> writerId = cluster.dbClusterMembers().stream().filter(m -> Boolean.TRUE.equals(m.isClusterWriter()))
                .map(DBClusterMember::dbInstanceIdentifier).findFirst();
        if (writerId.isEmpty()) {
            return null;
        }
        Optional<DBInstance> instance = reads.instance(writerId.get());
        String host = instance.map(i -> i.endpoint() == null ? null : i.endpoint().address()).orElse(null);
        if (host == null) {
            return new Writer(writerId.get(), null, null, List.of());
        }
        List<String> resolved = reads.resolve(host);
        // Only an address inside the cluster's own subnets is its private address: a publicly accessible instance's
        // name resolves to its public address outside the VPC, which must never become a target.
        String privateIp = resolved.stream()
                .filter(ip -> subnets.stream().anyMatch(s -> s.cidr() != null && Ipv4.inCidr(ip, s.cidr())))
                .findFirst().orElse(null);
        return new Writer(writerId.get(), host, privateIp, resolved);
    }

    /** The subnets in the subnet group's order, each with its zone ID (EC2's answer; RDS gives zone names only). */
    static List<ClusterSubnet> subnets(PrivateLinkReads reads, List<String> ids) {
        Map<String, Subnet> described = new LinkedHashMap<>();
        reads.subnets(ids).forEach(s -> described.put(s.subnetId(), s));
        return ids.stream().filter(described::containsKey).map(described::get)
                .map(s -> new ClusterSubnet(s.subnetId(), s.availabilityZone(), s.availabilityZoneId(), s.cidrBlock())).toList();
    }

    private LoadBalancerState loadBalancer(LoadBalancer lb, String clusterId) {
        boolean managed = PrivateLinkNames.ours(reads.tags(lb.loadBalancerArn()), clusterId);
        List<AvailabilityZone> zones = lb.availabilityZones();
        boolean crossZone = managed && "true".equals(reads.loadBalancerAttributes(lb.loadBalancerArn()).get(CROSS_ZONE));
        return new LoadBalancerState(lb.loadBalancerArn(), lb.loadBalancerName(), lb.dnsName(),
                lb.state() == null ? null : lb.state().codeAsString(), managed, lb.schemeAsString(),
                zones.stream().map(AvailabilityZone::subnetId).toList(),
                zones.stream().map(AvailabilityZone::zoneName).toList(),
                lb.securityGroups(), lb.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic(), crossZone);
    }

    private TargetGroupState targetGroup(TargetGroup group, String clusterId) {
        boolean managed = PrivateLinkNames.ours(reads.tags(group.targetGroupArn()), clusterId);
        List<Target> targets = managed ? reads.targetHealth(group.targetGroupArn()).stream()
                .map(d -> new Target(d.target().id(), d.target().port(), d.targetHealth().stateAsString(),
                        d.targetHealth().reasonAsString())).toList() : List.of();
        return new TargetGroupState(group.targetGroupArn(), group.targetGroupName(), managed, group.port(), group.vpcId(), targets);
    }

    private ListenerState listener(String loadBalancerArn, Integer port) {
        return reads.listeners(loadBalancerArn).stream().filter(l -> port == null || port.equals(l.port())).findFirst()
                .map(l -> new ListenerState(l.listenerArn(), l.port(), l.protocolAsString(),
                        l.defaultActions().isEmpty() ? null : l.defaultActions().get(0).targetGroupArn()))
                .orElse(null);
    }

    private EndpointServiceState service(ServiceConfiguration service, String clusterId) {
        boolean managed = PrivateLinkNames.ours(Ec2Tags.toMap(service.tags()), clusterId);
        Set<String> principals = managed ? Set.copyOf(reads.allowedPrincipals(service.serviceId())) : Set.of();
        Map<String, String> connections = new LinkedHashMap<>();
        if (managed) {
            reads.connections(service.serviceId()).forEach(c -> connections.put(c.vpcEndpointId(), c.vpcEndpointStateAsString()));
        }
        return new EndpointServiceState(service.serviceId(), service.serviceName(), service.serviceStateAsString(), managed,
                Boolean.TRUE.equals(service.acceptanceRequired()), service.availabilityZoneIds(), principals, connections);
    }
}
