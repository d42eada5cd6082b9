package com.auroracdc.internal.securitygroup;

/**
 * An inbound rule of the dedicated group as DescribeSecurityGroupRules reports it.
 *
 * @param protocol          e.g. tcp, udp, -1 (all)
 * @param referencedGroupId the source security group, when the rule references one
 */
public record ObservedRule(
        String ruleId,
        String protocol,
        Integer fromPort,
        Integer toPort,
        String cidrIpv4,
        String cidrIpv6,
        String referencedGroupId,
        String prefixListId,
        String description) {

    /** e.g. "sgr-0abc: tcp 5433 from 10.0.0.0/8". */
    public String summary() {
        String source = cidrIpv4 != null ? cidrIpv4
                : cidrIpv6 != null ? cidrIpv6
                : referencedGroupId != null ? referencedGroupId
                : prefixListId != null ? prefixListId : "?";
        String ports = fromPort == null || fromPort == -1 ? "all ports"
                : fromPort.equals(toPort) ? String.valueOf(fromPort) : fromPort + "-" + toPort;
        String proto = "-1".equals(protocol) ? "all protocols" : protocol;
        return ruleId + ": " + proto + " " + ports + " from " + source;
    }
}
