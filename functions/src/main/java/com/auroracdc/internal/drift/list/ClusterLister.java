package com.auroracdc.internal.drift.list;

import com.auroracdc.internal.cluster.ClusterReads;
import com.auroracdc.internal.drift.DriftConfig;
import com.auroracdc.internal.drift.DriftRun;
import com.auroracdc.internal.settings.SettingsResolver;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Lists every cluster of the region, 100 per DescribeDBClusters page (tags come with each cluster, so no
 * per-cluster tag call), and keeps the tagged Aurora PostgreSQL ones. Read-only.
 */
public final class ClusterLister {
    private final RdsClient rds;
    private final SettingsResolver resolver;
    private final DriftConfig config;

    public ClusterLister(RdsClient rds, SettingsResolver resolver, DriftConfig config) {
        this.rds = rds;
        this.resolver = resolver;
        this.config = config;
    }

    public DriftRun list(ListInput input) {
        List<DBCluster> all = ClusterReads.direct(rds).all();
        return TaggedClusters.plan(input.runId(), input.startedAt(), all, resolver.triggerTagKey(),
                only(input.event()), config.batchSize());
    }

    private static Set<String> only(JsonNode event) {
        Set<String> only = new LinkedHashSet<>();
        if (event != null && event.has("clusterIdentifiers")) {
            JsonNode ids = event.get("clusterIdentifiers");
            if (ids.isArray()) {
                ids.forEach(id -> only.add(id.asText()));
            } else {
                only.add(ids.asText());
            }
        }
        return only;
    }
}
