package com.auroracdc.internal.securitygroup;

import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.materialize.MaterializeEndpoint;
import com.auroracdc.internal.settings.NetworkPath;
import com.auroracdc.internal.settings.Setting;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SettingsResolver;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;

/**
 * Where the CIDRs the dedicated group opens to come from: the settings, or, with the stack's MaterializeMode egress or
 * source, the addresses Materialize publishes now. The setup stage and the drift check ask the same question here,
 * so they cannot disagree on what the group should hold. On the PrivateLink path it is the load balancer's group instead.
 */
public final class EgressSource {
    private final MaterializeAccess materialize;

    public EgressSource(MaterializeAccess materialize) {
        this.materialize = materialize;
    }

    /** Whether the stack reads the CIDRs from Materialize (a named error when its Materialize parameters are wrong). */
    private static boolean live(Map<String, String> stack) {
        return MaterializeEndpoint.fromStack(stack).readsEgress();
    }

    /** The CIDRs to open to: the settings', or {@link #fromMaterialize}'s. */
    private List<String> cidrs(Settings settings, Map<String, String> stack) {
        return live(stack) ? fromMaterialize(stack) : settings.egressCidrs();
    }

    /** Whether the group's CIDRs are read from Materialize for this cluster: never on the PrivateLink path. */
    public static boolean readsLive(Settings settings, Map<String, String> stack) {
        return settings.networkPath() != NetworkPath.PRIVATELINK && live(stack);
    }

    /**
     * Who the dedicated group should admit. On the PrivateLink path Materialize arrives through the load balancer, so its
     * egress addresses are neither read nor opened to: the load balancer's group is admitted instead.
     *
     * @param observed    the group as just observed (it tells the load balancer's group, if the setup has made it)
     * @param lambdaGroup the database function's group, as the stage is given it (absent or blank: none)
     */
    public DesiredAccess desired(Settings settings, Map<String, String> stack, ObservedSecurityGroup observed,
                                 String lambdaGroup) {
        if (settings.networkPath() == NetworkPath.PRIVATELINK) {
            return DesiredAccess.throughLoadBalancer(observed.loadBalancerGroupId(), lambdaGroup);
        }
        return DesiredAccess.of(cidrs(settings, stack), lambdaGroup);
    }

    /**
     * Materialize's egress addresses, read now and held to the rules a configured list is held to (the stack's
     * AllowPublicSource). Every failure is a named error: unreachable, refused password, malformed or empty answer,
     * a public range.
     */
    public List<String> fromMaterialize(Map<String, String> stack) {
        List<String> read = materialize.egressAddresses(MaterializeEndpoint.fromStack(stack));
        return new SettingsResolver(stack).resolve(Map.of(), Map.of(Setting.EGRESS_CIDRS.inputKey(),
                TextNode.valueOf(String.join(" ", read)))).egressCidrs();
    }
}
