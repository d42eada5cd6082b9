package com.auroracdc.internal.securitygroup;

import com.auroracdc.internal.settings.Cidrs;
import java.util.Optional;

/**
 * One inbound rule in the shape the automation manages: TCP on a single port from a single source.
 * Two rules are the same rule when port, kind and source match; the description is derived, not compared.
 */
public record IngressRule(int port, SourceKind kind, String source) {

    public enum SourceKind { IPV4_CIDR, IPV6_CIDR, SECURITY_GROUP }

    public static IngressRule fromCidr(int port, String cidr) {
        return new IngressRule(port, Cidrs.isIpv6(cidr) ? SourceKind.IPV6_CIDR : SourceKind.IPV4_CIDR, cidr);
    }

    public static IngressRule fromGroup(int port, String groupId) {
        return new IngressRule(port, SourceKind.SECURITY_GROUP, groupId);
    }

    /**
     * The managed shape of an existing rule, or empty when it has another shape (other protocol, a port
     * range, a prefix list): such a rule in the dedicated group is never desired and gets revoked.
     */
    public static Optional<IngressRule> of(ObservedRule rule) {
        boolean tcp = "tcp".equalsIgnoreCase(rule.protocol()) || "6".equals(rule.protocol());
        if (!tcp || rule.fromPort() == null || !rule.fromPort().equals(rule.toPort())) {
            return Optional.empty();
        }
        int port = rule.fromPort();
        if (rule.cidrIpv4() != null) {
            return Optional.of(new IngressRule(port, SourceKind.IPV4_CIDR, canonical(rule.cidrIpv4())));
        }
        if (rule.cidrIpv6() != null) {
            return Optional.of(new IngressRule(port, SourceKind.IPV6_CIDR, canonical(rule.cidrIpv6())));
        }
        if (rule.referencedGroupId() != null) {
            return Optional.of(fromGroup(port, rule.referencedGroupId()));
        }
        return Optional.empty();
    }

    /** EC2 may print a CIDR differently from our settings (IPv6 case, zero compression): compare canonical forms. */
    private static String canonical(String cidr) {
        try {
            return Cidrs.canonical(cidr);
        } catch (IllegalArgumentException e) {
            return cidr;
        }
    }

    /** The rule's description in EC2 (allowed characters: a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$*). */
    public String ruleDescription() {
        return kind == SourceKind.SECURITY_GROUP
                ? "Aurora CDC Autopilot database Lambda"
                : "Materialize egress (Aurora CDC Autopilot)";
    }

    /** e.g. "TCP 5432 from 3.215.237.32/27". */
    public String summary() {
        return "TCP " + port + " from " + source
                + (kind == SourceKind.SECURITY_GROUP ? " (the automation's database Lambda)" : "");
    }
}
