package com.auroracdc.securitygroup;

import com.auroracdc.cluster.ClusterFacts;
import com.auroracdc.errors.ClusterNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * Read-only: re-describes the cluster (its port and groups may have changed since Inspect), finds the
 * dedicated group by name in the cluster's VPC, and lists its inbound rules. Every describe is paginated
 * by hand (NextToken / Marker) so any client, mocks included, sees the documented request sequence.
 */
public final class SecurityGroupObserver {
    private final RdsClient rds;
    private final Ec2Client ec2;

    public SecurityGroupObserver(RdsClient rds, Ec2Client ec2) {
        this.rds = rds;
        this.ec2 = ec2;
    }

    public ObservedSecurityGroup observe(ClusterFacts facts) {
        return observe(facts, cluster -> { });
    }

    /** @param describedCheck applied to the cluster as described, before anything else is read (may throw) */
    public ObservedSecurityGroup observe(ClusterFacts facts, Consumer<DBCluster> describedCheck) {
        DBCluster cluster = describeCluster(facts.identifier());
        describedCheck.accept(cluster);
        return observe(facts, cluster);
    }

    /** From a cluster the caller has just described and bound (see {@code ClusterBinding}). */
    public ObservedSecurityGroup observe(ClusterFacts facts, DBCluster cluster) {
        int port = cluster.port() != null ? cluster.port() : facts.port();
        List<String> groupIds = cluster.vpcSecurityGroups().stream()
                .map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList();
        var dedicated = findGroup(DedicatedGroup.name(facts.identifier()), facts.vpcId())
                .map(group -> {
                    boolean managed = DedicatedGroup.isManaged(tags(group));
                    // Another owner's rules are none of our business: read them only for our own group.
                    List<ObservedRule> rules = managed ? ingressRules(group.groupId()) : List.of();
                    return new ObservedSecurityGroup.DedicatedGroupState(group.groupId(), group.groupName(), managed, rules);
                })
                .orElse(null);
        return new ObservedSecurityGroup(facts.identifier(), facts.vpcId(), port, groupIds, dedicated);
    }

    /** The group with this exact name in this VPC (names are unique per VPC), if any. */
    public Optional<SecurityGroup> findGroup(String groupName, String vpcId) {
        List<SecurityGroup> found = new ArrayList<>();
        String token = null;
        do {
            DescribeSecurityGroupsResponse page = ec2.describeSecurityGroups(DescribeSecurityGroupsRequest.builder()
                    .filters(Filter.builder().name("group-name").values(groupName).build(),
                            Filter.builder().name("vpc-id").values(vpcId).build())
                    .nextToken(token)
                    .build());
            found.addAll(page.securityGroups());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return found.stream().filter(g -> groupName.equals(g.groupName()) && vpcId.equals(g.vpcId())).findFirst();
    }

    private List<ObservedRule> ingressRules(String groupId) {
        List<ObservedRule> rules = new ArrayList<>();
        String token = null;
        do {
            DescribeSecurityGroupRulesResponse page = ec2.describeSecurityGroupRules(DescribeSecurityGroupRulesRequest.builder()
                    .filters(Filter.builder().name("group-id").values(groupId).build())
                    .nextToken(token)
                    .build());
            for (SecurityGroupRule rule : page.securityGroupRules()) {
                if (!Boolean.TRUE.equals(rule.isEgress()) && groupId.equals(rule.groupId())) {
                    rules.add(new ObservedRule(rule.securityGroupRuleId(), rule.ipProtocol(), rule.fromPort(), rule.toPort(),
                            rule.cidrIpv4(), rule.cidrIpv6(),
                            rule.referencedGroupInfo() == null ? null : rule.referencedGroupInfo().groupId(),
                            rule.prefixListId(), rule.description()));
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return rules;
    }

    private DBCluster describeCluster(String clusterId) {
        List<DBCluster> clusters = new ArrayList<>();
        String marker = null;
        try {
            do {
                DescribeDbClustersResponse page = rds.describeDBClusters(DescribeDbClustersRequest.builder()
                        .dbClusterIdentifier(clusterId).marker(marker).build());
                clusters.addAll(page.dbClusters());
                marker = page.marker();
            } while (marker != null && !marker.isEmpty());
        } catch (DbClusterNotFoundException e) {
            throw notFound(clusterId, e);
        }
        return clusters.stream().filter(c -> clusterId.equalsIgnoreCase(c.dbClusterIdentifier())).findFirst()
                .orElseThrow(() -> notFound(clusterId, null));
    }

    private static ClusterNotFoundException notFound(String clusterId, Throwable cause) {
        return new ClusterNotFoundException("DB cluster " + clusterId + " no longer exists in this account and region"
                + " (it was there when the setup started). Check the identifier and region, then start the setup again.", cause);
    }

    private static Map<String, String> tags(SecurityGroup group) {
        return group.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
    }
}
