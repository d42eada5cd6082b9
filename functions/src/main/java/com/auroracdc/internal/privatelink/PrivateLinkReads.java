package com.auroracdc.internal.privatelink;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.VpcEndpointConnection;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;

/** Every read {@link PrivateLinkObserver} and {@link Retarget} make, over RDS, EC2, ELBv2 and DNS. */
public interface PrivateLinkReads {
    /** The setup's reads: each asked when needed (every page), nothing kept. */
    static PrivateLinkReads direct(ElasticLoadBalancingV2Client elbv2, Ec2Client ec2, RdsClient rds, HostResolver dns) {
        return new DirectPrivateLinkReads(elbv2, ec2, rds, dns);
    }

    /** The cluster as RDS describes it now (members with IsClusterWriter), if it exists. */
    Optional<DBCluster> cluster(String clusterId);

    /** The instance, if it exists (its endpoint address is what resolves to its private address). */
    Optional<DBInstance> instance(String instanceId);

    /** The DB subnet group by name. */
    Optional<DBSubnetGroup> subnetGroup(String name);

    /** These subnets as EC2 describes them (with their zone IDs, which RDS does not give). */
    List<Subnet> subnets(List<String> subnetIds);

    /** The host name's IPv4 addresses (empty when it does not resolve). */
    List<String> resolve(String hostName);

    /** The security group with this exact name in this VPC, if any (names are unique per VPC). */
    Optional<SecurityGroup> securityGroup(String groupName, String vpcId);

    /** The load balancer with this exact name, if any (names are unique per account and Region). */
    Optional<LoadBalancer> loadBalancer(String name);

    /** The tags of one ELBv2 resource (load balancer, target group or listener). */
    Map<String, String> tags(String arn);

    /** The load balancer's attributes. */
    Map<String, String> loadBalancerAttributes(String loadBalancerArn);

    /** The target group with this exact name, if any. */
    Optional<TargetGroup> targetGroup(String name);

    /** Every registered target of the group, with its health. */
    List<TargetHealthDescription> targetHealth(String targetGroupArn);

    /** The load balancer's listeners. */
    List<Listener> listeners(String loadBalancerArn);

    /** The endpoint service whose load balancers include this one, if any. */
    Optional<ServiceConfiguration> endpointService(String loadBalancerArn);

    /** The service's allowed principals. */
    List<String> allowedPrincipals(String serviceId);

    /** The service's endpoint connections. */
    List<VpcEndpointConnection> connections(String serviceId);
}
