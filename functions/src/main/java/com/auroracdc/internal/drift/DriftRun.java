package com.auroracdc.internal.drift;

import java.util.List;
import java.util.Map;

/**
 * What listing hands the Map state: the tagged clusters in batches, small enough for Step Functions'
 * 256 KB state limit at thousands of clusters (identifiers only; each batch re-describes its clusters in one call).
 *
 * @param sharedParameterGroups custom cluster parameter groups used by more than one cluster (tagged or not), with
 *                              up to {@link #MAX_GROUP_USERS} of the clusters using each (the planner only needs to
 *                              know the group is shared, and names a few in its messages)
 * @param skipped               tagged clusters the drift check cannot handle, with the reason
 */
public record DriftRun(
        String runId,
        String startedAt,
        int clusterCount,
        List<Batch> batches,
        Map<String, List<String>> sharedParameterGroups,
        List<Skipped> skipped) {

    public static final int MAX_GROUP_USERS = 10;

    public DriftRun {
        batches = List.copyOf(batches);
        sharedParameterGroups = Map.copyOf(sharedParameterGroups);
        skipped = List.copyOf(skipped);
    }

    /** One Map item. */
    public record Batch(List<String> clusterIds) {
        public Batch {
            clusterIds = List.copyOf(clusterIds);
        }
    }

    public record Skipped(String cluster, String reason) {
    }
}
