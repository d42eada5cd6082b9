package com.auroracdc.internal.drift;

import com.auroracdc.internal.report.ReportRequest.CaughtError;
import java.util.List;
import java.util.Map;

/**
 * What one batch tells the summary: small on purpose (Step Functions gathers every batch's result into one
 * state of at most 256 KB), so findings themselves go out in events and metrics, not here.
 *
 * @param failedClusterIds set (with {@code error}) when even the report of this batch failed
 */
public record BatchSummary(
        int checked,
        List<String> drifted,
        List<String> uncheckable,
        List<String> gone,
        Map<String, Integer> findingsByKind,
        List<String> repairsStarted,
        List<String> failedClusterIds,
        CaughtError error) {

    public BatchSummary {
        drifted = drifted == null ? List.of() : List.copyOf(drifted);
        uncheckable = uncheckable == null ? List.of() : List.copyOf(uncheckable);
        gone = gone == null ? List.of() : List.copyOf(gone);
        findingsByKind = findingsByKind == null ? Map.of() : Map.copyOf(findingsByKind);
        repairsStarted = repairsStarted == null ? List.of() : List.copyOf(repairsStarted);
        failedClusterIds = failedClusterIds == null ? List.of() : List.copyOf(failedClusterIds);
    }
}
