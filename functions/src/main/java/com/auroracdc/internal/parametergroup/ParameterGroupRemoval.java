package com.auroracdc.internal.parametergroup;

import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;

/** What a teardown does in the parameter-group area: move the cluster back to its own group, delete ours. */
public sealed interface ParameterGroupRemoval extends Change {

    /** Put the cluster back on the group it used before the setup; every member then needs a reboot. */
    record RestoreGroup(String clusterIdentifier, String fromGroup, String toGroup) implements ParameterGroupRemoval {
        @Override
        public String description() {
            return "Move cluster " + clusterIdentifier + " from parameter group " + fromGroup + " back to " + toGroup
                    + " (its members take it at their next reboot)";
        }
    }

    /**
     * Delete our group, which no cluster uses.
     *
     * @param afterReboot planned now, made once the cluster's reboot is done (a dry run shows it in its place)
     */
    record DeleteGroup(String groupName, boolean afterReboot) implements ParameterGroupRemoval {
        @Override
        public Effect effect() {
            return Effect.DESTROY;
        }

        @Override
        public String description() {
            return "Delete parameter group " + groupName + (afterReboot ? " once the cluster's members have rebooted" : "");
        }
    }
}
