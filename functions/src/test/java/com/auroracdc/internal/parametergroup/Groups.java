package com.auroracdc.internal.parametergroup;

import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.internal.settings.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;

/** Test fixtures: parameter lists shaped like Aurora PostgreSQL 16's, and states built from them. */
final class Groups {
    static final String CLUSTER = "orders-prod";
    static final String FAMILY = "aurora-postgresql16";
    static final String MANAGED = "mz-cdc-orders-prod-aurora-postgresql16";

    private Groups() {
    }

    /** Engine defaults as Aurora shows them: formulas, a parameter without a value, parameters we never touch. */
    static Map<String, ClusterParameter> auroraDefaults() {
        Map<String, ClusterParameter> p = new LinkedHashMap<>();
        put(p, "rds.logical_replication", "0", "system", "static");
        put(p, "max_replication_slots", "20", "engine-default", "static");
        put(p, "max_wal_senders", "20", "engine-default", "static");
        put(p, "max_logical_replication_workers", null, "engine-default", "static");
        put(p, "max_worker_processes", "GREATEST({DBInstanceVCPU*2},8)", "engine-default", "static");
        put(p, "autovacuum_max_workers", "GREATEST({DBInstanceClassMemory/64371566592},3)", "engine-default", "static");
        put(p, "max_parallel_workers", "GREATEST({DBInstanceVCPU/2},8)", "engine-default", "dynamic");
        put(p, "work_mem", null, "engine-default", "dynamic");
        put(p, "shared_preload_libraries", "pg_stat_statements", "system", "static");
        put(p, "timezone", "UTC", "engine-default", "dynamic");
        return p;
    }

    /** The engine defaults with these values set by the customer ({@code Source=user}). */
    static Map<String, ClusterParameter> withUserValues(Map<String, ClusterParameter> base, Map<String, String> values) {
        Map<String, ClusterParameter> p = new LinkedHashMap<>(base);
        values.forEach((name, value) -> {
            ClusterParameter before = base.get(name);
            p.put(name, new ClusterParameter(name, value, "user", before == null ? "dynamic" : before.applyType(), true));
        });
        return p;
    }

    /** A group already converged for {@code sources} sources (what our plan writes into the defaults). */
    static Map<String, ClusterParameter> converged(int sources) {
        long floor = 3L * sources + 4;
        return withUserValues(auroraDefaults(), Map.of(
                "rds.logical_replication", "1",
                "max_replication_slots", String.valueOf(Math.max(20, floor)),
                "max_wal_senders", String.valueOf(Math.max(20, floor)),
                "max_logical_replication_workers", String.valueOf(floor),
                "max_worker_processes", "GREATEST({DBInstanceVCPU*2}," + (floor + 3 + 8) + ")"));
    }

    /** The cluster's facts as Inspect resolved them (the family is what the observer goes by). */
    static ClusterFacts facts(String clusterId, String family, String group) {
        return new ClusterFacts(clusterId, "arn:aws:rds:us-east-1:123456789012:cluster:" + clusterId, "aurora-postgresql",
                "16.4", "provisioned", family, "available", 5432, "vpc-1", List.of("sg-1"), group,
                clusterId + "-1", List.of(clusterId + "-2"), clusterId + ".cluster-x.us-east-1.rds.amazonaws.com",
                "orders", null, "sun:05:00-sun:05:30", Map.of());
    }

    /** The cluster as DescribeDBClusters shows it: on {@code group}, one member per status (the first the writer). */
    static DBCluster cluster(String clusterId, String group, String... memberStatuses) {
        List<DBClusterMember> members = new ArrayList<>();
        for (int i = 0; i < memberStatuses.length; i++) {
            members.add(DBClusterMember.builder().dbInstanceIdentifier(clusterId + "-" + (i + 1))
                    .isClusterWriter(i == 0).dbClusterParameterGroupStatus(memberStatuses[i]).build());
        }
        return DBCluster.builder().dbClusterIdentifier(clusterId).dbClusterParameterGroup(group)
                .status("available").dbClusterMembers(members)
                .masterUserSecret(m -> m.secretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1-aBcDeF"))
                .tagList(software.amazon.awssdk.services.rds.model.Tag.builder().key(Tags.DEFAULT_TRIGGER_KEY)
                        .value(Tags.TRIGGER_VALUE).build()).build();
    }

    static ParameterGroupView defaultGroup() {
        return new ParameterGroupView("default." + FAMILY, FAMILY, arn("default." + FAMILY), Map.of(), Map.of());
    }

    static ParameterGroupView custom(String name, String family, Map<String, ClusterParameter> parameters) {
        return new ParameterGroupView(name, family, arn(name), Map.of(), parameters);
    }

    static ParameterGroupView ours(String name, String family, Map<String, ClusterParameter> parameters) {
        return new ParameterGroupView(name, family, arn(name), ManagedGroups.tags(CLUSTER), parameters);
    }

    static String arn(String name) {
        return "arn:aws:rds:us-east-1:123456789012:cluster-pg:" + name;
    }

    static Map<String, String> inSync() {
        return Map.of("orders-prod-1", "in-sync", "orders-prod-2", "in-sync");
    }

    static ParameterGroupState state(ParameterGroupView current, List<String> others, ParameterGroupView managed,
                                     Map<String, ClusterParameter> engineDefaults) {
        return new ParameterGroupState(CLUSTER, FAMILY, current, others, managed, engineDefaults, inSync());
    }

    static Settings sources(int count) {
        return new SettingsResolver(Map.of()).resolve(Map.of("materialize:sources", String.valueOf(count)), Map.of());
    }

    /** Every parameter the plan sets, by name, across all its batches. */
    static Map<String, String> written(ParameterGroupPlan plan) {
        Map<String, String> written = new HashMap<>();
        plan.changes().stream().filter(ParameterGroupChange.SetParameters.class::isInstance)
                .map(ParameterGroupChange.SetParameters.class::cast)
                .flatMap(s -> s.settings().stream())
                .forEach(s -> {
                    if (written.put(s.name(), s.to()) != null) {
                        throw new AssertionError(s.name() + " written twice");
                    }
                });
        return written;
    }

    private static void put(Map<String, ClusterParameter> p, String name, String value, String source, String applyType) {
        p.put(name, new ClusterParameter(name, value, source, applyType, true));
    }
}
