package com.auroracdc.internal.execution;

import com.auroracdc.internal.database.QualifiedName;
import java.util.List;
import java.util.TreeSet;

import com.auroracdc.internal.settings.SettingOrigin;
import java.util.Map;

/**
 * What one applied (non-dry-run) setup did to a cluster: the desired state drift and repair compare against.
 *
 * @param settings  every setting it applied, by input key: the value's words and where they came from
 * @param tagsSeen  the cluster's setting tags at that time, by input key (to tell a later tag change)
 * @param stackSeen the stack parameters' values at that time, by input key (to tell a later redeploy)
 * @param outcome   the report status: ready, pending-reboot or failed
 */
public record SetupRecord(
        String cluster,
        String executionId,
        String startedAt,
        String finishedAt,
        String outcome,
        String error,
        Map<String, SettingOrigin> settings,
        Map<String, String> tagsSeen,
        Map<String, String> stackSeen,
        Resources resources) {

    public SetupRecord {
        settings = Map.copyOf(settings);
        tagsSeen = Map.copyOf(tagsSeen);
        stackSeen = Map.copyOf(stackSeen);
    }

    /**
     * What the setup made or took over. {@code replacedParameterGroup} is the cluster's own group before ours
     * (what a teardown restores); null when the setup changed a group in place or found ours already in place
     * with no earlier record. {@code replicaIdentityFull}: the tables whose REPLICA IDENTITY the setup set to FULL (what
     * a teardown may reset to DEFAULT), over every setup of the cluster; null in records written before it was kept.
     * {@code endpointService}: the PrivateLink path's VPC endpoint service name (the load balancer, its group, target
     * group and listener are named after the cluster, {@code mz-cdc-<cluster>}), or null without one.
     */
    public record Resources(
            String parameterGroup,
            String replacedParameterGroup,
            String securityGroupId,
            String publication,
            String replicationUser,
            String replicationSecretArn,
            String databaseName,
            List<QualifiedName> replicaIdentityFull,
            String endpointService) {

        public Resources {
            replicaIdentityFull = replicaIdentityFull == null ? List.of() : List.copyOf(new TreeSet<>(replicaIdentityFull));
        }

        /** Without a PrivateLink path. */
        public Resources(String parameterGroup, String replacedParameterGroup, String securityGroupId, String publication,
                         String replicationUser, String replicationSecretArn, String databaseName,
                         List<QualifiedName> replicaIdentityFull) {
            this(parameterGroup, replacedParameterGroup, securityGroupId, publication, replicationUser, replicationSecretArn,
                    databaseName, replicaIdentityFull, null);
        }
    }
}
