package com.auroracdc.internal.cluster;

import com.auroracdc.errors.ClusterNotEnabledException;
import com.auroracdc.errors.ClusterStillEnabledException;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.internal.settings.Tags;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Only clusters whose owner set the trigger tag to {@code enabled} are ever changed: whoever may start an execution
 * (or invoke a stage) must not borrow the automation's rights on any other cluster of the account.
 */
public final class TriggerTag {
    private TriggerTag() {
    }

    /** Throws {@link ClusterNotEnabledException} unless the tags carry {@code <triggerKey>=enabled}. */
    public static void require(Map<String, String> tags, String triggerKey, String clusterIdentifier) {
        String value = tags.get(triggerKey);
        if (!Tags.TRIGGER_VALUE.equals(value)) {
            throw new ClusterNotEnabledException("Cluster " + clusterIdentifier + " does not carry the tag " + triggerKey
                    + "=enabled (it is " + (value == null ? "absent" : "'" + value + "'") + "), so nothing is changed on it."
                    + " Tag the cluster " + triggerKey + "=enabled to set it up, or add \"dryRun\": true to the input (./autopilot run: --dry-run) to only see the plan.");
        }
    }

    /**
     * A teardown's rule: throws {@link ClusterStillEnabledException} while the tags still carry {@code <triggerKey>=enabled}
     * (drift repair would set the cluster up again behind the teardown).
     */
    public static void requireReleased(Map<String, String> tags, String triggerKey, String clusterIdentifier) {
        if (Tags.TRIGGER_VALUE.equals(tags.get(triggerKey))) {
            throw new ClusterStillEnabledException("Cluster " + clusterIdentifier + " still carries the tag " + triggerKey
                    + "=enabled, so it is not torn down: drift repair would set it up again. Set " + triggerKey + "="
                    + Tags.DISABLED_VALUE + " (or remove the tag), which starts the teardown by itself; or add \"dryRun\":"
                    + " true to the input (./autopilot local --teardown --dry-run) to only see the plan.");
        }
    }

    /** The cluster's tags as DescribeDBClusters returns them in its TagList. */
    public static Map<String, String> of(DBCluster cluster) {
        Map<String, String> tags = new LinkedHashMap<>();
        cluster.tagList().forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    /** The trigger tag key the stack configured (stack parameter TriggerTagKey). */
    public static String key(Map<String, String> stack) {
        return new SettingsResolver(stack).triggerTagKey();
    }
}
