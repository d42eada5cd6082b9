package com.auroracdc.internal.securitygroup;

import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.internal.settings.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who should reach the cluster port through the dedicated group.
 *
 * @param egressCidrs           Materialize's egress CIDRs, already validated and canonical (settings); none on the
 *                              PrivateLink path, where Materialize comes through the load balancer
 * @param lambdaSecurityGroupId the security group of the automation's database-facing Lambda, or null
 * @param privateLink           the cluster's network path is PrivateLink
 * @param loadBalancerGroupId   on that path, the load balancer's security group (null until the setup has made it)
 */
public record DesiredAccess(List<String> egressCidrs, String lambdaSecurityGroupId, boolean privateLink,
                            String loadBalancerGroupId) {
    /** Environment variable carrying the database Lambda's security group id (optional). */
    public static final String LAMBDA_SECURITY_GROUP_VARIABLE = "DATABASE_FUNCTION_SECURITY_GROUP_ID";
    private static final Pattern GROUP_ID = Pattern.compile("sg-[0-9a-f]{8,17}");

    public DesiredAccess {
        egressCidrs = List.copyOf(egressCidrs);
    }

    /** The public-CIDR path. */
    public DesiredAccess(List<String> egressCidrs, String lambdaSecurityGroupId) {
        this(egressCidrs, lambdaSecurityGroupId, false, null);
    }

    /**
     * @param lambdaSecurityGroupId the raw environment value; absent or blank means no such rule
     * @throws InvalidSettingException when the value is not a security group id
     */
    public static DesiredAccess of(Settings settings, String lambdaSecurityGroupId) {
        return of(settings.egressCidrs(), lambdaSecurityGroupId);
    }

    /** As {@link #of(Settings, String)}, with the egress CIDRs from elsewhere (Materialize, read live). */
    public static DesiredAccess of(List<String> egressCidrs, String lambdaSecurityGroupId) {
        String groupId = lambdaSecurityGroupId == null || lambdaSecurityGroupId.isBlank() ? null : lambdaSecurityGroupId.strip();
        if (groupId != null && !GROUP_ID.matcher(groupId).matches()) {
            throw new InvalidSettingException(LAMBDA_SECURITY_GROUP_VARIABLE, "Environment variable "
                    + LAMBDA_SECURITY_GROUP_VARIABLE + " is '" + groupId + "', which is not a security group id."
                    + " Allowed: empty, or an id such as sg-0123456789abcdef0 (the database Lambda's security group).");
        }
        return new DesiredAccess(egressCidrs, groupId);
    }

    /**
     * The PrivateLink path: the load balancer's group and the Lambda's, no CIDR. Client IP preservation is off for IP
     * targets, so the writer sees the load balancer's addresses, never Materialize's; referencing the load balancer's
     * group admits exactly those (traffic and health checks).
     */
    public static DesiredAccess throughLoadBalancer(String loadBalancerGroupId, String lambdaSecurityGroupId) {
        DesiredAccess lambdaOnly = of(List.of(), lambdaSecurityGroupId);
        return new DesiredAccess(List.of(), lambdaOnly.lambdaSecurityGroupId(), true, loadBalancerGroupId);
    }

    /**
     * The rules the dedicated group must hold, in a stable order: CIDRs as configured, then the load balancer's group,
     * then the Lambda's.
     */
    public List<IngressRule> rules(int port) {
        List<IngressRule> rules = new ArrayList<>();
        egressCidrs.forEach(cidr -> rules.add(IngressRule.fromCidr(port, cidr)));
        if (loadBalancerGroupId != null) {
            rules.add(IngressRule.fromGroup(port, loadBalancerGroupId));
        }
        if (lambdaSecurityGroupId != null) {
            rules.add(IngressRule.fromGroup(port, lambdaSecurityGroupId));
        }
        return rules.stream().distinct().toList();
    }
}
