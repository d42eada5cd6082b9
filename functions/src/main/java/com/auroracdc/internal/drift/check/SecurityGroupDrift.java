package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.securitygroup.DedicatedGroup;
import com.auroracdc.internal.drift.CheckFailures;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.securitygroup.DesiredAccess;
import com.auroracdc.internal.securitygroup.EgressSource;
import com.auroracdc.internal.securitygroup.IngressRule;
import com.auroracdc.internal.securitygroup.ObservedRule;
import com.auroracdc.internal.securitygroup.ObservedSecurityGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupChange;
import com.auroracdc.internal.securitygroup.SecurityGroupLimits;
import com.auroracdc.internal.securitygroup.SecurityGroupObserver;
import com.auroracdc.internal.securitygroup.SecurityGroupPlan;
import com.auroracdc.internal.securitygroup.SecurityGroupPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The security-group stage's observe and plan, without its apply: its own {@link SecurityGroupObserver} over the
 * batch's shared reads ({@link BatchObservation}: one DescribeSecurityGroups and one DescribeSecurityGroupRules per
 * batch), then {@link SecurityGroupPlanner}. Each planned change is a finding.
 */
public final class SecurityGroupDrift implements ControlPlaneDrift {
    private final String lambdaSecurityGroupId;
    private final SecurityGroupLimits limits;
    private final Map<String, String> stack;
    private final EgressSource egress;

    /**
     * @param lambdaSecurityGroupId the database function's group, as the security-group stage is given it
     * @param stack                 the stack settings: whether the egress CIDRs are read from Materialize
     * @param egress                reads them, as the security-group stage does
     */
    public SecurityGroupDrift(String lambdaSecurityGroupId, SecurityGroupLimits limits, Map<String, String> stack,
                              EgressSource egress) {
        this.lambdaSecurityGroupId = lambdaSecurityGroupId;
        this.limits = limits;
        this.stack = Map.copyOf(stack);
        this.egress = egress;
    }

    public static SecurityGroupDrift fromEnvironment(Map<String, String> environment, MaterializeAccess materialize) {
        return new SecurityGroupDrift(environment.get(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE),
                SecurityGroupLimits.fromEnvironment(environment), environment, new EgressSource(materialize));
    }

    @Override
    public String area() {
        return "security group";
    }

    @Override
    public List<Finding> check(ObservedCluster o) {
        ObservedSecurityGroup observed = new SecurityGroupObserver(o.batch()).observe(o.facts(), o.cluster());
        if (!EgressSource.readsLive(o.settings(), stack)) {
            DesiredAccess desired = egress.desired(o.settings(), stack, observed, lambdaSecurityGroupId);
            return findings(o.identifier(), observed, SecurityGroupPlanner.plan(observed, desired, limits), false);
        }
        RunCache.LiveEgress live = o.run().egress(() -> egress.fromMaterialize(stack));
        if (live.failure() == null) {
            DesiredAccess desired = DesiredAccess.of(live.cidrs(), lambdaSecurityGroupId);
            return findings(o.identifier(), observed, SecurityGroupPlanner.plan(observed, desired, limits), true);
        }
        // What the group should hold is unknown: its CIDR rules stand as they are; the rest is still compared.
        List<Finding> findings = new ArrayList<>(findings(o.identifier(), observed, SecurityGroupPlanner.plan(observed,
                DesiredAccess.of(cidrRules(observed), lambdaSecurityGroupId), limits), true));
        findings.add(Finding.of(o.identifier(), FindingKind.MATERIALIZE_UNAVAILABLE,
                "Materialize's egress addresses readable (SELECT * FROM mz_egress_ips through its SQL API)",
                CheckFailures.describe(live.failure()) + "; the group's CIDR rules were not compared",
                "Fix what the error names (the stack's MaterializeHost, the app password in MaterializeAppPasswordSecretArn,"
                        + " the drift function's route to the internet); the next check compares again. Nothing was changed."));
        return findings;
    }

