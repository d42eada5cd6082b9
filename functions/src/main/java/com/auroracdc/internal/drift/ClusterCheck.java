package com.auroracdc.internal.drift;

import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.settings.RepairMode;
import java.util.ArrayList;
import java.util.List;

/**
 * One cluster's check as it travels through the Map iteration.
 *
 * @param arn        for the status tag; null when the cluster could not be described
 * @param statusTag  the status tag's value before this check (only a change is written)
 * @param skipped    why the cluster was not checked (e.g. deleted since the listing), or null
 * @param database   where and how the database check connects (dry run); null once checked or when it
 *                   cannot be (no settings, cluster stopped)
 * @param disabled   the trigger tag says {@code disabled}: only leftover replication slots are looked for, nothing is
 *                   repaired and the status tag is left as it is
 */
public record ClusterCheck(
        String cluster,
        String arn,
        String statusTag,
        RepairMode repair,
        RebootPolicy rebootPolicy,
        String skipped,
        List<Finding> findings,
        SetupContext database,
        boolean disabled) {

    public ClusterCheck {
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** A cluster the automation is on for. */
    public ClusterCheck(String cluster, String arn, String statusTag, RepairMode repair, RebootPolicy rebootPolicy,
                        String skipped, List<Finding> findings, SetupContext database) {
        this(cluster, arn, statusTag, repair, rebootPolicy, skipped, findings, database, false);
    }

    public static ClusterCheck skipped(String cluster, String reason) {
        return new ClusterCheck(cluster, null, null, RepairMode.OFF, null, reason, List.of(), null);
    }

    public static ClusterCheck failed(String cluster, List<Finding> findings) {
        return new ClusterCheck(cluster, null, null, RepairMode.OFF, null, null, findings, null);
    }

    /** The same check with these findings instead. */
    public ClusterCheck withFindings(List<Finding> replaced) {
        return new ClusterCheck(cluster, arn, statusTag, repair, rebootPolicy, skipped, replaced, database, disabled);
    }

    /** The same check with the database target the binding verified. */
    public ClusterCheck withDatabase(SetupContext verified) {
        return new ClusterCheck(cluster, arn, statusTag, repair, rebootPolicy, skipped, findings, verified, disabled);
    }

    /** The same check with more findings, and the database target dropped once the database was checked. */
    public ClusterCheck withDatabaseFindings(List<Finding> more) {
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(more);
        return new ClusterCheck(cluster, arn, statusTag, repair, rebootPolicy, skipped, all, null, disabled);
    }
}
