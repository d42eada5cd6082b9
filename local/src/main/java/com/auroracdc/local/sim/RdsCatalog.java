package com.auroracdc.local.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the simulated RDS knows without being told: engine versions with their parameter group families,
 * and the engine-default parameters of each family. Values, sources, apply types and allowed values are
 * copied from real {@code describe-db-cluster-parameters} output of {@code default.aurora-postgresql*}
 * groups and the Aurora PostgreSQL parameter reference; only the parameters that matter here (and a few
 * neighbours, so lists span several pages) are listed.
 */
final class RdsCatalog {
    private RdsCatalog() {
    }

    record EngineVersion(String engine, String version, String family, List<String> engineModes) {
        String majorVersion() {
            return engine.equals("aurora-mysql") ? version.substring(0, 3) : version.substring(0, version.indexOf('.'));
        }
    }

    /**
     * One parameter as the engine defines it.
     *
     * @param value null when RDS shows no value (the PostgreSQL built-in default applies), else the
     *              default, possibly a formula such as {@code GREATEST(${DBInstanceVCPU*2},8)}
     * @param source engine-default or system
     */
    record ParameterDefinition(String name, String value, String source, String applyType, String dataType,
                               String allowedValues, boolean modifiable, String description) {
    }

    static final List<EngineVersion> ENGINE_VERSIONS = List.of(
            new EngineVersion("aurora-postgresql", "13.9", "aurora-postgresql13", List.of("provisioned")),
            new EngineVersion("aurora-postgresql", "13.12", "aurora-postgresql13", List.of("provisioned", "serverless")),
            new EngineVersion("aurora-postgresql", "14.6", "aurora-postgresql14", List.of("provisioned")),
            new EngineVersion("aurora-postgresql", "14.7", "aurora-postgresql14", List.of("provisioned")),
            new EngineVersion("aurora-postgresql", "14.10", "aurora-postgresql14", List.of("provisioned")),
            new EngineVersion("aurora-postgresql", "15.5", "aurora-postgresql15", List.of("provisioned")),
            new EngineVersion("aurora-postgresql", "15.8", "aurora-postgresql15", List.of("provisioned")),
            new EngineVersion("aurora-postgresql", "16.1", "aurora-postgresql16", List.of("provisioned")),
            new EngineVersion("aurora-postgresql", "16.2", "aurora-postgresql16", List.of("provisioned")),
            new EngineVersion("aurora-postgresql", "16.4", "aurora-postgresql16", List.of("provisioned")),
            new EngineVersion("aurora-postgresql", "16.6", "aurora-postgresql16", List.of("provisioned")),
            new EngineVersion("aurora-postgresql", "17.4", "aurora-postgresql17", List.of("provisioned")),
            new EngineVersion("aurora-mysql", "5.7.mysql_aurora.2.11.2", "aurora-mysql5.7", List.of("provisioned")),
            new EngineVersion("aurora-mysql", "8.0.mysql_aurora.3.05.2", "aurora-mysql8.0", List.of("provisioned")));

    /**
     * AWS, "Rebooting an Aurora cluster without read availability": on Aurora PostgreSQL 14.6 and lower 14, 13.9 and
     * lower 13, 12.13 and lower 12 and all of 11, rebooting the writer reboots every reader. Later versions have read
     * availability ("Rebooting an Aurora cluster with read availability"): readers stay up, on their old values.
     * Major version to the last minor version without read availability.
     */
    private static final Map<Integer, Integer> LAST_MINOR_WITHOUT_READ_AVAILABILITY = Map.of(14, 6, 13, 9, 12, 13);

    /** Whether rebooting the writer of this Aurora PostgreSQL version reboots its readers too. */
    static boolean writerRebootRestartsReaders(String engine, String version) {
        if (!engine.equals("aurora-postgresql")) {
            return false;
        }
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        if (major <= 11) {
            return true;
        }
        Integer last = LAST_MINOR_WITHOUT_READ_AVAILABILITY.get(major);
        return last != null && minor <= last;
    }

