package com.auroracdc.internal.materialize;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Network path privatelink: what the source stage needs to reach the cluster through our VPC endpoint service, from the
 * PrivateLink stage's facts (service name, zone IDs) and the stack's settings (allowed principals, acceptance).
 *
 * @param serviceName        the endpoint service's name ({@code com.amazonaws.vpce.<region>.vpce-svc-...}), or null when
 *                           it does not exist yet (a dry run before the PrivateLink stage created it)
 * @param zoneIds            the service's availability zone IDs (not names: Materialize's account is not ours)
 * @param allowedPrincipals  the stack's {@code PrivateLinkAllowedPrincipals}: the service's whole list of principals
 * @param acceptanceRequired whether the service's endpoint connections wait for acceptance
 */
public record PrivateLinkPath(String serviceName, List<String> zoneIds, Set<String> allowedPrincipals,
                              boolean acceptanceRequired) {
    public PrivateLinkPath {
        zoneIds = List.copyOf(zoneIds);
        allowedPrincipals = Set.copyOf(new LinkedHashSet<>(Objects.requireNonNull(allowedPrincipals)));
    }

    /** Whether the endpoint service exists (its name is known). */
    public boolean serviceKnown() {
        return serviceName != null && !serviceName.isBlank();
    }

    /** The 12-digit account of a principal's ARN ({@code arn:aws:iam::123456789012:role/x}), or null. */
    public static String accountOf(String principalArn) {
        String[] parts = principalArn == null ? new String[0] : principalArn.split(":", 6);
        return parts.length == 6 && parts[4].matches("\\d{12}") ? parts[4] : null;
    }
}
