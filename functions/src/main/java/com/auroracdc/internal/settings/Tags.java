package com.auroracdc.internal.settings;

import java.util.Map;
import java.util.TreeMap;

/** Tag keys the automation reads or writes on a cluster, besides the per-setting tags. */
public final class Tags {
    /** Every tag of ours starts with this; unknown keys under it are refused as unknown settings. */
    public static final String PREFIX = "materialize:";
    /** The default trigger key; stacks may choose another (stack parameter TriggerTagKey). */
    public static final String DEFAULT_TRIGGER_KEY = "materialize:cdc";
    /** The trigger value that asks for a setup. */
    public static final String TRIGGER_VALUE = "enabled";
    /** The trigger value that turns the automation off for a cluster: drift then watches only for leftover slots. */
    public static final String DISABLED_VALUE = "disabled";
    /** Written by the automation: the outcome of the last setup or drift check. Never triggers a setup. */
    public static final String STATUS = "materialize:cdc-status";
    /** The status a finished teardown leaves: drift no longer looks at the cluster. */
    public static final String REMOVED_STATUS = "removed";
    /** Written by the automation while a setup runs: who holds the cluster, until when. */
    public static final String LOCK = "materialize:cdc-lock";
    /** Tag on resources the automation creates (parameter groups, security groups, secrets). */
    public static final String MANAGED_BY = "managed-by";
    public static final String MANAGED_BY_VALUE = "aurora-cdc-autopilot";

    private Tags() {
    }

    /** Only the automation's own tags (those under {@link #PREFIX}), sorted. */
    public static Map<String, String> ours(Map<String, String> tags) {
        Map<String, String> ours = new TreeMap<>();
        tags.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                ours.put(key, value);
            }
        });
        return ours;
    }
}
