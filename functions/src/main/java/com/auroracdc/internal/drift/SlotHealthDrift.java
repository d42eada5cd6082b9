package com.auroracdc.internal.drift;

import com.auroracdc.internal.cluster.SetupContext;
import java.sql.Connection;
import java.util.List;
import java.util.function.Consumer;

/** Replication-slot health on the writer: findings, plus the slot metrics (printed as EMF lines). */
public final class SlotHealthDrift implements DatabaseDrift {
    private final DriftThresholds thresholds;
    private final String namespace;
    private final Consumer<String> metrics;

    public SlotHealthDrift(DriftThresholds thresholds, String namespace, Consumer<String> metrics) {
        this.thresholds = thresholds;
        this.namespace = namespace;
        this.metrics = metrics;
    }

    @Override
    public String area() {
        return "replication slots";
    }

    @Override
    public List<Finding> check(SetupContext context, Connection connection) throws Exception {
        String cluster = context.cluster().identifier();
        SlotSnapshot snapshot = SlotHealthReader.read(connection);
        DriftMetrics.slots(namespace, cluster, snapshot).forEach(metrics);
        return SlotHealth.classify(cluster, snapshot, thresholds);
    }
}
