package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.drift.DriftMetrics;
import com.auroracdc.internal.metrics.MetricLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every replication slot of the writer at one moment, with what limits them.
 *
 * @param observedAt        the database's {@code now()}: inactivity is measured on the server's clock
 * @param serverVersionNum  {@code server_version_num}, e.g. 160004
 */
public record SlotSnapshot(int maxReplicationSlots, Instant observedAt, int serverVersionNum, List<ReplicationSlot> slots) {

    public SlotSnapshot {
        slots = List.copyOf(slots);
    }

    public List<ReplicationSlot> materializeSlots() {
        return slots.stream().filter(ReplicationSlot::materialize).toList();
    }

    /** PostgreSQL 17 added {@code pg_replication_slots.inactive_since}; before it we cannot tell how long. */
    public boolean recordsInactiveSince() {
        return serverVersionNum >= 170000;
    }

    /** Retained WAL per materialize_ slot, and per cluster, when a slot is unhealthy, the inactive, invalidated and free counts. */
    public List<String> metrics(String namespace, String cluster) {
        Instant at = observedAt;
        List<String> lines = new ArrayList<>();
        int inactive = 0;
        int invalidated = 0;
        for (ReplicationSlot slot : materializeSlots()) {
            if (slot.retainedWalBytes() != null) {
                lines.add(MetricLine.of(namespace, at).dimensionSet(DriftMetrics.CLUSTER, DriftMetrics.SLOT).dimensionSet()
                        .dimension(DriftMetrics.CLUSTER, cluster).dimension(DriftMetrics.SLOT, slot.name())
                        .metric(DriftMetrics.RETAINED_WAL, slot.retainedWalBytes(), "Bytes").toJson());
            }
            if (!slot.active() && !slot.invalidated()) {
                inactive++;
            }
            if (slot.invalidated()) {
                invalidated++;
            }
        }
        if (inactive > 0 || invalidated > 0) {
            lines.add(MetricLine.of(namespace, at).dimensionSet(DriftMetrics.CLUSTER).dimensionSet()
                    .dimension(DriftMetrics.CLUSTER, cluster)
                    .metric(DriftMetrics.INACTIVE_SLOTS, inactive, "Count")
                    .metric(DriftMetrics.INVALIDATED_SLOTS, invalidated, "Count")
                    .metric(DriftMetrics.FREE_SLOTS, Math.max(0, maxReplicationSlots - slots.size()), "Count")
                    .toJson());
        }
        return lines;
    }
}
