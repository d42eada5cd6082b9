package com.auroracdc.internal.inspect;

import com.auroracdc.errors.AdminSecretException;
import com.auroracdc.errors.ClusterBusyException;
import com.auroracdc.errors.ServerlessV1NotSupportedException;
import com.auroracdc.errors.UnsupportedEngineException;
import com.auroracdc.internal.cluster.ClusterBinding;
import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.cluster.ClusterReads;
import com.auroracdc.internal.cluster.TriggerTag;
import com.auroracdc.internal.settings.AdminSecretPolicy;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.internal.settings.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * Inspect's observe step: read-only calls that resolve the cluster, refuse what cannot be set up, and
 * collect warnings. Refusals come before any change anywhere, so a refused cluster is left untouched.
 */
public final class ClusterInspector {
    static final String ENGINE = "aurora-postgresql";
    /** Parameters the setup sizes; an instance-level value for any of them overrides the cluster's. */
    static final Set<String> SIZED_PARAMETERS = Set.of("max_replication_slots", "max_wal_senders",
            "max_logical_replication_workers", "max_worker_processes", "max_slot_wal_keep_size");

    private final ClusterReads reads;
    private final SettingsResolver resolver;

    public ClusterInspector(RdsClient rds, SettingsResolver resolver) {
        this.reads = ClusterReads.direct(rds);
        this.resolver = resolver;
    }

    public record Inspection(ClusterFacts cluster, Settings settings, List<String> warnings) {
    }

    public Inspection inspect(SetupRequest request) {
        DBCluster cluster = reads.cluster(request.clusterIdentifier());
        if (!ENGINE.equals(cluster.engine())) {
            throw new UnsupportedEngineException("Cluster " + cluster.dbClusterIdentifier() + " runs " + cluster.engine()
                    + "; Aurora CDC Autopilot sets up Aurora PostgreSQL (engine aurora-postgresql) only. Remove the trigger tag.");
        }
        if ("serverless".equals(cluster.engineMode())) {
            throw new ServerlessV1NotSupportedException("Cluster " + cluster.dbClusterIdentifier() + " is Aurora Serverless v1,"
                    + " which does not support logical replication. Migrate it to Serverless v2 or provisioned instances"
                    + " (e.g. restore a snapshot into a provisioned cluster), then tag the new cluster.");
        }
        Map<String, String> tags = TriggerTag.of(cluster);
        Settings settings = resolver.resolve(tags, request.overrides());
        if (!request.dryRun() && request.teardown() != null) {
            TriggerTag.requireReleased(tags, resolver.triggerTagKey(), cluster.dbClusterIdentifier());
        } else if (!request.dryRun()) {
            TriggerTag.require(tags, resolver.triggerTagKey(), cluster.dbClusterIdentifier());
        }
        if (!"available".equals(cluster.status())) {
            throw new ClusterBusyException("Cluster " + cluster.dbClusterIdentifier() + " is '" + cluster.status()
                    + "'; changes are only safe when it is 'available'. Run the setup again once it is.");
        }
        List<DBInstance> instances = reads.instances(cluster.dbClusterIdentifier());
        for (DBInstance instance : instances) {
            if (!"available".equals(instance.dbInstanceStatus())) {
                throw new ClusterBusyException("Instance " + instance.dbInstanceIdentifier() + " of cluster "
                        + cluster.dbClusterIdentifier() + " is '" + instance.dbInstanceStatus()
                        + "'; run the setup again once every instance is 'available'.");
            }
        }
        ClusterFacts facts = ClusterFacts.of(cluster, instances, parameterGroupFamily(cluster),
                adminSecret(cluster, settings, resolver.adminSecretPolicy()), tags);
        if (facts.writerInstanceId() == null) {
            throw new ClusterBusyException("Cluster " + cluster.dbClusterIdentifier()
                    + " has no writer instance. Add one (or wait for a failover to finish), then run again.");
        }
        boolean serverlessV2 = instances.stream().anyMatch(i -> "db.serverless".equals(i.dbInstanceClass()));
        List<String> warnings = new ArrayList<>();
        if (request.dryRun() && request.teardown() == null && !Tags.TRIGGER_VALUE.equals(tags.get(resolver.triggerTagKey()))) {
            warnings.add("Cluster " + cluster.dbClusterIdentifier() + " does not carry the tag " + resolver.triggerTagKey()
                    + "=enabled: this is the plan a run would follow once it does; a run now is refused"
                    + " (ClusterNotEnabledException) and changes nothing.");
        }
        warnings.addAll(warnings(cluster, instances, serverlessV2));
        return new Inspection(facts, settings, warnings);
    }

    private String parameterGroupFamily(DBCluster cluster) {
        return reads.parameterGroupFamily(cluster.engine(), cluster.engineVersion()).orElseThrow(() -> new UnsupportedEngineException("RDS does not describe engine version " + cluster.engine()
                        + " " + cluster.engineVersion() + " in this region, so its parameter group family is unknown."
                        + " Upgrade the cluster to a supported version."));
    }

    private static String adminSecret(DBCluster cluster, Settings settings, AdminSecretPolicy policy) {
        String chosen = ClusterBinding.chooseAdminSecret(policy, settings, cluster);
        if (chosen != null) {
            return chosen;
        }
        throw new AdminSecretException("Cluster " + cluster.dbClusterIdentifier() + " has no RDS-managed master secret and"
                + " no admin secret is configured. Set the tag materialize:admin-secret-arn (or the AdminSecretArn stack"
                + " parameter) to a Secrets Manager secret holding {\"username\", \"password\"} of an admin user, or turn on"
                + " 'Manage master credentials in AWS Secrets Manager' for the cluster.");
    }

    private List<String> warnings(DBCluster cluster, List<DBInstance> instances, boolean serverlessV2) {
        List<String> warnings = new ArrayList<>();
        if (cluster.engineVersion() != null && cluster.engineVersion().equals("16.1")) {
            warnings.add("Aurora PostgreSQL 16.1 has a logical replication bug; upgrade to 16.2 or later.");
        }
        if (serverlessV2) {
            warnings.add("Serverless v2: with logical replication on, the cluster will no longer pause at zero capacity.");
        }
        if (cluster.globalClusterIdentifier() != null && !cluster.globalClusterIdentifier().isBlank()) {
            warnings.add("Cluster is a member of global database " + cluster.globalClusterIdentifier()
                    + "; Materialize must read from the primary region's writer, and a failover moves it.");
        }
        Set<String> customInstanceGroups = new TreeSet<>();
        instances.forEach(i -> i.dbParameterGroups().stream().map(g -> g.dbParameterGroupName())
                .filter(name -> !name.startsWith("default.")).forEach(customInstanceGroups::add));
        for (String group : customInstanceGroups) {
            List<String> overridden = new ArrayList<>();
            reads.instanceParameters(group).stream()
                    .map(Parameter::parameterName).filter(SIZED_PARAMETERS::contains).forEach(overridden::add);
            if (!overridden.isEmpty()) {
                warnings.add("Instance parameter group " + group + " sets " + String.join(", ", overridden.stream().sorted().toList())
                        + ", which overrides the cluster parameter group: check those values suit logical replication.");
            }
        }
        return warnings;
    }
}
