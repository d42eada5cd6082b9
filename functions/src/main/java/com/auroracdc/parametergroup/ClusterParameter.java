package com.auroracdc.parametergroup;

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

    public boolean userSet() {
        return SOURCE_USER.equals(source);
    }
}
