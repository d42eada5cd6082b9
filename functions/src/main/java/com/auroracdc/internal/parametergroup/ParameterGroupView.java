package com.auroracdc.internal.parametergroup;

import java.util.Map;

/**
 * A DB cluster parameter group as observed.
 *
 * @param tags       its tags (empty when not read: only groups this automation may own are asked for tags)
 * @param parameters every parameter by name, all pages read (empty when the plan does not need them)
 */
public record ParameterGroupView(String name, String family, String arn, Map<String, String> tags,
                                 Map<String, ClusterParameter> parameters) {
    public ParameterGroupView {
        tags = Map.copyOf(tags);
        parameters = Map.copyOf(parameters);
    }

    /** RDS's own groups ({@code default.aurora-postgresql16}) cannot be modified. */
    public boolean isDefault() {
        return name.startsWith("default.");
    }
}
