package com.auroracdc.drift;

import com.auroracdc.securitygroup.DedicatedGroup;
import com.auroracdc.securitygroup.DesiredAccess;
import com.auroracdc.securitygroup.ObservedRule;
import com.auroracdc.securitygroup.ObservedSecurityGroup;
import com.auroracdc.securitygroup.SecurityGroupChange;
import com.auroracdc.securitygroup.SecurityGroupLimits;
import com.auroracdc.securitygroup.SecurityGroupPlan;
import com.auroracdc.securitygroup.SecurityGroupPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * The security-group stage's plan, without its apply: builds the {@link ObservedSecurityGroup} its observer
 * would, from one DescribeSecurityGroups (the batch's dedicated names) and one DescribeSecurityGroupRules (the
 * batch's managed groups) per batch, then asks {@link SecurityGroupPlanner}. Each planned change is a finding.
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
        ObservedSecurityGroup observed = observe(o);
        SecurityGroupPlan plan = SecurityGroupPlanner.plan(observed, desired, limits);
        return findings(o.identifier(), observed, plan);
    }

    static ObservedSecurityGroup observe(ObservedCluster o) {
        String clusterId = o.identifier();
        String name = DedicatedGroup.name(clusterId);
        List<String> batchNames = o.batch().clusterIds().stream().map(DedicatedGroup::name).toList();
        List<SecurityGroup> named = o.batch().securityGroupsNamed(batchNames);
        String vpcId = o.facts().vpcId();
        SecurityGroup group = named.stream()
                .filter(g -> name.equals(g.groupName()) && (vpcId == null || vpcId.equals(g.vpcId())))
                .findFirst().orElse(null);
        ObservedSecurityGroup.DedicatedGroupState dedicated = null;
        if (group != null) {
            boolean managed = DedicatedGroup.isManaged(tags(group));
            List<ObservedRule> rules = new ArrayList<>();
            if (managed) {
                List<String> managedIds = named.stream().filter(g -> DedicatedGroup.isManaged(tags(g)))
                        .map(SecurityGroup::groupId).toList();
                for (SecurityGroupRule rule : o.batch().rules(managedIds).getOrDefault(group.groupId(), List.of())) {
                    if (!Boolean.TRUE.equals(rule.isEgress())) {
                        rules.add(new ObservedRule(rule.securityGroupRuleId(), rule.ipProtocol(), rule.fromPort(), rule.toPort(),
                                rule.cidrIpv4(), rule.cidrIpv6(),
                                rule.referencedGroupInfo() == null ? null : rule.referencedGroupInfo().groupId(),
                                rule.prefixListId(), rule.description()));
                    }
                }
            }
            dedicated = new ObservedSecurityGroup.DedicatedGroupState(group.groupId(), group.groupName(), managed, rules);
        }
        return new ObservedSecurityGroup(clusterId, vpcId != null ? vpcId : group == null ? null : group.vpcId(),
                o.facts().port(),
                o.cluster().vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList(),
                dedicated);
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

    private static Map<String, String> tags(SecurityGroup group) {
        return group.tags().stream().collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(), (a, b) -> a));
    }
}
