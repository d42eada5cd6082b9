package com.auroracdc.cluster;

import com.auroracdc.errors.AdminSecretException;
import com.auroracdc.errors.ClusterNotFoundException;
import com.auroracdc.settings.AdminSecretPolicy;
import com.auroracdc.settings.LocalOnly;
import com.auroracdc.settings.SettingsResolver;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;

/**
 * The check a database function makes before it reads any secret or opens any connection, trusting nothing of the
 * context it was handed (anyone allowed to invoke the function directly can craft one): the cluster is described
 * afresh, and the endpoint, port, tags and master secret come from that description. Then the rules of Inspect are
 * applied again: local-only settings are refused in a deployed function, the admin secret is the cluster's own or
 * one the stack allows, and a run that may change something needs the trigger tag.
 */
public final class ClusterBinding {
    private final RdsClient rds;
    private final AdminSecretPolicy secrets;
    private final String triggerTagKey;

    public ClusterBinding(RdsClient rds, AdminSecretPolicy secrets, String triggerTagKey) {
        this.rds = rds;
        this.secrets = secrets;
        this.triggerTagKey = triggerTagKey;
    }

    /** The stack's rules (trigger tag key, allowed admin secrets) as the function's environment states them. */
    public static ClusterBinding fromEnvironment(RdsClient rds, Map<String, String> environment) {
        SettingsResolver resolver = new SettingsResolver(environment);
        return new ClusterBinding(rds, resolver.adminSecretPolicy(), resolver.triggerTagKey());
    }

    /** The context with the cluster's facts as RDS states them now; throws a named error when a rule is broken. */
    public SetupContext verify(SetupContext context, boolean mayChange) {
        ClusterFacts claimed = context.cluster();
        LocalOnly.check(context.settings(), claimed.identifier());
        DBCluster cluster = describe(rds, claimed.identifier());
        Map<String, String> tags = TriggerTag.of(cluster);
        if (mayChange) {
            TriggerTag.require(tags, triggerTagKey, cluster.dbClusterIdentifier());
        }
        String adminSecret = secrets.choose(context.settings().adminSecretArn(), masterSecret(cluster),
                cluster.dbClusterIdentifier());
        if (adminSecret == null) {
            throw new AdminSecretException("Cluster " + cluster.dbClusterIdentifier() + " has no RDS-managed master secret"
                    + " and no admin secret is configured. Set the stack parameter AdminSecretArn, or turn on 'Manage master"
                    + " credentials in AWS Secrets Manager' for the cluster.");
        }
        ClusterFacts facts = new ClusterFacts(cluster.dbClusterIdentifier(), cluster.dbClusterArn(), cluster.engine(),
                cluster.engineVersion(), cluster.engineMode(), claimed.parameterGroupFamily(), cluster.status(),
                cluster.port(), claimed.vpcId(), claimed.securityGroupIds(), cluster.dbClusterParameterGroup(),
                claimed.writerInstanceId(), claimed.readerInstanceIds(), cluster.endpoint(), cluster.databaseName(),
                adminSecret, cluster.preferredMaintenanceWindow(), claimed.serverlessV2(), tags);
        return new SetupContext(context.executionId(), context.startedAt(), context.dryRun(), facts, context.settings(),
                context.warnings());
    }

    /** The cluster's RDS-managed master secret ARN, or null. */
    public static String masterSecret(DBCluster cluster) {
        return cluster.masterUserSecret() == null ? null : cluster.masterUserSecret().secretArn();
    }

    /** DescribeDBClusters for one identifier (any case); {@link ClusterNotFoundException} when there is none. */
    public static DBCluster describe(RdsClient rds, String identifier) {
        try {
            return rds.describeDBClusters(r -> r.dbClusterIdentifier(identifier)).dbClusters().getFirst();
        } catch (DbClusterNotFoundException | java.util.NoSuchElementException e) {
            throw new ClusterNotFoundException("No DB cluster '" + identifier + "' in this account and region. Check the"
                    + " identifier (and that the stack runs in the cluster's region).");
        }
    }
}
