package com.auroracdc.internal.privatelink;

import com.auroracdc.internal.settings.Tags;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * How the automation names and tags the PrivateLink resources it owns per cluster. The names are deterministic, so a
 * run that crashed right after a create finds the resource again by name (and a retried create returns it, see the
 * applier). Load balancer and target group names are at most 32 letters, digits or hyphens, must not begin or end with
 * a hyphen, and a load balancer's must not begin with {@code internal-}; an Aurora cluster identifier has up to 63.
 */
public final class PrivateLinkNames {
    /** Tag key on each resource naming the cluster it serves: a same-named resource for another cluster is not ours. */
    public static final String CLUSTER_TAG = "aurora-cdc-autopilot:cluster";
    static final String PREFIX = "mz-cdc-";
    static final int MAX_NAME = 32;
    /**
     * Identifiers up to this length are used whole. Longer ones are cut and suffixed with a hash of the whole identifier,
     * which makes the name exactly {@link #MAX_NAME} long: a whole-identifier name is at most 31, so the two forms can
     * never collide, and two long identifiers sharing a prefix still get different names.
     */
    static final int WHOLE_UP_TO = MAX_NAME - PREFIX.length() - 1;
    private static final int HASH_CHARS = 8;

    private PrivateLinkNames() {
    }

    /** The name of the cluster's load balancer, and of its target group (a separate namespace in ELBv2). */
    public static String name(String clusterId) {
        String id = clusterId.toLowerCase(Locale.ROOT);
        if (id.length() <= WHOLE_UP_TO) {
            return PREFIX + id;
        }
        String head = id.substring(0, MAX_NAME - PREFIX.length() - 1 - HASH_CHARS);
        while (head.endsWith("-")) {
            head = head.substring(0, head.length() - 1);
        }
        return PREFIX + head + "-" + sha256(id).substring(0, HASH_CHARS);
    }

    /**
     * The name of the load balancer's security group, in the cluster's VPC (group names are unique per VPC, up to 255
     * characters): no inbound rule, so nothing inside the VPC reaches the listener, and the database's dedicated group
     * admits this group alone for the PrivateLink path.
     */
    public static String securityGroupName(String clusterId) {
        return name(clusterId) + "-nlb";
    }

    /** Tags set at creation (Tags / TagSpecifications), so a resource of ours is never untagged, not even for a moment. */
    public static Map<String, String> tags(String clusterId) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE);
        tags.put("Name", name(clusterId));
        tags.put(CLUSTER_TAG, clusterId);
        return tags;
    }

    /** Ours for this cluster: our managed-by tag and this cluster's name in the cluster tag. */
    public static boolean ours(Map<String, String> tags, String clusterId) {
        return Tags.MANAGED_BY_VALUE.equals(tags.get(Tags.MANAGED_BY)) && clusterId.equals(tags.get(CLUSTER_TAG));
    }

    /** An EC2 security group that is ours for this cluster (its tags as {@link #ours} wants them). */
    public static boolean forCluster(SecurityGroup group, String clusterId) {
        return ours(Ec2Tags.toMap(group.tags()), clusterId);
    }

    /**
     * A client token for creating the endpoint service on a load balancer: the same load balancer gives the same token, so
     * EC2 answers a retried create with the service the first attempt made (at most 64 ASCII characters).
     */
    public static String endpointServiceToken(String loadBalancerArn) {
        return PREFIX + sha256(loadBalancerArn).substring(0, 40);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
