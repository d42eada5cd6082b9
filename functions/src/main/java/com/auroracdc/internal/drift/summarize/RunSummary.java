package com.auroracdc.internal.drift.summarize;

import com.auroracdc.internal.drift.DriftRun;
import java.util.List;
import java.util.Map;

/**
 * The drift execution's output: totals and which clusters need attention. The findings themselves are in
 * the "Aurora CDC Drift Detected" events and the metrics.
 *
 * @param uncheckable clusters that could not be checked, including those of batches whose report failed
 * @param skipped     tagged clusters the drift check does not handle (engine, Serverless v1), with the reason
 */
public record RunSummary(
        String runId,
        String startedAt,
        int clustersListed,
        int clustersChecked,
        int clustersDrifted,
        int clustersUncheckable,
        Map<String, Integer> findingsByKind,
        List<String> drifted,
        List<String> uncheckable,
        List<String> gone,
        List<String> repairsStarted,
        List<DriftRun.Skipped> skipped) {
}
