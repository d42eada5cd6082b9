package com.auroracdc.internal.securitygroup;

import com.auroracdc.internal.securitygroup.SecurityGroupRemoval.DeleteGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupRemoval.DetachGroup;
import com.auroracdc.internal.securitygroup.ObservedSecurityGroup.DedicatedGroupState;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure: the teardown of the security-group area. Only the group named for the cluster and tagged managed-by is ours;
 * it is taken off the cluster (every other group stays, in its order) and deleted. A group of that name without our
 * tag is someone else's and is left. The PrivateLink load balancer's group of ours goes after it (the dedicated group
 * admits it by reference, so it cannot go first).
 */
public final class SecurityGroupTeardownPlanner {
    private SecurityGroupTeardownPlanner() {
    }

    /** The changes, and in {@code left} what stays and why. */
    public record Plan(List<SecurityGroupRemoval> changes, List<String> left) {
        public Plan {
            changes = List.copyOf(changes);
            left = List.copyOf(left);
        }
    }

    /** @param recordedGroupId the group the cluster's record says the setup made (null when there is no record) */
    public static Plan plan(ObservedSecurityGroup observed, String recordedGroupId) {
        List<SecurityGroupRemoval> changes = new ArrayList<>();
        List<String> left = new ArrayList<>();
        boolean dedicatedStays = dedicated(observed, recordedGroupId, changes, left);
        DedicatedGroupState balancer = observed.loadBalancerGroup();
        if (balancer != null && balancer.managed()) {
            if (dedicatedStays) {
                left.add("Left security group " + balancer.groupName() + " (" + balancer.groupId() + "): the cluster's"
                        + " group still admits it. Run the teardown again once that group can go.");
            } else {
                // After the dedicated group, whose rule refers to it; the teardown's PrivateLink stage deleted its load balancer.
                changes.add(new DeleteGroup(balancer.groupName(), balancer.groupId()));
            }
        }
        return new Plan(changes, left);
    }

    /** Plans the dedicated group's removal; whether a group of ours stays (so nothing it admits can go). */
    private static boolean dedicated(ObservedSecurityGroup observed, String recordedGroupId, List<SecurityGroupRemoval> changes,
                                     List<String> left) {
        ObservedSecurityGroup.DedicatedGroupState group = observed.dedicatedGroup();
        if (group == null) {
            return false;
        }
        if (!group.managed()) {
            left.add("Left security group " + group.groupName() + " (" + group.groupId() + "): it does not carry the tag"
                    + " managed-by=aurora-cdc-autopilot, so it is not ours.");
            return false;
        }
        if (recordedGroupId != null && !recordedGroupId.equals(group.groupId())) {
            left.add("The record names security group " + recordedGroupId + ", but the group of our name is "
                    + group.groupId() + " (tagged as ours): that one is removed.");
        }
        if (observed.dedicatedGroupAttached()) {
            List<String> kept = observed.clusterSecurityGroupIds().stream().filter(id -> !id.equals(group.groupId())).toList();
            if (kept.isEmpty()) {
                left.add("Left security group " + group.groupName() + " (" + group.groupId() + ") on cluster "
                        + observed.clusterId() + ": it is the cluster's only security group, and a cluster needs one. Add"
                        + " the group the cluster should use (aws rds modify-db-cluster --vpc-security-group-ids ...), then"
                        + " run the teardown again.");
                return true;
            }
            changes.add(new DetachGroup(observed.clusterId(), group.groupName(), group.groupId(), kept));
        }
        changes.add(new DeleteGroup(group.groupName(), group.groupId()));
        return false;
    }
}
