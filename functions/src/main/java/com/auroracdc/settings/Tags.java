package com.auroracdc.settings;

/** Tag keys the automation reads or writes on a cluster, besides the per-setting tags. */
public final class Tags {
    /** Every tag of ours starts with this; unknown keys under it are refused as unknown settings. */
    public static final String PREFIX = "materialize:";
    /** The default trigger key; stacks may choose another (stack parameter TriggerTagKey). */
    public static final String DEFAULT_TRIGGER_KEY = "materialize:cdc";
    /** The trigger value that asks for a setup. */
    public static final String TRIGGER_VALUE = "enabled";
    /** Written by the automation: the outcome of the last setup or drift check. Never triggers a setup. */
    public static final String STATUS = "materialize:cdc-status";
    /** Written by the automation while a setup runs: who holds the cluster, until when. */
    public static final String LOCK = "materialize:cdc-lock";
    /** Tag on resources the automation creates (parameter groups, security groups, secrets). */
    public static final String MANAGED_BY = "managed-by";
    public static final String MANAGED_BY_VALUE = "aurora-cdc-autopilot";

    private Tags() {
    }
}
