package com.auroracdc.internal.securitygroup;

import com.auroracdc.errors.QuotaExceededException;
import com.auroracdc.errors.SecurityGroupConflictException;
import com.auroracdc.internal.privatelink.PrivateLinkNames;
import com.auroracdc.internal.securitygroup.IngressRule.SourceKind;
import com.auroracdc.internal.securitygroup.ObservedSecurityGroup.DedicatedGroupState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pure: (observed, desired, limits) → the changes that make the dedicated group hold exactly the desired
 * inbound rules and be attached to the cluster. Only the dedicated group is ever changed; the cluster's
 * other groups are only read (and kept, in order, when attaching).
 *
 * <p>Order: create, revoke stale rules, allow missing ones, attach. Revoking first keeps the group under
 * the rules quota while CIDRs are replaced, and never removes a desired rule.
 */
public final class SecurityGroupPlanner {
    private SecurityGroupPlanner() {
    }

    /**
     * @throws QuotaExceededException         the desired rules or the cluster's groups would exceed a quota
     * @throws SecurityGroupConflictException a group with the dedicated name exists but is not ours
     */
    public static SecurityGroupPlan plan(ObservedSecurityGroup observed, DesiredAccess desired, SecurityGroupLimits limits) {
        String groupName = DedicatedGroup.name(observed.clusterId());
        DedicatedGroupState group = observed.dedicatedGroup();
        if (group != null && !group.managed()) {
            throw new SecurityGroupConflictException("Security group " + group.groupId() + " in " + observed.vpcId()
                    + " is named " + groupName + ", the name Aurora CDC Autopilot uses for cluster " + observed.clusterId()
                    + "'s dedicated group, but it is not tagged managed-by=aurora-cdc-autopilot, so it is not the"
                    + " automation's to change. Rename or delete that group (after detaching it from anything that uses it),"
                    + " then run the setup again.");
        }
        List<IngressRule> wanted = desired.rules(observed.port());
        refuseRuleQuota(groupName, wanted, desired, limits);
        boolean attached = observed.dedicatedGroupAttached();
        if (!attached && observed.clusterSecurityGroupIds().size() >= limits.groupsPerInterface()) {
            throw new QuotaExceededException(groupsQuotaMessage(observed.clusterId(), observed.clusterSecurityGroupIds(),
                    groupName, limits.groupsPerInterface()));
        }

        List<SecurityGroupChange> changes = new ArrayList<>();
        String groupId = group == null ? null : group.groupId();
        if (group == null) {
            changes.add(new SecurityGroupChange.CreateGroup(observed.clusterId(), observed.vpcId(), groupName));
        }
        Set<IngressRule> present = new HashSet<>();
        if (group != null) {
            for (ObservedRule rule : group.ingressRules()) {
                var shape = IngressRule.of(rule);
                // A rule of another shape, a source no longer wanted, a duplicate: all go.
                if (shape.isPresent() && wanted.contains(shape.get()) && present.add(shape.get())) {
                    continue;
                }
                changes.add(new SecurityGroupChange.RevokeIngress(groupName, groupId, rule));
            }
        }
        for (IngressRule rule : wanted) {
            if (!present.contains(rule)) {
                changes.add(new SecurityGroupChange.AuthorizeIngress(groupName, groupId, rule));
            }
        }
        if (!attached) {
            changes.add(new SecurityGroupChange.AttachGroup(observed.clusterId(), observed.clusterSecurityGroupIds(),
                    groupName, groupId));
        }

        List<String> warnings = new ArrayList<>();
        if (desired.privateLink()) {
            if (desired.loadBalancerGroupId() == null) {
                warnings.add("The PrivateLink load balancer's security group " + PrivateLinkNames.securityGroupName(observed.clusterId())
                        + " does not exist yet, so security group " + groupName + " only lets the automation's database Lambda"
                        + " in: the setup's PrivateLink stage creates it (a dry run does not), and the next run admits it.");
            }
        } else if (desired.egressCidrs().isEmpty()) {
            warnings.add("No Materialize egress CIDRs are configured, so security group " + groupName
                    + " only lets the automation's database Lambda in: Materialize cannot connect to cluster "
                    + observed.clusterId() + " until egressCidrs is set (run SELECT * FROM mz_egress_ips in Materialize,"
                    + " then set the tag materialize:egress-cidrs to the space-separated CIDRs, or the stack parameter"
                    + " MaterializeEgressCidrs).");
        }
        return new SecurityGroupPlan(changes, warnings);
    }

    private static void refuseRuleQuota(String groupName, List<IngressRule> wanted, DesiredAccess desired,
                                        SecurityGroupLimits limits) {
        long groups = wanted.stream().filter(r -> r.kind() == SourceKind.SECURITY_GROUP).count();
        long ipv4 = wanted.stream().filter(r -> r.kind() == SourceKind.IPV4_CIDR).count() + groups;
        long ipv6 = wanted.stream().filter(r -> r.kind() == SourceKind.IPV6_CIDR).count() + groups;
        long worst = Math.max(ipv4, ipv6);
        if (worst > limits.ingressRulesPerGroup()) {
            String family = ipv4 >= ipv6 ? "IPv4" : "IPv6";
            throw new QuotaExceededException("Security group " + groupName + " would need " + worst + " inbound " + family
                    + " rules (" + desired.egressCidrs().size() + " egress CIDRs" + (groups > 0 ? " plus 1 for the automation's database Lambda" : "")
                    + "), more than the " + limits.ingressRulesPerGroup() + " allowed per security group (Amazon VPC quota"
                    + " 'Inbound or outbound rules per security group', counted separately for IPv4 and IPv6)."
                    + " This stage changed nothing. Reduce egressCidrs to Materialize's current egress addresses"
                    + " (SELECT * FROM mz_egress_ips), or raise the quota in Service Quotas and set the environment variable "
                    + SecurityGroupLimits.RULES_VARIABLE + " of the security-group function to the new value.");
        }
    }

    static String groupsQuotaMessage(String clusterId, List<String> current, String groupName, int limit) {
        return "Cluster " + clusterId + " already has " + current.size() + " VPC security groups (" + String.join(", ", current)
                + "); adding " + groupName + " would exceed the " + limit + " security groups a DB cluster's network interfaces"
                + " can carry (Amazon VPC quota 'Security groups per network interface', default 5). This stage changed nothing."
                + " Remove a security group the cluster no longer needs (aws rds modify-db-cluster --db-cluster-identifier "
                + clusterId + " --vpc-security-group-ids ...), or raise the quota in Service Quotas and set the environment variable "
                + SecurityGroupLimits.GROUPS_VARIABLE + " of the security-group function to the new value, then run the setup again.";
    }
}