    private static final List<ParameterDefinition> POSTGRESQL_CLUSTER = List.of(
            p("autovacuum_max_workers", "GREATEST({DBInstanceClassMemory/64371566592},3)", "system", "static", "integer", "1-262143",
                    "Sets the maximum number of simultaneously running autovacuum worker processes."),
            p("log_min_duration_statement", null, "engine-default", "dynamic", "integer", "-1-2147483647",
                    "(ms) Sets the minimum execution time above which statements will be logged."),
            p("logical_decoding_work_mem", null, "engine-default", "dynamic", "integer", "64-2147483647",
                    "(kB) This much memory can be used by each internal reorder buffer before spilling to disk."),
            p("max_connections", "LEAST({DBInstanceClassMemory/9531392},5000)", "system", "static", "integer", "6-262143",
                    "Sets the maximum number of concurrent connections."),
            p("max_logical_replication_workers", null, "engine-default", "static", "integer", "0-262143",
                    "Maximum number of logical replication worker processes."),
            p("max_parallel_workers", "GREATEST(${DBInstanceVCPU/2},8)", "engine-default", "dynamic", "integer", "0-1024",
                    "Sets the maximum number of parallel workers than can be active at one time."),
            p("max_replication_slots", "20", "system", "static", "integer", "5-262143",
                    "Sets the maximum number of replication slots that the server can support."),
            p("max_slot_wal_keep_size", null, "engine-default", "dynamic", "integer", "-1-2147483647",
                    "(MB) Replication slots will be marked as failed, and segments released for deletion or recycling, if this much space is occupied by WAL on disk."),
            p("max_sync_workers_per_subscription", "2", "engine-default", "dynamic", "integer", "0-262143",
                    "Maximum number of synchronization workers per subscription"),
            p("max_wal_senders", "10", "system", "static", "integer", "5-262143",
                    "Sets the maximum number of simultaneously running WAL sender processes."),
            p("max_worker_processes", "GREATEST(${DBInstanceVCPU*2},8)", "engine-default", "static", "integer", "0-262143",
                    "Sets the maximum number of concurrent worker processes."),
            fixed("port", "{EndPointPort}", "system", "static", "integer", "1-65535", "Sets the TCP port the server listens on."),
            p("rds.force_ssl", "0", "system", "dynamic", "boolean", "0,1", "Force SSL connections."),
            p("rds.logical_replication", "0", "engine-default", "static", "boolean", "0,1", "Enables logical decoding."),
            p("shared_preload_libraries", "pg_stat_statements", "system", "static", "list",
                    "auto_explain,orafce,pgaudit,pg_similarity,pg_stat_statements,pg_hint_plan,pg_prewarm,plprofiler,pglogical,pg_cron,pg_tle",
                    "Lists shared libraries to preload into server."),
            p("ssl", "1", "system", "dynamic", "boolean", "0,1", "Enables SSL connections."),
            p("synchronous_commit", "on", "engine-default", "dynamic", "string", "local,on,off",
                    "Sets the current transactions synchronization level."),
            p("timezone", "UTC", "engine-default", "dynamic", "string", null,
                    "Sets the time zone for displaying and interpreting time stamps."),
            p("wal_sender_timeout", null, "engine-default", "dynamic", "integer", "0-3600000",
                    "(ms) Sets the maximum time to wait for WAL replication."));

    private static final List<ParameterDefinition> POSTGRESQL_INSTANCE = List.of(
            p("idle_in_transaction_session_timeout", "86400000", "engine-default", "dynamic", "integer", "0-2147483647",
                    "(ms) Sets the maximum allowed duration of any idling transaction."),
            p("log_min_duration_statement", null, "engine-default", "dynamic", "integer", "-1-2147483647",
                    "(ms) Sets the minimum execution time above which statements will be logged."),
            p("max_connections", "LEAST({DBInstanceClassMemory/9531392},5000)", "system", "static", "integer", "6-262143",
                    "Sets the maximum number of concurrent connections."),
            p("max_parallel_workers", "GREATEST(${DBInstanceVCPU/2},8)", "engine-default", "dynamic", "integer", "0-1024",
                    "Sets the maximum number of parallel workers than can be active at one time."),
            p("max_slot_wal_keep_size", null, "engine-default", "dynamic", "integer", "-1-2147483647",
                    "(MB) Replication slots will be marked as failed, and segments released for deletion or recycling, if this much space is occupied by WAL on disk."),
            p("max_worker_processes", "GREATEST(${DBInstanceVCPU*2},8)", "engine-default", "static", "integer", "0-262143",
                    "Sets the maximum number of concurrent worker processes."),
            p("work_mem", null, "engine-default", "dynamic", "integer", "64-2147483647",
                    "(kB) Sets the maximum memory to be used for query workspaces."));

