package com.auroracdc.internal.drift.list;

import com.auroracdc.internal.drift.DriftRun;
import com.auroracdc.internal.settings.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Which described clusters the drift check covers, and how they are batched. Pure. A cluster whose trigger tag says
 * {@code disabled} is covered too, for its leftover replication slots only.
 */
public final class TaggedClusters {
    static final String ENGINE = "aurora-postgresql";

    private TaggedClusters() {
    }

    public static boolean tagged(DBCluster cluster, String triggerTagKey) {
        return cluster.tagList().stream()
                .anyMatch(t -> triggerTagKey.equals(t.key()) && Tags.TRIGGER_VALUE.equals(t.value()));
    }

    /**
     * The automation was on for this cluster and is off now: the trigger tag says {@code disabled}, or it is gone while
     * our status tag (written by every setup) is still there. Drift looks only for leftover replication slots there,
     * until a teardown has finished ({@code removed}): its database is then out of the drift functions' reach (the
     * teardown removed the security group that let them in), and the teardown's report named every slot it left.
     */
    public static boolean disabled(DBCluster cluster, String triggerTagKey) {
        Map<String, String> tags = tags(cluster);
        if (Tags.REMOVED_STATUS.equals(tags.get(Tags.STATUS))) {
            return false;
        }
        return Tags.DISABLED_VALUE.equals(tags.get(triggerTagKey))
                || (!tags.containsKey(triggerTagKey) && tags.containsKey(Tags.STATUS));
    }

    public static Map<String, String> tags(DBCluster cluster) {
        Map<String, String> tags = new HashMap<>();
        for (Tag tag : cluster.tagList()) {
            tags.put(tag.key(), tag.value() == null ? "" : tag.value());
        }
        return tags;
    }

    /**
     * @param all  every cluster of the region (needed to tell which parameter groups are shared)
     * @param only when not empty, restrict the run to these identifiers (manual runs)
     */
    public static DriftRun plan(String runId, String startedAt, List<DBCluster> all, String triggerTagKey,
                                Set<String> only, int batchSize) {
        List<DBCluster> covered = new ArrayList<>();
        List<DriftRun.Skipped> skipped = new ArrayList<>();
        Map<String, List<String>> groupUsers = new HashMap<>();
        for (DBCluster cluster : all) {
            if (cluster.dbClusterParameterGroup() != null) {
                groupUsers.computeIfAbsent(cluster.dbClusterParameterGroup(), k -> new ArrayList<>())
                        .add(cluster.dbClusterIdentifier());
            }
            boolean disabled = disabled(cluster, triggerTagKey);
            if (!(tagged(cluster, triggerTagKey) || disabled)
                    || (!only.isEmpty() && !only.contains(cluster.dbClusterIdentifier()))) {
                continue;
            }
            if (disabled && (!ENGINE.equals(cluster.engine()) || "serverless".equals(cluster.engineMode()))) {
                continue; // it never had a replication slot of ours
            }
            if (!ENGINE.equals(cluster.engine())) {
                skipped.add(new DriftRun.Skipped(cluster.dbClusterIdentifier(), "engine " + cluster.engine()
                        + " is not aurora-postgresql: remove the " + triggerTagKey + " tag"));
            } else if ("serverless".equals(cluster.engineMode())) {
                skipped.add(new DriftRun.Skipped(cluster.dbClusterIdentifier(), "Aurora Serverless v1 cannot do logical"
                        + " replication: upgrade to Serverless v2 or remove the " + triggerTagKey + " tag"));
            } else {
                covered.add(cluster);
            }
        }
        // Clusters sharing a parameter group land in the same batch, so the batch reads the group once.
        covered.sort(Comparator.comparing((DBCluster c) -> String.valueOf(c.dbClusterParameterGroup()))
                .thenComparing(DBCluster::dbClusterIdentifier));
        List<DriftRun.Batch> batches = new ArrayList<>();
        for (int from = 0; from < covered.size(); from += batchSize) {
            batches.add(new DriftRun.Batch(covered.subList(from, Math.min(from + batchSize, covered.size())).stream()
                    .map(DBCluster::dbClusterIdentifier).toList()));
        }
        Map<String, List<String>> shared = new TreeMap<>();
        groupUsers.forEach((group, users) -> {
            if (users.size() > 1 && !group.startsWith("default.")) {
                shared.put(group, users.stream().sorted().limit(DriftRun.MAX_GROUP_USERS).toList());
            }
        });
        return new DriftRun(runId, startedAt, covered.size(), batches, shared, skipped);
    }
}
