package com.auroracdc.internal.cluster;

import java.util.Map;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * The cluster a stage may act on, bound for this invocation by {@link ClusterBinding#bind}: described afresh from
 * RDS under the identifier the execution's stored context names (never a payload's), with its trigger tag checked,
 * the admin secret chosen once by the stack's policy, the egress CIDRs re-checked against the stack's rule, and its
 * members and engine version as RDS states them now. The only way in for the stages' observers, appliers and the
 * database connector.
 *
 * @param described the cluster as DescribeDBClusters returned it in this invocation
 * @param facts     Inspect's facts refreshed from {@code described}: endpoint, port, engine version, parameter group,
 *                  members, maintenance window, tags and the admin secret
 * @param context   the execution's resolved settings with those facts
 */
public record BoundCluster(DBCluster described, Map<String, String> tags, ClusterFacts facts, SetupContext context) {
    public BoundCluster {
        tags = Map.copyOf(tags);
    }

    public String identifier() {
        return facts.identifier();
    }

    public String engineVersion() {
        return facts.engineVersion();
    }
}
