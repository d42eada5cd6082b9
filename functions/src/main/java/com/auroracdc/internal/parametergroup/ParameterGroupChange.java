package com.auroracdc.internal.parametergroup;

import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the parameter-group stage may change, in the order the planner lists them. */
public sealed interface ParameterGroupChange extends Change {

    /** CreateDBClusterParameterGroup: a new group of the cluster's family, starting from engine defaults. */
    record CreateGroup(String groupName, String family, String groupDescription, Map<String, String> tags)
            implements ParameterGroupChange {
        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        public CreateGroup {
            tags = Map.copyOf(tags);
        }

        @Override
        public String description() {
            return "Create cluster parameter group " + groupName + " (family " + family + ")";
        }
    }

    /** CopyDBClusterParameterGroup: a copy keeps every value of the shared group; only this cluster moves. */
    record CopyGroup(String sourceGroup, String groupName, String groupDescription, Map<String, String> tags)
            implements ParameterGroupChange {
        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        public CopyGroup {
            tags = Map.copyOf(tags);
        }

        @Override
        public String description() {
            return "Copy cluster parameter group " + sourceGroup + " to " + groupName
                    + " (every value kept; only this cluster moves to the copy)";
        }
    }

    /** ModifyDBClusterParameterGroup with at most 20 parameters (the API's limit per call). */
    record SetParameters(String groupName, List<ParameterSetting> settings) implements ParameterGroupChange {
        public static final int MAX_PER_CALL = 20;

        public SetParameters {
            settings = List.copyOf(settings);
            if (settings.isEmpty() || settings.size() > MAX_PER_CALL) {
                throw new IllegalArgumentException("1 to " + MAX_PER_CALL + " parameters per call, got " + settings.size());
            }
        }

        @Override
        public String description() {
            return "Set in " + groupName + ": "
                    + settings.stream().map(ParameterSetting::toString).collect(Collectors.joining(", "))
                    + " (" + ParameterSetting.APPLY_METHOD + ")";
        }
    }

    /** ModifyDBCluster DBClusterParameterGroupName: takes effect on the members at their next reboot. */
    record AssociateGroup(String clusterIdentifier, String groupName, String previousGroup)
            implements ParameterGroupChange {
        @Override
        public String description() {
            return "Associate " + groupName + " with cluster " + clusterIdentifier + " (was " + previousGroup
                    + "; the members pick it up at their next reboot)";
        }
    }
}
