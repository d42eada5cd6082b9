package com.auroracdc.internal.securitygroup;

import com.auroracdc.errors.InvalidSettingException;
import java.util.Map;

/**
 * The AWS quotas the plan must fit in, checked before any call so a refusal changes nothing. Defaults are
 * AWS's defaults; an account that raised a quota in Service Quotas says so through the environment.
 *
 * @param ingressRulesPerGroup "Inbound or outbound rules per security group" (Amazon VPC), counted
 *                             separately for IPv4 and IPv6; a rule referencing a group counts in both
 * @param groupsPerInterface   "Security groups per network interface" (Amazon VPC): the most groups a
 *                             DB cluster can carry
 */
public record SecurityGroupLimits(int ingressRulesPerGroup, int groupsPerInterface) {
    public static final String RULES_VARIABLE = "MAX_INGRESS_RULES_PER_SECURITY_GROUP";
    public static final String GROUPS_VARIABLE = "MAX_SECURITY_GROUPS_PER_INTERFACE";
    public static final SecurityGroupLimits AWS_DEFAULTS = new SecurityGroupLimits(60, 5);

    public static SecurityGroupLimits fromEnvironment(Map<String, String> environment) {
        return new SecurityGroupLimits(
                read(environment, RULES_VARIABLE, AWS_DEFAULTS.ingressRulesPerGroup(), 1000),
                read(environment, GROUPS_VARIABLE, AWS_DEFAULTS.groupsPerInterface(), 16));
    }

    private static int read(Map<String, String> environment, String variable, int fallback, int max) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // fall through to the refusal below
        }
        throw new InvalidSettingException(variable, "Environment variable " + variable + " is '" + value
                + "'. Allowed: a whole number from 1 to " + max + " (your account's quota; AWS's default is "
                + fallback + ").");
    }
}
