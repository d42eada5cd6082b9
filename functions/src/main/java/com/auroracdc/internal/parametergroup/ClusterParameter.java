package com.auroracdc.internal.parametergroup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * One parameter of a cluster parameter group, as DescribeDBClusterParameters (or
 * DescribeEngineDefaultClusterParameters) returned it.
 *
 * @param value      null when the group leaves the parameter at PostgreSQL's built-in default
 * @param source     user, engine-default or system: only {@code user} values are the customer's own
 * @param applyType  static or dynamic
 * @param modifiable false for parameters RDS does not let anyone change
 */
public record ClusterParameter(String name, String value, String source, String applyType, boolean modifiable) {
    public static final String SOURCE_USER = "user";

    /** By name, as RDS listed them (a later entry of the same name wins). */
    public static Map<String, ClusterParameter> byName(List<Parameter> parameters) {
        Map<String, ClusterParameter> byName = new HashMap<>();
        for (Parameter p : parameters) {
            byName.put(p.parameterName(), new ClusterParameter(p.parameterName(), p.parameterValue(), p.source(), p.applyType(),
                    p.isModifiable() == null || p.isModifiable()));
        }
        return Map.copyOf(byName);
    }

    public boolean userSet() {
        return SOURCE_USER.equals(source);
    }
}
