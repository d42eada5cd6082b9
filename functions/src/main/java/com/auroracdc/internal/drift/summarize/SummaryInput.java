package com.auroracdc.internal.drift.summarize;

import com.auroracdc.internal.drift.BatchSummary;
import com.auroracdc.internal.drift.DriftRun;
import java.util.List;

/** The summary's input: the listing's totals and every batch's result (or failure). */
public record SummaryInput(String runId, String startedAt, int clusterCount, List<DriftRun.Skipped> skipped,
                           List<BatchSummary> results) {
    public SummaryInput {
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
        results = results == null ? List.of() : List.copyOf(results);
    }
}
