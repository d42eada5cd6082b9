package com.auroracdc.drift;

import com.auroracdc.aws.Pages;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterParameterGroup;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParameterGroupsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParametersResponse;
import software.amazon.awssdk.services.rds.model.EngineDefaults;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Read-only answers that do not depend on which cluster asks, memoised for one drift run: a parameter group
 * shared by many clusters is read once, a family's engine defaults once, the list of groups once. Kept per
 * Lambda container (by the handler, built once per container) and replaced when a new run starts
 * ({@link Holder}), so a later run never sees stale values.
 */
public final class RunCache {
    private final String runId;
    private final RdsClient rds;
    private final ConcurrentHashMap<String, Object> values = new ConcurrentHashMap<>();

    RunCache(String runId, RdsClient rds) {
        this.runId = runId;
        this.rds = rds;
    }

    /** One container's cache: the same object for every batch of a run that this container checks. */
    public static final class Holder {
        private RunCache current;

        public synchronized RunCache forRun(String runId, RdsClient rds) {
            if (current == null || !current.runId.equals(runId) || current.rds != rds) {
                current = new RunCache(runId, rds);
            }
            return current;
        }
    }

    public String runId() {
        return runId;
    }

    /** {@code DBParameterGroupFamily} of an engine version (DescribeDBEngineVersions; never hard-coded). */
    public String family(String engine, String engineVersion) {
        return get("family/" + engine + "/" + engineVersion, () -> rds.describeDBEngineVersions(r -> r.engine(engine)
                        .engineVersion(engineVersion)).dbEngineVersions().stream()
                .map(v -> v.dbParameterGroupFamily()).findFirst().orElse(null));
    }

    /** Every cluster parameter group of the region by name: one paginated listing per run. */
    public Map<String, DBClusterParameterGroup> parameterGroups() {
        return get("groups", () -> {
            Map<String, DBClusterParameterGroup> groups = new HashMap<>();
            Pages.all(marker -> rds.describeDBClusterParameterGroups(r -> r.maxRecords(100).marker(marker)),
                            DescribeDbClusterParameterGroupsResponse::marker, DescribeDbClusterParameterGroupsResponse::dbClusterParameterGroups)
                    .forEach(g -> groups.put(g.dbClusterParameterGroupName(), g));
            return Map.copyOf(groups);
        });
    }

    /**
     * The customer's own values of a group ({@code Source=user}): usually one page, where the whole group is
     * four or five. With {@link #engineDefaults} they give every effective value.
     */
    public List<Parameter> userParameters(String group) {
        return get("user/" + group, () -> List.copyOf(Pages.all(marker -> rds.describeDBClusterParameters(r -> r
                        .dbClusterParameterGroupName(group).source("user").maxRecords(100).marker(marker)),
                DescribeDbClusterParametersResponse::marker, DescribeDbClusterParametersResponse::parameters)));
    }

    /** What a new group of this family holds (DescribeEngineDefaultClusterParameters, all pages). */
    public List<Parameter> engineDefaults(String family) {
        return get("defaults/" + family, () -> List.copyOf(Pages.all(marker -> rds.describeEngineDefaultClusterParameters(r -> r
                        .dbParameterGroupFamily(family).maxRecords(100).marker(marker)).engineDefaults(),
                EngineDefaults::marker, EngineDefaults::parameters)));
    }

    /** Tags of an RDS resource (only asked for groups the automation may own). */
    public Map<String, String> tags(String arn) {
        return get("tags/" + arn, () -> {
            Map<String, String> tags = new HashMap<>();
            for (Tag tag : rds.listTagsForResource(r -> r.resourceName(arn)).tagList()) {
                tags.put(tag.key(), tag.value());
            }
            return Map.copyOf(tags);
        });
    }

    @SuppressWarnings("unchecked")
    private <T> T get(String key, Supplier<T> loader) {
        Object cached = values.get(key);
        if (cached == null) {
            // Not computeIfAbsent: the loader does network I/O and must not hold the map's bin lock.
            cached = loader.get();
            Object raced = values.putIfAbsent(key, cached == null ? NONE : cached);
            if (raced != null) {
                cached = raced;
            }
        }
        return cached == NONE ? null : (T) cached;
    }

    private static final Object NONE = new Object();
}
