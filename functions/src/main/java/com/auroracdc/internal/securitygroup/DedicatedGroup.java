package com.auroracdc.internal.securitygroup;

import com.auroracdc.internal.settings.Tags;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * How the automation names, describes and tags the one security group it owns per cluster. The name is
 * deterministic so a run that crashed right after creating the group finds it again (by name and VPC).
 */
public final class DedicatedGroup {
    /** Tag key on the group naming the cluster it serves. */
    public static final String CLUSTER_TAG = "aurora-cdc-autopilot:cluster";
    static final String NAME_PREFIX = "aurora-cdc-";

    private DedicatedGroup() {
    }

    public static String name(String clusterId) {
        return NAME_PREFIX + clusterId;
    }

    /** Group descriptions allow only a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$* (cluster ids fit). */
    public static String description(String clusterId) {
        return "Managed by Aurora CDC Autopilot: Materialize access to Aurora cluster " + clusterId;
    }

    /** Tags set at creation (TagSpecifications), so the group is never untagged, not even for a moment. */
    public static Map<String, String> tags(String clusterId) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE);
        tags.put("Name", name(clusterId));
        tags.put(CLUSTER_TAG, clusterId);
        return tags;
    }

    /** Carries our managed-by tag: only then are its rules ours to read and change. */
    public static boolean isManaged(SecurityGroup group) {
        return group.tags().stream().anyMatch(t -> Tags.MANAGED_BY.equals(t.key()) && Tags.MANAGED_BY_VALUE.equals(t.value()));
    }
}
