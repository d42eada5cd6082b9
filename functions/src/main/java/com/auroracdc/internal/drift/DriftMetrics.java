package com.auroracdc.internal.drift;

import com.auroracdc.internal.metrics.MetricLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The drift check's metrics, as EMF lines. Metric names and dimensions are what the template's alarms use.
 *
 * <p>Cost note: every distinct (metric, dimensions) pair that receives data in a month is a custom metric
 * ($0.30 a month each). Per-cluster findings are only emitted for kinds present, and the per-cluster slot
 * counts only when a slot is inactive or invalidated, so a healthy cluster adds nothing but its slots'
 * retained WAL, which is what a graph of slot lag needs (a slot near the limit is a finding).
 */
public final class DriftMetrics {
    public static final String DRIFT_FINDINGS = "DriftFindings";
    public static final String RETAINED_WAL = "ReplicationSlotRetainedWalBytes";
    public static final String INACTIVE_SLOTS = "InactiveReplicationSlots";
    public static final String INVALIDATED_SLOTS = "InvalidatedReplicationSlots";
    public static final String FREE_SLOTS = "FreeReplicationSlots";
    public static final String CLUSTERS_CHECKED = "ClustersChecked";
    public static final String CLUSTERS_DRIFTED = "ClustersDrifted";
    public static final String CLUSTERS_UNCHECKABLE = "ClustersUncheckable";
    public static final String CLUSTER = "ClusterIdentifier";
    public static final String KIND = "Kind";
    public static final String SLOT = "SlotName";

    private DriftMetrics() {
    }

    /** One line per kind present: DriftFindings by (cluster, kind), by kind, and in total. */
    public static List<String> findings(String namespace, Instant at, String cluster, List<Finding> findings) {
        Map<String, Integer> perKind = new TreeMap<>();
        findings.forEach(f -> perKind.merge(f.kind().value(), 1, Integer::sum));
        List<String> lines = new ArrayList<>();
        perKind.forEach((kind, count) -> lines.add(MetricLine.of(namespace, at)
                .dimensionSet(CLUSTER, KIND).dimensionSet(KIND).dimensionSet()
                .dimension(CLUSTER, cluster).dimension(KIND, kind)
                .metric(DRIFT_FINDINGS, count, "Count").toJson()));
        return lines;
    }

    /** Run totals, without a cluster dimension (one metric each, whatever the fleet size). */
    public static String run(String namespace, Instant at, int checked, int drifted, int uncheckable) {
        return MetricLine.of(namespace, at).dimensionSet()
                .metric(CLUSTERS_CHECKED, checked, "Count")
                .metric(CLUSTERS_DRIFTED, drifted, "Count")
                .metric(CLUSTERS_UNCHECKABLE, uncheckable, "Count")
                .toJson();
    }
}