    private static final List<ParameterDefinition> MYSQL_CLUSTER = List.of(
            p("binlog_format", "OFF", "engine-default", "static", "string", "ROW,STATEMENT,MIXED,OFF",
                    "Binary logging format for replication"),
            p("max_connections", "GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})",
                    "system", "dynamic", "integer", "1-100000", "The number of simultaneous client connections allowed."),
            p("server_audit_logging", "0", "engine-default", "dynamic", "boolean", "0,1", "Controls server audit logging"));

    private static final List<ParameterDefinition> MYSQL_INSTANCE = List.of(
            p("max_connections", "GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})",
                    "system", "dynamic", "integer", "1-100000", "The number of simultaneous client connections allowed."));

    static Optional<EngineVersion> engineVersion(String engine, String version) {
        return ENGINE_VERSIONS.stream().filter(v -> v.engine().equals(engine) && v.version().equals(version)).findFirst();
    }

    static boolean knownFamily(String family) {
        return ENGINE_VERSIONS.stream().anyMatch(v -> v.family().equals(family));
    }

    static List<String> families() {
        return ENGINE_VERSIONS.stream().map(EngineVersion::family).distinct().sorted().toList();
    }

    /** Engine-default cluster-level parameters of a family, by name (sorted, as RDS lists them). */
    static Map<String, ParameterDefinition> clusterParameters(String family) {
        return byName(family.startsWith("aurora-mysql") ? MYSQL_CLUSTER : POSTGRESQL_CLUSTER);
    }

    /** Engine-default instance-level (DB parameter group) parameters of a family, by name. */
    static Map<String, ParameterDefinition> instanceParameters(String family) {
        return byName(family.startsWith("aurora-mysql") ? MYSQL_INSTANCE : POSTGRESQL_INSTANCE);
    }

    private static Map<String, ParameterDefinition> byName(List<ParameterDefinition> definitions) {
        return definitions.stream().collect(Collectors.toMap(ParameterDefinition::name, Function.identity(),
                (a, b) -> a, TreeMap::new));
    }

    private static ParameterDefinition p(String name, String value, String source, String applyType, String dataType,
                                         String allowed, String description) {
        return new ParameterDefinition(name, value, source, applyType, dataType, allowed, true, description);
    }

    private static ParameterDefinition fixed(String name, String value, String source, String applyType, String dataType,
                                             String allowed, String description) {
        return new ParameterDefinition(name, value, source, applyType, dataType, allowed, false, description);
    }

    /** Null when {@code value} is acceptable for the parameter, else why not (RDS validates ranges and lists). */
    static String invalidValue(ParameterDefinition definition, String value) {
        String allowed = definition.allowedValues();
        if (value == null || allowed == null) {
            return null;
        }
        if (definition.dataType().equals("integer")) {
            if (value.contains("{")) {
                return null; // a formula such as GREATEST({DBInstanceClassMemory/...},3): RDS evaluates it per instance
            }
            int dash = allowed.indexOf('-', 1);
            long min = Long.parseLong(allowed.substring(0, dash));
            long max = Long.parseLong(allowed.substring(dash + 1));
            try {
                long number = Long.parseLong(value.trim());
                return number < min || number > max
                        ? "Value: " + value + " is outside of range: " + allowed + " for parameter: " + definition.name()
                        : null;
            } catch (NumberFormatException e) {
                return "Invalid parameter value: " + value + " for: " + definition.name() + " allowed values are: " + allowed;
            }
        }
        List<String> choices = List.of(allowed.split(","));
        List<String> given = definition.dataType().equals("list") ? List.of(value.split(",")) : List.of(value);
        for (String item : given) {
            if (!choices.contains(item.trim())) {
                return "Invalid parameter value: " + value + " for: " + definition.name() + " allowed values are: " + allowed;
            }
        }
        return null;
    }
}
