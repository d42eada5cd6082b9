package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.drift.DriftThresholds;
import com.auroracdc.internal.drift.Finding;
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
        snapshot.metrics(namespace, cluster).forEach(metrics);
        return SlotHealth.classify(cluster, snapshot, thresholds);
    }
}
