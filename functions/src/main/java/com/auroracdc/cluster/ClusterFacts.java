package com.auroracdc.cluster;

import java.util.List;
import java.util.Map;

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
        boolean serverlessV2,
        Map<String, String> tags) {

    public ClusterFacts {
        securityGroupIds = List.copyOf(securityGroupIds);
        readerInstanceIds = List.copyOf(readerInstanceIds);
        tags = Map.copyOf(tags);
    }
}
