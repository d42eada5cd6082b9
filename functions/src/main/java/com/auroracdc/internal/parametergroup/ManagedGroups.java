package com.auroracdc.internal.parametergroup;

import com.auroracdc.internal.settings.Tags;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The cluster parameter groups this automation creates: one per cluster and family, with a deterministic
 * name, so a run that crashed after creating (or copying) a group finds and reuses it instead of failing on
 * "already exists" or creating a second one.
 */
public final class ManagedGroups {
    /** Tag on every group we create: which cluster it was made for. */
    public static final String CLUSTER_TAG = Tags.PREFIX + "cdc-cluster";
    /** Tag on a copy: the customer's group it was copied from. */
    public static final String SOURCE_TAG = Tags.PREFIX + "cdc-source-group";
    /** Tag on a copy: {@link #fingerprint} of the source's customer values when it was copied. */
    public static final String SOURCE_FINGERPRINT_TAG = Tags.PREFIX + "cdc-source-fingerprint";
    static final String PREFIX = "mz-cdc-";
    private static final int MAX_NAME_LENGTH = 255;

    private ManagedGroups() {
    }

    /**
     * {@code mz-cdc-<cluster>-<family>}, made valid for RDS: letters, digits and hyphens only, starting with a
     * letter, no two hyphens in a row, no trailing hyphen, at most 255 characters (RDS stores names in lower
     * case). Families such as {@code aurora-postgresql9.6} hold a dot, which becomes a hyphen.
     */
    public static String name(String clusterIdentifier, String family) {
        String raw = (PREFIX + clusterIdentifier + "-" + family).toLowerCase(Locale.ROOT);
        String name = raw.replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-");
        if (name.length() > MAX_NAME_LENGTH) {
            name = name.substring(0, MAX_NAME_LENGTH);
        }
        return name.replaceAll("-+$", "");
    }

    /** Whether a group's name is one this automation gives its own groups (ownership itself is proven by its tags). */
    public static boolean hasOurName(String groupName) {
        return groupName != null && groupName.startsWith(PREFIX);
    }

    public static Map<String, String> tags(String clusterIdentifier) {
        return Map.of(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE, CLUSTER_TAG, clusterIdentifier);
    }

    /** A copy's tags: ours, plus the group it was copied from and a fingerprint of that group's customer values then. */
    public static Map<String, String> copyTags(String clusterIdentifier, String sourceGroup, String sourceFingerprint) {
        return Map.of(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE, CLUSTER_TAG, clusterIdentifier,
                SOURCE_TAG, sourceGroup, SOURCE_FINGERPRINT_TAG, sourceFingerprint);
    }

    /**
     * A short digest of a group's customer values ({@code Source=user}: name and value), independent of order: equal
     * digests mean the customer has not changed the group. Tag values hold at most 256 characters, hence a digest.
     */
    public static String fingerprint(Map<String, ClusterParameter> parameters) {
        String values = new TreeMap<>(parameters).values().stream().filter(ClusterParameter::userSet)
                .map(p -> p.name() + "=" + p.value()).collect(Collectors.joining("\n"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(values.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Whether the group carries our tags for this very cluster. */
    public static boolean ownedBy(ParameterGroupView group, String clusterIdentifier) {
        return Tags.MANAGED_BY_VALUE.equals(group.tags().get(Tags.MANAGED_BY))
                && clusterIdentifier.equalsIgnoreCase(group.tags().getOrDefault(CLUSTER_TAG, ""));
    }

    static String description(String clusterIdentifier, String family) {
        return "Aurora CDC Autopilot: logical replication for cluster " + clusterIdentifier + " (" + family + ")";
    }
}
