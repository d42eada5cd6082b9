package com.auroracdc.local.sim;

import java.util.List;

/**
 * What a scenario created, so tests and the local runner need not look it up.
 *
 * @param writerInstanceId           null for Aurora Serverless v1 (no instances)
 * @param securityGroupIds           the groups attached to the cluster (the customer's database group)
 * @param applicationSecurityGroupId the customer's application group, referenced by a rule of the database group
 * @param masterSecretArn            the RDS-managed master secret, or null
 */
public record ClusterHandle(
        String clusterId,
        String clusterArn,
        String writerInstanceId,
        List<String> readerInstanceIds,
        String vpcId,
        List<String> securityGroupIds,
        String applicationSecurityGroupId,
        String clusterParameterGroup,
        String masterSecretArn,
        String endpoint,
        int port) {

    public ClusterHandle {
        readerInstanceIds = List.copyOf(readerInstanceIds);
        securityGroupIds = List.copyOf(securityGroupIds);
    }
}
