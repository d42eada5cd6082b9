package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.aws.Pages;
import com.auroracdc.internal.privatelink.PrivateLinkNames;
import com.auroracdc.internal.securitygroup.DedicatedGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupReads;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.Filter;

/**
 * What one batch of clusters looks like, read with a handful of calls whatever the batch size: one
 * DescribeDBClusters and one DescribeDBInstances filtered on the batch's identifiers, and the dedicated
 * security groups and their rules with one call each. Each part is read lazily and once; a part that fails
 * (e.g. EC2 access denied) fails only the checks that need it, each of which then becomes a finding.
 */
public final class BatchObservation implements SecurityGroupReads {
    /** The most values one describe filter is given. */
    static final int FILTER_VALUES = 100;

    private final RdsClient rds;
    private final Ec2Client ec2;
    private final List<String> clusterIds;
    private final Map<String, Object> parts = new HashMap<>();

    public BatchObservation(RdsClient rds, Ec2Client ec2, List<String> clusterIds) {
        this.rds = rds;
        this.ec2 = ec2;
        this.clusterIds = List.copyOf(clusterIds);
    }

    /** The batch's clusters by identifier; a cluster deleted since the listing is absent. */
    public Map<String, DBCluster> clusters() {
        return part("clusters", () -> {
            Map<String, DBCluster> clusters = new HashMap<>();
            for (List<String> chunk : chunks(clusterIds)) {
                Pages.all(marker -> rds.describeDBClusters(r -> r.maxRecords(100).marker(marker)
                                        .filters(Filter.builder().name("db-cluster-id").values(chunk).build())),
                                DescribeDbClustersResponse::marker, DescribeDbClustersResponse::dbClusters)
                        .forEach(c -> clusters.put(c.dbClusterIdentifier(), c));
            }
            return Map.copyOf(clusters);
        });
    }

    /** The instances of each cluster of the batch (for the VPC, Serverless v2 and instance states). */
    public List<DBInstance> instances(String clusterId) {
        Map<String, List<DBInstance>> all = part("instances", () -> {
            Map<String, List<DBInstance>> byCluster = new HashMap<>();
            for (List<String> chunk : chunks(clusterIds)) {
                Pages.all(marker -> rds.describeDBInstances(r -> r.maxRecords(100).marker(marker)
                                        .filters(Filter.builder().name("db-cluster-id").values(chunk).build())),
                                DescribeDbInstancesResponse::marker, DescribeDbInstancesResponse::dbInstances)
                        .forEach(i -> byCluster.computeIfAbsent(i.dbClusterIdentifier(), k -> new ArrayList<>()).add(i));
            }
            return byCluster;
        });
        return all.getOrDefault(clusterId, List.of());
    }

    /** Every security group named as a dedicated (or load balancer) group of the batch's clusters, with its VPC and tags. */
    private List<SecurityGroup> securityGroupsNamed() {
        return part("securityGroups", () -> {
            List<SecurityGroup> groups = new ArrayList<>();
            // Each cluster's two possible groups: the dedicated one, and its PrivateLink load balancer's.
            for (List<String> chunk : chunks(clusterIds.stream()
                    .flatMap(id -> Stream.of(DedicatedGroup.name(id), PrivateLinkNames.securityGroupName(id))).toList())) {
                groups.addAll(Pages.all(token -> ec2.describeSecurityGroups(r -> r.maxResults(1000).nextToken(token)
                                .filters(f -> f.name("group-name").values(chunk))),
                        DescribeSecurityGroupsResponse::nextToken, DescribeSecurityGroupsResponse::securityGroups));
            }
            return List.copyOf(groups);
        });
    }

    /** Inbound and outbound rules of these groups by group id, read once per batch (filter group-id). */
    private Map<String, List<SecurityGroupRule>> rules(Collection<String> groupIds) {
        return part("rules", () -> {
            Map<String, List<SecurityGroupRule>> byGroup = new HashMap<>();
            for (List<String> chunk : chunks(List.copyOf(groupIds))) {
                Pages.all(token -> ec2.describeSecurityGroupRules(r -> r.maxResults(1000).nextToken(token)
                                        .filters(f -> f.name("group-id").values(chunk))),
                                DescribeSecurityGroupRulesResponse::nextToken, DescribeSecurityGroupRulesResponse::securityGroupRules)
                        .forEach(rule -> byGroup.computeIfAbsent(rule.groupId(), k -> new ArrayList<>()).add(rule));
            }
            return Map.copyOf(byGroup);
        });
    }

    /** From the batch's one listing of its dedicated groups' names (whatever the VPC). */
    @Override
    public Optional<SecurityGroup> named(String groupName, String vpcId) {
        return securityGroupsNamed().stream()
                .filter(g -> groupName.equals(g.groupName()) && (vpcId == null || vpcId.equals(g.vpcId()))).findFirst();
    }

    /** From the batch's one listing of the rules of all its managed dedicated groups. */
    @Override
    public List<SecurityGroupRule> rules(String groupId) {
        List<String> dedicated = clusterIds.stream().map(DedicatedGroup::name).toList();
        List<String> managed = securityGroupsNamed().stream()
                .filter(g -> DedicatedGroup.isManaged(g) && dedicated.contains(g.groupName())).map(SecurityGroup::groupId).toList();
        return rules(managed).getOrDefault(groupId, List.of());
    }

    public List<String> clusterIds() {
        return clusterIds;
    }

    private static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += FILTER_VALUES) {
            chunks.add(values.subList(from, Math.min(from + FILTER_VALUES, values.size())));
        }
        return chunks;
    }

    /** Reads a part once; a failure is remembered and rethrown to every check that needs the part. */
    @SuppressWarnings("unchecked")
    private synchronized <T> T part(String name, Supplier<T> loader) {
        Object value = parts.get(name);
        if (value == null) {
            try {
                value = loader.get();
            } catch (RuntimeException e) {
                value = e;
            }
            parts.put(name, value);
        }
        if (value instanceof RuntimeException e) {
            throw e;
        }
        return (T) value;
    }
}
