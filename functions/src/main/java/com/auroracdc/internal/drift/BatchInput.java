package com.auroracdc.internal.drift;

import java.util.List;
import java.util.Map;

/** One Map item: a batch of cluster identifiers of one run. */
public record BatchInput(String runId, String startedAt, List<String> clusterIds, Map<String, List<String>> sharedParameterGroups) {
    public BatchInput {
        clusterIds = clusterIds == null ? List.of() : List.copyOf(clusterIds);
        sharedParameterGroups = sharedParameterGroups == null ? Map.of() : Map.copyOf(sharedParameterGroups);
    }
}
