package com.auroracdc.internal.parametergroup;

import java.util.List;
import java.util.Map;

/**
 * The planner's answer.
 *
 * @param changes        what to do, in order (empty on a converged cluster)
 * @param parameterGroup the group the cluster uses once the plan is applied
 * @param rebootNeeded   whether any member will need a reboot: a change is planned (every one of them only
 *                       takes effect at the next reboot) or a member is not {@code in-sync} already
 * @param warnings       what the operator should know without it stopping anything
 */
public record ParameterGroupPlan(List<ParameterGroupChange> changes, String parameterGroup, boolean rebootNeeded,
                                 List<String> warnings) {
    public ParameterGroupPlan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }

    /** The StageResult facts later states choose on. */
    public Map<String, String> facts() {
        return Map.of("parameterGroup", parameterGroup, "rebootNeeded", Boolean.toString(rebootNeeded));
    }
}
