package com.auroracdc.internal.privatelink;

import com.auroracdc.internal.settings.Settings;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the cluster's PrivateLink path should be.
 *
 * @param port               the cluster's port: the listener's, the target group's and the target's
 * @param principals         every principal allowed to connect to the endpoint service (Materialize's, from
 *                           {@code mz_aws_privatelink_connections}); the full list: others are removed (stack-only)
 * @param acceptanceRequired whether each endpoint connection waits for acceptance (stack-only)
 */
public record PrivateLinkDesired(String clusterId, String clusterArn, int port, Set<String> principals,
                                 boolean acceptanceRequired) {
    public PrivateLinkDesired {
        principals = Set.copyOf(new TreeSet<>(principals));
    }

    public PrivateLinkDesired(String clusterId, String clusterArn, int port, List<String> principals,
                              boolean acceptanceRequired) {
        this(clusterId, clusterArn, port, Set.copyOf(principals), acceptanceRequired);
    }

    /** The path the settings ask for, on the cluster's port as observed: the setup stage's and drift's alike. */
    public static PrivateLinkDesired of(ObservedPrivateLink observed, Settings settings) {
        return new PrivateLinkDesired(observed.clusterId(), observed.clusterArn(), observed.port(),
                settings.privateLinkPrincipals(), settings.privateLinkAcceptanceRequired());
    }
}
