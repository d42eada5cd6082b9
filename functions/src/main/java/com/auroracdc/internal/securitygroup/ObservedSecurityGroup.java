package com.auroracdc.internal.securitygroup;

import java.util.List;

/**
 * What the security-group stage sees, read-only.
 *
 * @param port                    the cluster's current port (re-described: it may have changed since Inspect)
 * @param clusterSecurityGroupIds the cluster's VPC security groups right now, in the cluster's order
 * @param dedicatedGroup          the group named for this cluster in its VPC, or null when there is none
 * @param loadBalancerGroup       the PrivateLink load balancer's group named for this cluster in its VPC, or null when
 *                                there is none (its rules are not read: the setup gives it none)
 */
public record ObservedSecurityGroup(
        String clusterId,
        String vpcId,
        int port,
        List<String> clusterSecurityGroupIds,
        DedicatedGroupState dedicatedGroup,
        DedicatedGroupState loadBalancerGroup) {

    public ObservedSecurityGroup {
        clusterSecurityGroupIds = List.copyOf(clusterSecurityGroupIds);
    }

    /** Without a load balancer group. */
    public ObservedSecurityGroup(String clusterId, String vpcId, int port, List<String> clusterSecurityGroupIds,
                                 DedicatedGroupState dedicatedGroup) {
        this(clusterId, vpcId, port, clusterSecurityGroupIds, dedicatedGroup, null);
    }

    public String dedicatedGroupId() {
        return dedicatedGroup == null ? null : dedicatedGroup.groupId();
    }

    /** The PrivateLink load balancer's group when it is ours for this cluster, else null. */
    public String loadBalancerGroupId() {
        return loadBalancerGroup != null && loadBalancerGroup.managed() ? loadBalancerGroup.groupId() : null;
    }

    public boolean dedicatedGroupAttached() {
        return dedicatedGroup != null && clusterSecurityGroupIds.contains(dedicatedGroup.groupId());
    }

    /**
     * The group found by name in the cluster's VPC.
     *
     * @param managed      carries the tag managed-by=aurora-cdc-autopilot; if not, it is someone else's group
     * @param ingressRules its inbound rules (empty when not managed: another owner's rules are not read)
     */
    public record DedicatedGroupState(String groupId, String groupName, boolean managed, List<ObservedRule> ingressRules) {
        public DedicatedGroupState {
            ingressRules = List.copyOf(ingressRules);
        }
    }
}
