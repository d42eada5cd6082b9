package com.auroracdc.local.sim;

import com.auroracdc.internal.settings.Tags;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Named starting points for tests and for the local runner's {@code --scenario} flag. Each configures a
 * {@link ClusterBuilder}; call {@link #builder(SimAws, String)} to adjust it further (endpoint, port,
 * password) before {@code create()}, or {@link #build(SimAws, String)} to take it as it is.
 */
public enum Scenario {
    /** Aurora PostgreSQL 16.4 on default.aurora-postgresql16: a custom group must be created. */
    DEFAULT_GROUP("default-group", "cluster on the default parameter group", (b, id) -> { }),

    /** A custom group only this cluster uses, with customer values (one already higher than needed). */
    DEDICATED_CUSTOM_GROUP("dedicated-custom-group", "custom parameter group used by this cluster only", (b, id) ->
            b.customClusterParameterGroup(id + "-params", Map.of(
                    "max_replication_slots", "40",
                    "log_min_duration_statement", "500",
                    "shared_preload_libraries", "pg_stat_statements,pg_cron"))),

    /** A custom group shared with a neighbour cluster: it must be copied, never changed in place. */
    SHARED_CUSTOM_GROUP("shared-custom-group", "custom parameter group shared with another cluster", (b, id) -> { }) {
        @Override
        public ClusterBuilder builder(SimAws sim, String clusterId) {
            Map<String, String> values = Map.of("max_wal_senders", "15", "log_min_duration_statement", "1000");
            sim.newCluster(clusterId + "-neighbour").customClusterParameterGroup("shared-pg16", values).readers(0).create();
            return sim.newCluster(clusterId).customClusterParameterGroup("shared-pg16", values)
                    .tag(Tags.DEFAULT_TRIGGER_KEY, Tags.TRIGGER_VALUE);
        }
    },

    /** Engine 16.4 still on a custom group of family aurora-postgresql15 holding customer values. */
    FAMILY_MISMATCH("family-mismatch", "custom group of an older family after a major upgrade", (b, id) ->
            b.customClusterParameterGroup(id + "-params-pg15", "aurora-postgresql15", Map.of(
                    "log_min_duration_statement", "250",
                    "max_replication_slots", "30"))),

    /** Aurora Serverless v1 (EngineMode serverless): logical replication is not supported. */
    SERVERLESS_V1("serverless-v1", "Aurora Serverless v1", (b, id) ->
            b.engineVersion("13.12").engineMode("serverless").clusterParameterGroup("default.aurora-postgresql13")),

    /** Aurora Serverless v2: provisioned mode, db.serverless instances, able to pause at 0 ACU. */
    SERVERLESS_V2("serverless-v2", "Aurora Serverless v2 (db.serverless)", (b, id) -> b.serverlessV2(0, 16)),

    /** Aurora MySQL: not a PostgreSQL engine. */
    AURORA_MYSQL("aurora-mysql", "Aurora MySQL 8.0", (b, id) ->
            b.engine("aurora-mysql", "8.0.mysql_aurora.3.05.2").masterUsername("admin")),

    /** Aurora PostgreSQL 16.1, which has a logical replication bug (warn, suggest 16.2+). */
    VERSION_16_1("version-16-1", "Aurora PostgreSQL 16.1", (b, id) -> b.engineVersion("16.1")),

    /** The primary cluster of a global database. */
    GLOBAL_MEMBER("global-member", "primary of a global database", (b, id) -> b.globalCluster(id + "-global")),

    /** Instances on a custom DB parameter group that sets max_worker_processes lower than needed. */
    INSTANCE_PARAMETER_OVERRIDE("instance-parameter-override", "instance-level group overriding max_worker_processes", (b, id) ->
            b.instanceParameterGroup(id + "-instance-params", Map.of("max_worker_processes", "6"))),

    /** Aurora PostgreSQL 16.4 with a writer and two readers: the writer's reboot leaves the readers up and pending. */
    READ_AVAILABILITY("read-availability", "Aurora PostgreSQL 16.4, writer and two readers (read availability)", (b, id) ->
            b.engineVersion("16.4").readers(2)),

    /** Aurora PostgreSQL 14.6 with a writer and two readers: the writer's reboot restarts the readers with it. */
    WITHOUT_READ_AVAILABILITY("without-read-availability", "Aurora PostgreSQL 14.6, writer and two readers (no read availability)",
            (b, id) -> b.engineVersion("14.6").readers(2)),

    /** The cluster is 'modifying' for the next 10 simulated minutes. */
    MODIFYING("modifying", "cluster busy (status modifying)", (b, id) -> b.status("modifying", Duration.ofMinutes(10)));

    private final String cliName;
    private final String description;
    private final BiConsumer<ClusterBuilder, String> configure;

    Scenario(String cliName, String description, BiConsumer<ClusterBuilder, String> configure) {
        this.cliName = cliName;
        this.description = description;
        this.configure = configure;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    /** The scenario's cluster, tagged for setup as its owner would (the trigger tag; {@code untag} to test without). */
    public ClusterBuilder builder(SimAws sim, String clusterId) {
        ClusterBuilder builder = sim.newCluster(clusterId).tag(Tags.DEFAULT_TRIGGER_KEY, Tags.TRIGGER_VALUE);
        configure.accept(builder, clusterId);
        return builder;
    }

    public ClusterHandle build(SimAws sim, String clusterId) {
        return builder(sim, clusterId).create();
    }

    /** By its --scenario name, e.g. "shared-custom-group". */
    public static Scenario named(String cliName) {
        return Arrays.stream(values()).filter(s -> s.cliName.equals(cliName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + cliName + "'; known: "
                        + Arrays.stream(values()).map(Scenario::cliName).toList()));
    }
}
