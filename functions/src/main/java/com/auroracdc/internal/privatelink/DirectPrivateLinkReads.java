package com.auroracdc.internal.privatelink;

import com.auroracdc.internal.aws.Pages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointConnectionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointConnectionsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointServiceConfigurationsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointServiceConfigurationsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointServicePermissionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointServicePermissionsResponse;
import software.amazon.awssdk.services.ec2.model.AllowedPrincipal;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.VpcEndpointConnection;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;

/** The PrivateLink reads of one invocation, each asked when needed (every page), nothing kept. */
final class DirectPrivateLinkReads implements PrivateLinkReads {
    private final ElasticLoadBalancingV2Client elbv2;
    private final Ec2Client ec2;
    private final RdsClient rds;
    private final HostResolver dns;

    DirectPrivateLinkReads(ElasticLoadBalancingV2Client elbv2, Ec2Client ec2, RdsClient rds, HostResolver dns) {
        this.elbv2 = elbv2;
        this.ec2 = ec2;
        this.rds = rds;
        this.dns = dns;
    }

    @Override
    public Optional<DBCluster> cluster(String clusterId) {
        try {
            return rds.describeDBClusters(r -> r.dbClusterIdentifier(clusterId)).dbClusters().stream().findFirst();
        } catch (DbClusterNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<DBInstance> instance(String instanceId) {
        try {
            return rds.describeDBInstances(r -> r.dbInstanceIdentifier(instanceId)).dbInstances().stream().findFirst();
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<DBSubnetGroup> subnetGroup(String name) {
        try {
            return rds.describeDBSubnetGroups(r -> r.dbSubnetGroupName(name)).dbSubnetGroups().stream().findFirst();
        } catch (DbSubnetGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<Subnet> subnets(List<String> subnetIds) {
        if (subnetIds.isEmpty()) {
            return List.of();
        }
        return Pages.all(token -> ec2.describeSubnets(DescribeSubnetsRequest.builder().subnetIds(subnetIds).nextToken(token).build()),
                DescribeSubnetsResponse::nextToken, DescribeSubnetsResponse::subnets);
    }

    @Override
    public List<String> resolve(String hostName) {
        return dns.ipv4(hostName);
    }

    @Override
    public Optional<SecurityGroup> securityGroup(String groupName, String vpcId) {
        return ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name").values(groupName).build(),
                Filter.builder().name("vpc-id").values(vpcId).build())).securityGroups().stream().findFirst();
    }

    @Override
    public Optional<LoadBalancer> loadBalancer(String name) {
        try {
            return elbv2.describeLoadBalancers(r -> r.names(name)).loadBalancers().stream()
                    .filter(lb -> name.equals(lb.loadBalancerName())).findFirst();
        } catch (LoadBalancerNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Map<String, String> tags(String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        elbv2.describeTags(r -> r.resourceArns(arn)).tagDescriptions().stream()
                .filter(d -> arn.equals(d.resourceArn()))
                .forEach(d -> d.tags().forEach(t -> tags.put(t.key(), t.value())));
        return tags;
    }

    @Override
    public Map<String, String> loadBalancerAttributes(String loadBalancerArn) {
        Map<String, String> attributes = new LinkedHashMap<>();
        elbv2.describeLoadBalancerAttributes(r -> r.loadBalancerArn(loadBalancerArn)).attributes()
                .forEach(a -> attributes.put(a.key(), a.value()));
        return attributes;
    }

    @Override
    public Optional<TargetGroup> targetGroup(String name) {
        try {
            return elbv2.describeTargetGroups(r -> r.names(name)).targetGroups().stream()
                    .filter(g -> name.equals(g.targetGroupName())).findFirst();
        } catch (TargetGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<TargetHealthDescription> targetHealth(String targetGroupArn) {
        return elbv2.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)).targetHealthDescriptions();
    }

    @Override
    public List<Listener> listeners(String loadBalancerArn) {
        return Pages.all(marker -> elbv2.describeListeners(DescribeListenersRequest.builder()
                        .loadBalancerArn(loadBalancerArn).marker(marker).build()),
                DescribeListenersResponse::nextMarker, DescribeListenersResponse::listeners);
    }

    @Override
    public Optional<ServiceConfiguration> endpointService(String loadBalancerArn) {
        // The service's name and id are EC2's choice, so it is found by its load balancer (one service per load balancer).
        return Pages.all(token -> ec2.describeVpcEndpointServiceConfigurations(DescribeVpcEndpointServiceConfigurationsRequest
                                .builder().nextToken(token).build()),
                        DescribeVpcEndpointServiceConfigurationsResponse::nextToken,
                        DescribeVpcEndpointServiceConfigurationsResponse::serviceConfigurations).stream()
                .filter(s -> s.networkLoadBalancerArns().contains(loadBalancerArn)).findFirst();
    }

    @Override
    public List<String> allowedPrincipals(String serviceId) {
        return Pages.all(token -> ec2.describeVpcEndpointServicePermissions(DescribeVpcEndpointServicePermissionsRequest
                                .builder().serviceId(serviceId).nextToken(token).build()),
                        DescribeVpcEndpointServicePermissionsResponse::nextToken,
                        DescribeVpcEndpointServicePermissionsResponse::allowedPrincipals).stream()
                .map(AllowedPrincipal::principal).toList();
    }

    @Override
    public List<VpcEndpointConnection> connections(String serviceId) {
        return Pages.all(token -> ec2.describeVpcEndpointConnections(DescribeVpcEndpointConnectionsRequest.builder()
                                .filters(Filter.builder().name("service-id").values(serviceId).build()).nextToken(token).build()),
                DescribeVpcEndpointConnectionsResponse::nextToken, DescribeVpcEndpointConnectionsResponse::vpcEndpointConnections);
    }
}
