package com.auroracdc.internal.securitygroup;

import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;
import java.util.List;

/** What a teardown does to the dedicated security group: take it off the cluster, then delete it. */
public sealed interface SecurityGroupRemoval extends Change {

    /**
     * Take the dedicated group off the cluster, keeping every other group in its order.
     *
     * @param keptGroupIds the cluster's groups without ours, as the cluster will have them
     */
    record DetachGroup(String clusterId, String groupName, String groupId, List<String> keptGroupIds)
            implements SecurityGroupRemoval {
        public DetachGroup {
            keptGroupIds = List.copyOf(keptGroupIds);
        }

        @Override
        public String description() {
            return "Remove security group " + groupName + " (" + groupId + ") from cluster " + clusterId + ", keeping "
                    + String.join(", ", keptGroupIds);
        }
    }

    /** Delete the dedicated group once no network interface of the cluster uses it. */
    record DeleteGroup(String groupName, String groupId) implements SecurityGroupRemoval {
        @Override
        public Effect effect() {
            return Effect.DESTROY;
        }

        @Override
        public String description() {
            return "Delete security group " + groupName + " (" + groupId + ")";
        }
    }
}
