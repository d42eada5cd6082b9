package com.auroracdc.drift;

import com.auroracdc.cluster.ClusterFacts;
import com.auroracdc.settings.Settings;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * The {@link ClusterFacts} Inspect would resolve, built from what the batch already described (no call of its
 * own). Unlike Inspect it refuses nothing: a drift check reports, it does not stop.
 */
final class DriftClusterFacts {
    private DriftClusterFacts() {
    }

    /** Only the automation's own tags travel on: the batch's state must stay far below Step Functions' 256 KB. */
    private static Map<String, String> ours(Map<String, String> tags) {
        Map<String, String> ours = new java.util.TreeMap<>();
        tags.forEach((key, value) -> {
            if (key.startsWith(com.auroracdc.settings.Tags.PREFIX)) {
                ours.put(key, value);
            }
        });
        return ours;
    }

    static ClusterFacts of(DBCluster cluster, List<DBInstance> instances, String family, Settings settings, Map<String, String> tags) {
        String writer = cluster.dbClusterMembers().stream().filter(m -> Boolean.TRUE.equals(m.isClusterWriter()))
                .map(DBClusterMember::dbInstanceIdentifier).findFirst().orElse(null);
        List<String> readers = cluster.dbClusterMembers().stream().filter(m -> !Boolean.TRUE.equals(m.isClusterWriter()))
                .map(DBClusterMember::dbInstanceIdentifier).sorted().toList();
        boolean serverlessV2 = instances.stream().anyMatch(i -> "db.serverless".equals(i.dbInstanceClass()))
                || cluster.serverlessV2ScalingConfiguration() != null;
        String vpcId = instances.stream().filter(i -> i.dbSubnetGroup() != null).map(i -> i.dbSubnetGroup().vpcId())
                .findFirst().orElse(null);
        String adminSecret = settings.adminSecretArn() != null ? settings.adminSecretArn()
                : cluster.masterUserSecret() != null ? cluster.masterUserSecret().secretArn() : null;
        return new ClusterFacts(cluster.dbClusterIdentifier(), cluster.dbClusterArn(), cluster.engine(),
                cluster.engineVersion(), cluster.engineMode(), family, cluster.status(),
                cluster.port() == null ? 5432 : cluster.port(), vpcId,
                cluster.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList(),
                cluster.dbClusterParameterGroup(), writer, readers, cluster.endpoint(), cluster.databaseName(),
                adminSecret, cluster.preferredMaintenanceWindow(), serverlessV2, ours(tags));
    }
}
