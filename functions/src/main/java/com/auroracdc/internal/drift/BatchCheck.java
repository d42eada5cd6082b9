package com.auroracdc.internal.drift;

import java.util.List;

/** The checks of one batch, passed from the control-plane check to the database check to the report. */
public record BatchCheck(String runId, String startedAt, List<ClusterCheck> clusters) {
    public BatchCheck {
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
    }
}
