package com.auroracdc.internal.drift;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a finding is about. The spelling is the {@code Kind} dimension of the DriftFindings metric and the
 * {@code kind} of each finding in the "Aurora CDC Drift Detected" event, so it must stay stable.
 *
 * <p>{@link #repairedBySetup()} says whether running the setup again fixes it: only those findings make
 * {@code repair=auto} start the setup. Slots are never dropped automatically, and a cluster that could not
 * be checked needs a person first.
 */
public enum FindingKind {
    /** A {@code materialize:} tag on the cluster is malformed: the desired state is unknown. */
    INVALID_SETTINGS("invalid-settings", Severity.CRITICAL, false),
    /** A setting's tag or stack parameter changed since the last applied setup recorded it: the newer intent wins. */
    SETTINGS_CHANGED("settings-changed", Severity.WARNING, true),
    /**
     * A setting's tag or stack parameter changed since the last applied setup, but a value given as execution input
     * stands over it (input &gt; tag &gt; stack): information only, the desired state is unchanged.
     */
    SETTINGS_SHADOWED("settings-shadowed", Severity.INFO, false),
    /** A setup holds the cluster's lease now: its findings may be that setup's work in progress; no repair is started. */
    SETUP_RUNNING("setup-running", Severity.INFO, false),
    /** The cluster uses a default, wrong-family or unexpected cluster parameter group. */
    PARAMETER_GROUP("parameter-group", Severity.CRITICAL, true),
    /** A replication parameter is below what the setup sets (or logical replication is off). */
    PARAMETER_VALUE("parameter-value", Severity.CRITICAL, true),
    /**
     * The writer waits for a reboot that our replication parameters need: the database check found it running
     * without them (wal_level not logical, or replication settings below what the setup sizes). The only
     * pending reboot repair reboots for, and only where the reboot policy allows.
     */
    PENDING_REBOOT("pending-reboot", Severity.WARNING, true),
    /** The writer waits for a reboot; the database could not be checked, so whether our parameters need it is unknown. */
    WRITER_PENDING_REBOOT("writer-pending-reboot", Severity.WARNING, false),
    /** The writer waits for a reboot our parameters did not cause (they already run): reported, never repaired. */
    UNRELATED_PENDING_REBOOT("unrelated-pending-reboot", Severity.WARNING, false),
    /** Only readers wait for a reboot (read availability, readerReboot=skip): logical replication needs the writer only. */
    READERS_PENDING_REBOOT("readers-pending-reboot", Severity.WARNING, false),
    /** The last two repairs of this cluster failed: no more until someone acts. */
    REPAIR_SUSPENDED("repair-suspended", Severity.CRITICAL, false),
    /** The dedicated security group is missing or no longer attached to the cluster. */
    SECURITY_GROUP("security-group", Severity.CRITICAL, true),
    /** The dedicated security group's ingress rules differ from the desired sources. */
    SECURITY_GROUP_RULES("security-group-rules", Severity.WARNING, true),
    /**
     * MaterializeMode egress or source: the dedicated group's CIDR rules are not Materialize's egress addresses as it
     * publishes them now (an address added or gone on Materialize's side, or a rule changed by hand). Repaired by the
     * setup's security-group stage, which never needs a reboot.
     */
    EGRESS_CHANGED("egress-changed", Severity.WARNING, true),
    /**
     * MaterializeMode egress or source: Materialize's SQL API could not be read (unreachable, password refused, TLS,
     * a malformed or empty answer): what the group should hold is unknown, so its CIDR rules were not compared.
     */
    MATERIALIZE_UNAVAILABLE("materialize-unavailable", Severity.CRITICAL, false),
    /** MaterializeMode source: the cluster's Materialize source (or a table of it) does not exist: the setup creates it. */
    SOURCE_MISSING("materialize-source-missing", Severity.CRITICAL, true),
    /**
     * MaterializeMode source: Materialize says the source or a table of it is stalled or failed (with its error text),
     * or paused (a warning: its Materialize cluster has no replica).
     */
    SOURCE_NOT_RUNNING("materialize-source-not-running", Severity.CRITICAL, false),
    /** MaterializeMode source: the source or a table is still created or starting: information, looked at again next run. */
    SOURCE_STARTING("materialize-source-starting", Severity.INFO, false),
    /** MaterializeMode source: the source stalled because the publication or replication slot it reads is gone upstream. */
    SOURCE_UPSTREAM_GONE("materialize-source-upstream-gone", Severity.CRITICAL, false),
    /**
     * networkPath privatelink: the target group's target is not the current writer (a failover whose event was lost):
     * Materialize's connections reach a reader or nothing. Repaired by the setup's PrivateLink stage (register the writer,
     * then deregister the old target), which plans no reboot.
     */
    PRIVATELINK_TARGET_STALE("privatelink-target-stale", Severity.CRITICAL, true),
    /**
     * networkPath privatelink: our load balancer, target group, listener or endpoint service is missing (critical) or
     * set otherwise than the setup sets it (cross-zone off, acceptance changed: a warning). The setup creates or resets it.
     */
    PRIVATELINK_PATH_INCOMPLETE("privatelink-path-incomplete", Severity.CRITICAL, true),
    /** networkPath privatelink: the endpoint service's allowed principals are not the stack's list; the setup restores it. */
    PRIVATELINK_PRINCIPALS_CHANGED("privatelink-principals-changed", Severity.WARNING, true),
    /** networkPath privatelink: the writer's target fails its health checks (with the reason): a person looks. */
    PRIVATELINK_TARGET_UNHEALTHY("privatelink-target-unhealthy", Severity.WARNING, false),
    /** networkPath privatelink: our load balancer is failed or active_impaired: a person looks. */
    PRIVATELINK_LOAD_BALANCER_NOT_ACTIVE("privatelink-load-balancer-not-active", Severity.CRITICAL, false),
    /** networkPath privatelink: our load balancer is still provisioning (a setup just created it): information. */
    PRIVATELINK_LOAD_BALANCER_PROVISIONING("privatelink-load-balancer-provisioning", Severity.INFO, false),
    /** networkPath privatelink: the load balancer's subnets no longer cover the cluster's DB subnet group's. */
    PRIVATELINK_AZ_COVERAGE("privatelink-az-coverage", Severity.WARNING, false),
    /**
     * networkPath privatelink: what the PrivateLink stage would warn about without changing it (no principal allowed,
     * the listener forwarding elsewhere, the target group on another port, no writer address right now).
     */
    PRIVATELINK_WARNING("privatelink-warning", Severity.WARNING, false),
    /** networkPath public-cidrs, but the record says a setup made a PrivateLink path for the cluster: it is still there. */
    PRIVATELINK_LEFT_OVER("privatelink-left-over", Severity.INFO, false),
    /** The publication is missing or does not publish the desired tables. */
    PUBLICATION("publication", Severity.CRITICAL, true),
    /** A published table does not have REPLICA IDENTITY FULL. */
    REPLICA_IDENTITY("replica-identity", Severity.WARNING, true),
    /** The replication user, its grants or its secret differ from what the setup made. */
    REPLICATION_USER("replication-user", Severity.CRITICAL, true),
    /** Any other difference a stage planner reports. */
    SETUP("setup", Severity.WARNING, true),
    /** A stage planner refuses this cluster (a named error): running the setup would fail the same way. */
    SETUP_BLOCKED("setup-blocked", Severity.CRITICAL, false),
    /** A materialize_ slot nobody has read for longer than the threshold. */
    SLOT_INACTIVE("slot-inactive", Severity.WARNING, false),
    /** A materialize_ slot holds back more WAL than the threshold. */
    SLOT_RETAINED_WAL("slot-retained-wal", Severity.CRITICAL, false),
    /** A materialize_ slot lost WAL it needs (wal_status lost) or is about to (unreserved). */
    SLOT_INVALIDATED("slot-invalidated", Severity.CRITICAL, false),
    /** A materialize_ slot on a cluster whose trigger tag says disabled: it keeps WAL until the disk fills. */
    LEFTOVER_SLOT("leftover-slot", Severity.CRITICAL, false),
    /** Fewer free replication slots than the headroom a new source or a snapshot needs. */
    SLOTS_NEAR_LIMIT("slots-near-limit", Severity.WARNING, false),
    /** The database did not answer (network, security group, cluster stopped). */
    UNREACHABLE("cluster-unreachable", Severity.CRITICAL, false),
    /** AWS or the database refused the automation's credentials. */
    ACCESS_DENIED("access-denied", Severity.CRITICAL, false),
    /** The admin secret is missing, unreadable or malformed. */
    SECRET_UNAVAILABLE("secret-unavailable", Severity.CRITICAL, false),
    /** The check itself failed for another reason. */
    CHECK_FAILED("check-failed", Severity.CRITICAL, false);

    private final String value;
    private final Severity defaultSeverity;
    private final boolean repairedBySetup;

    FindingKind(String value, Severity defaultSeverity, boolean repairedBySetup) {
        this.value = value;
        this.defaultSeverity = defaultSeverity;
        this.repairedBySetup = repairedBySetup;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    public boolean repairedBySetup() {
        return repairedBySetup;
    }

    /** True for the findings about a reboot still to happen (the status tag says pending-reboot for them). */
    public boolean pendingReboot() {
        return this == PENDING_REBOOT || this == WRITER_PENDING_REBOOT || this == UNRELATED_PENDING_REBOOT
                || this == READERS_PENDING_REBOOT;
    }

    /** True when the finding means the cluster's state is unknown rather than drifted. */
    public boolean uncheckable() {
        return this == UNREACHABLE || this == ACCESS_DENIED || this == SECRET_UNAVAILABLE || this == CHECK_FAILED;
    }

    @Override
    public String toString() {
        return value;
    }
}
