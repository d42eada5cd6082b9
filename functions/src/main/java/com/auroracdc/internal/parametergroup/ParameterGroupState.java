package com.auroracdc.internal.parametergroup;

import java.util.List;
import java.util.Map;

/**
 * What the parameter-group stage observed, read-only, in one immutable value: everything the planner needs.
 *
 * @param targetFamily   the family the cluster's engine version needs (Inspect, from DescribeDBEngineVersions)
 * @param current        the cluster parameter group the cluster uses now (re-described, not taken from Inspect)
 * @param otherClusters  other clusters using {@code current} (read only for custom groups of the right family)
 * @param managed        the group named {@link ManagedGroups#name} when it exists and is not {@code current};
 *                       null otherwise (with its tags and parameters)
 * @param engineDefaults the engine defaults of {@code targetFamily}: what a group created now would hold (read
 *                       only when a group may have to be created)
 * @param memberStatuses DB instance id to its DBClusterParameterGroupStatus (in-sync, pending-reboot, applying)
 */
public record ParameterGroupState(
        String clusterIdentifier,
        String targetFamily,
        ParameterGroupView current,
        List<String> otherClusters,
        ParameterGroupView managed,
        Map<String, ClusterParameter> engineDefaults,
        Map<String, String> memberStatuses) {

    public static final String IN_SYNC = "in-sync";

    public ParameterGroupState {
        otherClusters = List.copyOf(otherClusters);
        engineDefaults = Map.copyOf(engineDefaults);
        memberStatuses = Map.copyOf(memberStatuses);
    }

    public boolean allMembersInSync() {
        return memberStatuses.values().stream().allMatch(IN_SYNC::equals);
    }
}
