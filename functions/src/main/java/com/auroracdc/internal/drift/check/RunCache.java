package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.aws.Pages;
import com.auroracdc.internal.drift.BatchInput;
import com.auroracdc.internal.parametergroup.ClusterParameter;
import com.auroracdc.internal.parametergroup.ParameterGroupReads;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The drift run's {@link ParameterGroupReads}: answers that do not depend on which cluster asks, memoised for one
 * run. A parameter group shared by many clusters is read once, a family's engine defaults once, the list of groups
 * once; a group's effective values are its customer values ({@code Source=user}) over its family's defaults, which
 * is usually one page where a full listing is four or five. Kept per Lambda container (by the handler, built once
 * per container) and replaced when a new run starts ({@link Holder}), so a later run never sees stale values.
 */
public final class RunCache implements ParameterGroupReads {
    private final String runId;
    private final RdsClient rds;
    private final Map<String, List<String>> sharedParameterGroups;
    private final ConcurrentHashMap<String, Object> values = new ConcurrentHashMap<>();

    /** @param sharedParameterGroups the listing's custom groups used by more than one cluster (see {@link DriftRun}) */
    RunCache(String runId, RdsClient rds, Map<String, List<String>> sharedParameterGroups) {
        this.runId = runId;
        this.rds = rds;
        this.sharedParameterGroups = Map.copyOf(sharedParameterGroups);
    }

    /** One container's cache: the same object for every batch of a run that this container checks. */
    public static final class Holder {
        private RunCache current;

        public synchronized RunCache forRun(BatchInput batch, RdsClient rds) {
            if (current == null || !current.runId.equals(batch.runId()) || current.rds != rds) {
                current = new RunCache(batch.runId(), rds, batch.sharedParameterGroups());
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

    @Override
    public Optional<DBClusterParameterGroup> group(String name) {
        return Optional.ofNullable(parameterGroups().get(name));
    }

    @Override
    public Map<String, ClusterParameter> parameters(DBClusterParameterGroup group) {
        Map<String, ClusterParameter> parameters = new HashMap<>(engineDefaults(group.dbParameterGroupFamily()));
        parameters.putAll(ClusterParameter.byName(userParameters(group.dbClusterParameterGroupName())));
        return Map.copyOf(parameters);
    }

    @Override
    public Map<String, ClusterParameter> engineDefaults(String family) {
        return get("defaults/" + family, () -> ClusterParameter.byName(Pages.all(marker -> rds.describeEngineDefaultClusterParameters(r -> r
                        .dbParameterGroupFamily(family).maxRecords(100).marker(marker)).engineDefaults(),
                EngineDefaults::marker, EngineDefaults::parameters)));
    }

    /** From the run's listing: only groups used by more than one cluster are named there, and only those matter. */
    @Override
    public List<String> clustersUsing(String groupName) {
        return sharedParameterGroups.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(groupName))
                .flatMap(e -> e.getValue().stream()).toList();
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

    /** The customer's own values of a group ({@code Source=user}). */
    public List<Parameter> userParameters(String group) {
        return get("user/" + group, () -> List.copyOf(Pages.all(marker -> rds.describeDBClusterParameters(r -> r
                        .dbClusterParameterGroupName(group).source("user").maxRecords(100).marker(marker)),
                DescribeDbClusterParametersResponse::marker, DescribeDbClusterParametersResponse::parameters)));
    }

    @Override
    public Map<String, String> tags(String arn) {
        return get("tags/" + arn, () -> {
            Map<String, String> tags = new HashMap<>();
            for (Tag tag : rds.listTagsForResource(r -> r.resourceName(arn)).tagList()) {
                tags.put(tag.key(), tag.value() == null ? "" : tag.value());
            }
            return Map.copyOf(tags);
        });
    }

    /**
     * Materialize's egress addresses, read once per run (every cluster of a stack sees the same Materialize): the
     * list, or why it could not be read, so a Materialize that does not answer costs one attempt, not one per cluster.
     */
    public LiveEgress egress(Supplier<List<String>> read) {
        return get("materialize/egress", () -> {
            try {
                return new LiveEgress(read.get(), null);
            } catch (RuntimeException e) {
                return new LiveEgress(List.of(), e);
            }
        });
    }

    /** Why this run could not read Materialize's egress addresses, if it tried and failed. */
    public Optional<RuntimeException> egressFailure() {
        Object cached = values.get("materialize/egress");
        return cached instanceof LiveEgress live ? Optional.ofNullable(live.failure()) : Optional.empty();
    }

    /** @param failure why the addresses could not be read (a named error), or null */
    public record LiveEgress(List<String> cidrs, RuntimeException failure) {
        public LiveEgress {
            cidrs = List.copyOf(cidrs);
        }
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
