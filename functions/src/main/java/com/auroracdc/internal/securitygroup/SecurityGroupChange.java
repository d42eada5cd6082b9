package com.auroracdc.internal.securitygroup;

import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;
import java.util.List;

/**
 * The changes this stage can plan. A group that does not exist yet has a null id in the plan; the applier
 * fills it in from the CreateGroup it ran first.
 */
public sealed interface SecurityGroupChange extends Change {

    /** Create the dedicated group, tagged at creation. Its default egress rule is left as EC2 makes it. */
    record CreateGroup(String clusterId, String vpcId, String groupName) implements SecurityGroupChange {
        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Create security group " + groupName + " in " + vpcId + " for cluster " + clusterId
                    + ", tagged managed-by=aurora-cdc-autopilot";
        }
    }

    /** Revoke one inbound rule of the dedicated group that is no longer desired. */
    record RevokeIngress(String groupName, String groupId, ObservedRule rule) implements SecurityGroupChange {
        @Override
        public Effect effect() {
            return Effect.DESTROY;
        }

        @Override
        public String description() {
            return "Revoke stale inbound rule " + rule.summary() + " in " + groupName + " (" + groupId + ")";
        }
    }

    /** Allow one missing inbound rule in the dedicated group. */
    record AuthorizeIngress(String groupName, String groupId, IngressRule rule) implements SecurityGroupChange {
        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Allow inbound " + rule.summary() + " in " + groupName + (groupId == null ? "" : " (" + groupId + ")");
        }
    }

    /**
     * Add the dedicated group to the cluster, keeping the cluster's own groups first and in their order.
     *
     * @param currentGroupIds the cluster's groups as observed
     */
    record AttachGroup(String clusterId, List<String> currentGroupIds, String groupName, String groupId)
            implements SecurityGroupChange {
        public AttachGroup {
            currentGroupIds = List.copyOf(currentGroupIds);
        }

        @Override
        public String description() {
            return "Add security group " + groupName + (groupId == null ? "" : " (" + groupId + ")") + " to cluster "
                    + clusterId + (currentGroupIds.isEmpty() ? "" : ", keeping " + String.join(", ", currentGroupIds));
        }
    }
}
