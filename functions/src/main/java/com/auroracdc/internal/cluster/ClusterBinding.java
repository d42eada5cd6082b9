package com.auroracdc.internal.cluster;

import com.auroracdc.errors.AdminSecretException;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.AdminSecretPolicy;
import com.auroracdc.internal.settings.LocalOnly;
import com.auroracdc.internal.settings.Setting;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SettingsResolver;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * The one place a cluster is bound before anything is read from it or done to it: described afresh (never trusted
 * from a context or payload), local-only settings refused in a deployed function, the admin secret chosen by the
 * stack's policy (the cluster's own or one the stack allows), and, for anything that may change it, the trigger tag.
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

    /** The stack's rules (trigger tag key, allowed admin secrets) as the given stack settings state them. */
    public static ClusterBinding fromEnvironment(RdsClient rds, Map<String, String> environment) {
        SettingsResolver resolver = new SettingsResolver(environment);
        return new ClusterBinding(rds, resolver.adminSecretPolicy(), resolver.triggerTagKey());
    }

    /**
     * Binds a setup execution's cluster for this invocation, with the rules of the execution's own stack settings (one
     * version per execution): see {@link BoundCluster}. A dry run changes nothing, so it needs no trigger tag.
     *
     * @param setup the execution's stored setup context (never a payload's)
     * @param stack the stack settings the execution resolved its settings from
     */
    public static BoundCluster bind(RdsClient rds, SetupContext setup, Map<String, String> stack) {
        return bind(rds, setup, stack, false);
    }

    /**
     * As {@link #bind(RdsClient, SetupContext, Map)}; for a teardown the trigger tag must no longer say enabled
     * ({@link TriggerTag#requireReleased}) instead.
     */
    public static BoundCluster bind(RdsClient rds, SetupContext setup, Map<String, String> stack, boolean teardown) {
        SettingsResolver rules = new SettingsResolver(stack);
        // Inspect checked the stored settings; the CIDRs decide what the port opens to, so they are checked again.
        rules.resolve(Map.of(), Map.of(Setting.EGRESS_CIDRS.inputKey(), Json.MAPPER.valueToTree(setup.settings().egressCidrs())));
        return new ClusterBinding(rds, rules.adminSecretPolicy(), rules.triggerTagKey()).bind(setup, !setup.dryRun(), teardown);
    }

    /** The context with the cluster's facts as RDS states them now; throws a named error when a rule is broken. */
    public SetupContext verify(SetupContext context, boolean mayChange) {
        return bind(context, mayChange, false).context();
    }

    private BoundCluster bind(SetupContext context, boolean mayChange, boolean teardown) {
        ClusterFacts claimed = context.cluster();
        LocalOnly.check(context.settings(), claimed.identifier());
        DBCluster cluster = ClusterReads.direct(rds).cluster(claimed.identifier());
        Map<String, String> tags = TriggerTag.of(cluster);
        if (mayChange && teardown) {
            TriggerTag.requireReleased(tags, triggerTagKey, cluster.dbClusterIdentifier());
        } else if (mayChange) {
            TriggerTag.require(tags, triggerTagKey, cluster.dbClusterIdentifier());
        }
        // Chosen here, once, by the stack's policy (SecretNotAllowedException before anything is read); a stage that
        // connects asks for it through adminSecret(), which refuses a cluster without one.
        String adminSecret = chooseAdminSecret(secrets, context.settings(), cluster);
        ClusterFacts facts = claimed.refreshedFrom(cluster, adminSecret, tags);
        SetupContext bound = new SetupContext(context.executionId(), context.startedAt(), context.dryRun(), facts,
                context.settings(), context.warnings());
        return new BoundCluster(cluster, tags, facts, bound);
    }

    /** The admin secret the binding chose for a database connection; {@link AdminSecretException} when there is none. */
    public static String adminSecret(ClusterFacts bound) {
        if (bound.adminSecretArn() == null) {
            throw new AdminSecretException("Cluster " + bound.identifier() + " has no RDS-managed master secret and no"
                    + " admin secret is configured. Set the stack parameter AdminSecretArn, or turn on 'Manage master"
                    + " credentials in AWS Secrets Manager' for the cluster.");
        }
        return bound.adminSecretArn();
    }

    /**
     * The admin secret for a cluster as described: the one the settings name when the stack's policy allows it, else
     * the cluster's own RDS-managed master secret, else null. {@code SecretNotAllowedException} before anything is read.
     */
    public static String chooseAdminSecret(AdminSecretPolicy policy, Settings settings, DBCluster cluster) {
        String master = cluster.masterUserSecret() == null ? null : cluster.masterUserSecret().secretArn();
        return policy.choose(settings.adminSecretArn(), master, cluster.dbClusterIdentifier());
    }
}
