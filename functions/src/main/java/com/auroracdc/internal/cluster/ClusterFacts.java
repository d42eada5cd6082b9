package com.auroracdc.internal.cluster;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * What Inspect learned about the cluster, resolved once per execution so later stages need not ask again.
 *
 * @param parameterGroupFamily     from DescribeDBEngineVersions for this engine version, e.g. aurora-postgresql16
 * @param clusterParameterGroup    the cluster parameter group in use when Inspect ran
 * @param writerEndpoint           the cluster (writer) endpoint: the only host the database stage connects to
 * @param databaseName             the cluster's initial database, or null
 * @param adminSecretArn           RDS-managed master secret, or the configured ARN
 * @param preferredMaintenanceWindow e.g. sun:05:00-sun:05:30 (UTC)
 */
public record ClusterFacts(
        String identifier,
        String arn,
        String engine,
        String engineVersion,
        String engineMode,
        String parameterGroupFamily,
        String status,
        int port,
        String vpcId,
        List<String> securityGroupIds,
        String clusterParameterGroup,
        String writerInstanceId,
        List<String> readerInstanceIds,
        String writerEndpoint,
        String databaseName,
        String adminSecretArn,
        String preferredMaintenanceWindow,
        Map<String, String> tags) {

    /** The port RDS gives an Aurora PostgreSQL cluster when none is described. */
    static final int DEFAULT_PORT = 5432;

    public ClusterFacts {
        securityGroupIds = List.copyOf(securityGroupIds);
        readerInstanceIds = List.copyOf(readerInstanceIds);
        tags = Map.copyOf(tags);
    }

    /**
     * The facts of a cluster as RDS describes it: Inspect's and the drift check's one way to resolve them.
     *
     * @param instances      the cluster's instances (their subnet group names the VPC)
     * @param family         its engine version's parameter group family (DescribeDBEngineVersions)
     * @param adminSecretArn the admin secret chosen by the stack's policy, or null
     * @param tags           the tags to carry (the caller decides which)
     */
    public static ClusterFacts of(DBCluster cluster, List<DBInstance> instances, String family, String adminSecretArn,
                                  Map<String, String> tags) {
        String vpcId = instances.stream().filter(i -> i.dbSubnetGroup() != null).map(i -> i.dbSubnetGroup().vpcId())
                .findFirst().orElse(null);
        return new ClusterFacts(cluster.dbClusterIdentifier(), null, null, null, null, family, null, DEFAULT_PORT, vpcId,
                List.of(), null, null, List.of(), null, null, null, null, Map.of()).refreshedFrom(cluster, adminSecretArn, tags);
    }

    /**
     * These facts with everything a fresh description of the cluster states (identifier, endpoint, port, engine version,
     * groups, members, window); the family and VPC, which it does not state, stay as resolved.
     */
    public ClusterFacts refreshedFrom(DBCluster cluster, String adminSecretArn, Map<String, String> tags) {
        String writer = cluster.dbClusterMembers().stream().filter(m -> Boolean.TRUE.equals(m.isClusterWriter()))
                // Mid-failover no member may be the writer for a moment: the last one known stands until one is.
                .map(DBClusterMember::dbInstanceIdentifier).findFirst().orElse(writerInstanceId);
        List<String> readers = cluster.dbClusterMembers().stream().filter(m -> !Boolean.TRUE.equals(m.isClusterWriter()))
                .map(DBClusterMember::dbInstanceIdentifier).sorted().toList();
        return new ClusterFacts(cluster.dbClusterIdentifier(), cluster.dbClusterArn(), cluster.engine(),
                cluster.engineVersion(), cluster.engineMode(), parameterGroupFamily, cluster.status(),
                cluster.port() == null ? port : cluster.port(), vpcId,
                cluster.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList(),
                cluster.dbClusterParameterGroup(), writer, readers, cluster.endpoint(), cluster.databaseName(),
                adminSecretArn, cluster.preferredMaintenanceWindow(), tags);
    }
}
