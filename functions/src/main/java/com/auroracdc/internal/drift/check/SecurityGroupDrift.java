package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.securitygroup.DedicatedGroup;
import com.auroracdc.internal.securitygroup.DesiredAccess;
import com.auroracdc.internal.securitygroup.ObservedSecurityGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupChange;
import com.auroracdc.internal.securitygroup.SecurityGroupLimits;
import com.auroracdc.internal.securitygroup.SecurityGroupObserver;
import com.auroracdc.internal.securitygroup.SecurityGroupPlan;
import com.auroracdc.internal.securitygroup.SecurityGroupPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The security-group stage's observe and plan, without its apply: its own {@link SecurityGroupObserver} over the
 * batch's shared reads ({@link BatchObservation}: one DescribeSecurityGroups and one DescribeSecurityGroupRules per
 * batch), then {@link SecurityGroupPlanner}. Each planned change is a finding.
 */
public final class SecurityGroupDrift implements ControlPlaneDrift {
    private final String lambdaSecurityGroupId;
    private final SecurityGroupLimits limits;

    /** @param lambdaSecurityGroupId the database function's group, as the security-group stage is given it */
    public SecurityGroupDrift(String lambdaSecurityGroupId, SecurityGroupLimits limits) {
        this.lambdaSecurityGroupId = lambdaSecurityGroupId;
        this.limits = limits;
    }

    public static SecurityGroupDrift fromEnvironment(Map<String, String> environment) {
        return new SecurityGroupDrift(environment.get(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE),
                SecurityGroupLimits.fromEnvironment(environment));
    }

    @Override
    public String area() {
        return "security group";
    }

    @Override
    public List<Finding> check(ObservedCluster o) {
        DesiredAccess desired = DesiredAccess.of(o.settings(), lambdaSecurityGroupId);
        ObservedSecurityGroup observed = new SecurityGroupObserver(o.batch()).observe(o.facts(), o.cluster());
        SecurityGroupPlan plan = SecurityGroupPlanner.plan(observed, desired, limits);
        return findings(o.identifier(), observed, plan);
    }

    static List<Finding> findings(String cluster, ObservedSecurityGroup observed, SecurityGroupPlan plan) {
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
        for (SecurityGroupChange change : plan.changes()) {
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
}