    /** The CIDRs the dedicated group lets in now. */
    private static List<String> cidrRules(ObservedSecurityGroup observed) {
        if (observed.dedicatedGroup() == null) {
            return List.of();
        }
        return observed.dedicatedGroup().ingressRules().stream().map(IngressRule::of).flatMap(Optional::stream)
                .filter(rule -> rule.kind() != IngressRule.SourceKind.SECURITY_GROUP).map(IngressRule::source).distinct().toList();
    }

    /**
     * @param liveEgress the CIDRs come from Materialize: a difference in them is one egress-changed finding naming the
     *                   addresses to allow and to revoke, not one finding per rule
     */
    static List<Finding> findings(String cluster, ObservedSecurityGroup observed, SecurityGroupPlan plan, boolean liveEgress) {
        List<Finding> findings = new ArrayList<>();
        String name = DedicatedGroup.name(cluster);
        if (plan.changes().stream().anyMatch(c -> c instanceof SecurityGroupChange.CreateGroup)) {
            findings.add(Finding.of(cluster, FindingKind.SECURITY_GROUP,
                    "security group " + name + " in " + observed.vpcId() + ", attached to the cluster",
                    "no security group " + name + " in " + observed.vpcId() + ": Materialize cannot reach the cluster through it",
                    "The setup would: " + plan.changes().stream().map(SecurityGroupChange::description)
                            .collect(Collectors.joining("; ")) + "."));
            return findings;
        }
        List<SecurityGroupChange> rest = new ArrayList<>(plan.changes());
        if (liveEgress) {
            egressChanged(cluster, name, rest).ifPresent(findings::add);
        }
        for (SecurityGroupChange change : rest) {
            switch (change) {
                case SecurityGroupChange.AttachGroup attach -> findings.add(Finding.of(cluster, FindingKind.SECURITY_GROUP,
                        name + " (" + attach.groupId() + ") among the cluster's security groups",
                        "the cluster has " + (attach.currentGroupIds().isEmpty() ? "no security group"
                                : String.join(", ", attach.currentGroupIds())) + ", not " + attach.groupId(),
                        "The setup would: " + change.description() + "."));
                case SecurityGroupChange.AuthorizeIngress allow -> findings.add(Finding.of(cluster, FindingKind.SECURITY_GROUP_RULES,
                        "inbound " + allow.rule().summary() + " in " + name,
                        "no such rule", "The setup would: " + change.description() + "."));
                case SecurityGroupChange.RevokeIngress revoke -> findings.add(Finding.of(cluster, FindingKind.SECURITY_GROUP_RULES,
                        "only the desired sources in " + name,
                        "inbound rule " + revoke.rule().summary() + " is not desired", "The setup would: " + change.description() + "."));
                case SecurityGroupChange.CreateGroup create -> throw new IllegalStateException("handled above");
            }
        }
        return findings;
    }

    /** Takes the CIDR rule changes out of {@code changes}: one finding for all of them, if any. */
    private static Optional<Finding> egressChanged(String cluster, String name, List<SecurityGroupChange> changes) {
        List<String> allow = new ArrayList<>();
        List<String> revoke = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        changes.removeIf(change -> {
            if (change instanceof SecurityGroupChange.AuthorizeIngress a && a.rule().kind() != IngressRule.SourceKind.SECURITY_GROUP) {
                allow.add(a.rule().source());
            } else if (change instanceof SecurityGroupChange.RevokeIngress r && cidr(r.rule()) != null) {
                revoke.add(cidr(r.rule()));
            } else {
                return false;
            }
            descriptions.add(change.description());
            return true;
        });
        if (descriptions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(cluster, FindingKind.EGRESS_CHANGED,
                name + " open to exactly the egress addresses Materialize publishes now (mz_egress_ips)",
                "added (listed by Materialize, not let in): " + listed(allow) + "; removed (let in, no longer listed): "
                        + listed(revoke),
                "The setup would: " + String.join("; ", descriptions) + ". repair=auto does it; it needs no reboot."));
    }

    private static String cidr(ObservedRule rule) {
        return rule.cidrIpv4() != null ? rule.cidrIpv4() : rule.cidrIpv6();
    }

    private static String listed(List<String> cidrs) {
        return cidrs.isEmpty() ? "none" : String.join(", ", cidrs);
    }
}
