package com.auroracdc.internal.drift.summarize;

import com.auroracdc.internal.drift.BatchSummary;
import com.auroracdc.internal.drift.DriftMetrics;
import com.auroracdc.internal.drift.FindingKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Drift step 3: adds up the batches (pure) and prints the run's totals as EMF. */
public final class DriftSummary {
    private DriftSummary() {
    }

    public static RunSummary summarize(SummaryInput input) {
        int checked = 0;
        List<String> drifted = new ArrayList<>();
        List<String> uncheckable = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        List<String> repairs = new ArrayList<>();
        Map<String, Integer> byKind = new TreeMap<>();
        for (BatchSummary batch : input.results()) {
            checked += batch.checked();
            drifted.addAll(batch.drifted());
            uncheckable.addAll(batch.uncheckable());
            uncheckable.addAll(batch.failedClusterIds());
            gone.addAll(batch.gone());
            repairs.addAll(batch.repairsStarted());
            batch.findingsByKind().forEach((kind, n) -> byKind.merge(kind, n, Integer::sum));
            if (!batch.failedClusterIds().isEmpty()) {
                byKind.merge(FindingKind.CHECK_FAILED.value(), batch.failedClusterIds().size(), Integer::sum);
            }
        }
        return new RunSummary(input.runId(), input.startedAt(), input.clusterCount(), checked, drifted.size(),
                uncheckable.size(), byKind, drifted, uncheckable, gone, repairs, input.skipped());
    }

    public static String metrics(String namespace, Instant at, RunSummary summary) {
        return DriftMetrics.run(namespace, at, summary.clustersChecked(), summary.clustersDrifted(),
                summary.clustersUncheckable());
    }
}
