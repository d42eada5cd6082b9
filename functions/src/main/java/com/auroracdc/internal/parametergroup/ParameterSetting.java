package com.auroracdc.internal.parametergroup;

/**
 * One parameter to set. Every parameter this stage sets is written with ApplyMethod {@code pending-reboot}:
 * the replication parameters are static (RDS refuses {@code immediate} for them), and carried-over values go
 * into a group that is not yet in use.
 *
 * @param from the value before, or null when the group left it at the built-in default
 */
public record ParameterSetting(String name, String from, String to) {
    public static final String APPLY_METHOD = "pending-reboot";

    @Override
    public String toString() {
        return name + " " + (from == null ? "(default)" : from) + " -> " + to;
    }
}
