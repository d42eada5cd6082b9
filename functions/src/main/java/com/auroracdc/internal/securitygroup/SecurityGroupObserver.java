package com.auroracdc.internal.securitygroup;

import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.privatelink.PrivateLinkNames;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * Read-only, and the only reader of the security-group area, for the setup's stage and for drift alike: the
 * cluster's port and groups as just described, the dedicated group (by name, in the cluster's VPC), and its inbound
 * rules. Which calls that takes is the {@link SecurityGroupReads} it is given.
 */
public final class SecurityGroupObserver {
    private final SecurityGroupReads reads;

    public SecurityGroupObserver(SecurityGroupReads reads) {
        this.reads = reads;
    }

    /** @param cluster the cluster as the caller has just described it (see {@code ClusterBinding}) */
    public ObservedSecurityGroup observe(ClusterFacts facts, DBCluster cluster) {
        int port = cluster.port() != null ? cluster.port() : facts.port();
        List<String> groupIds = cluster.vpcSecurityGroups().stream()
                .map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList();
        Optional<SecurityGroup> group = reads.named(DedicatedGroup.name(facts.identifier()), facts.vpcId());
        var dedicated = group.map(g -> {
            boolean managed = DedicatedGroup.isManaged(g);
            // Another owner's rules are none of our business: read them only for our own group.
            List<ObservedRule> rules = managed ? ingressRules(g.groupId()) : List.of();
            return new ObservedSecurityGroup.DedicatedGroupState(g.groupId(), g.groupName(), managed, rules);
        }).orElse(null);
        String vpcId = facts.vpcId() != null ? facts.vpcId() : group.map(SecurityGroup::vpcId).orElse(null);
        var loadBalancerGroup = reads.named(PrivateLinkNames.securityGroupName(facts.identifier()), vpcId)
                .map(g -> new ObservedSecurityGroup.DedicatedGroupState(g.groupId(), g.groupName(),
                        PrivateLinkNames.forCluster(g, facts.identifier()), List.of()))
                .orElse(null);
        return new ObservedSecurityGroup(facts.identifier(), vpcId, port, groupIds, dedicated, loadBalancerGroup);
    }

    private List<ObservedRule> ingressRules(String groupId) {
        return reads.rules(groupId).stream()
                .filter(rule -> !Boolean.TRUE.equals(rule.isEgress()))
                .map(SecurityGroupObserver::toRule).toList();
    }

    private static ObservedRule toRule(SecurityGroupRule rule) {
        return new ObservedRule(rule.securityGroupRuleId(), rule.ipProtocol(), rule.fromPort(), rule.toPort(),
                rule.cidrIpv4(), rule.cidrIpv6(), rule.referencedGroupInfo() == null ? null : rule.referencedGroupInfo().groupId(),
                rule.prefixListId(), rule.description());
    }
}
