package com.auroracdc.internal.parametergroup;

import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.parametergroup.ParameterGroupRemoval.DeleteGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupRemoval.RestoreGroup;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBClusterParameterGroup;

/**
 * The teardown of the parameter-group area: observe (through {@link ParameterGroupReads}, the area's one read path),
 * then plan. Ours is an {@code mz-cdc-*} group tagged managed-by for this very cluster. By default the cluster stays
 * on it, logical replication on, because leaving it takes a reboot. With {@code restoreParameterGroup} the cluster
 * goes back to the group the record says it used before; the reboot loop then reboots it, and this stage, run again
 * after it, deletes our group once no cluster uses it.
 */
public final class ParameterGroupTeardown {
    private final ParameterGroupReads reads;

    public ParameterGroupTeardown(ParameterGroupReads reads) {
        this.reads = reads;
    }

    /** The changes, and in {@code left} what stays and why. */
    public record Plan(List<ParameterGroupRemoval> changes, List<String> left) {
        public Plan {
            changes = List.copyOf(changes);
            left = List.copyOf(left);
        }
    }

    /**
     * @param recordedGroup    the group the record says the setup moved the cluster to (null: no record)
     * @param recordedPrevious the customer's group the record says the cluster used before (null: none known)
     * @param restore          the teardown's {@code restoreParameterGroup}
     */
    public Plan plan(ClusterFacts facts, DBCluster cluster, String recordedGroup, String recordedPrevious, boolean restore,
                     boolean dryRun) {
        String clusterId = facts.identifier();
        String current = cluster.dbClusterParameterGroup();
        Set<String> candidates = new LinkedHashSet<>();
        if (facts.parameterGroupFamily() != null) {
            candidates.add(ManagedGroups.name(clusterId, facts.parameterGroupFamily()));
        }
        if (ManagedGroups.hasOurName(recordedGroup)) {
            candidates.add(recordedGroup);
        }
        if (ManagedGroups.hasOurName(current)) {
            candidates.add(current);
        }
        List<ParameterGroupRemoval> changes = new ArrayList<>();
        List<String> left = new ArrayList<>();
        boolean membersInSync = cluster.dbClusterMembers().stream().map(DBClusterMember::dbClusterParameterGroupStatus)
                .allMatch(ParameterGroupState.IN_SYNC::equals);
        for (String name : candidates) {
            Optional<DBClusterParameterGroup> group = reads.group(name);
            if (group.isEmpty()) {
                continue;
            }
            ParameterGroupView view = new ParameterGroupView(name, group.get().dbParameterGroupFamily(),
                    group.get().dbClusterParameterGroupArn(), reads.tags(group.get().dbClusterParameterGroupArn()), Map.of());
            if (!ManagedGroups.ownedBy(view, clusterId)) {
                left.add("Left parameter group " + name + ": it does not carry our tags for cluster " + clusterId
                        + ", so it is not ours.");
                continue;
            }
            if (name.equalsIgnoreCase(current)) {
                planLeaving(clusterId, name, recordedPrevious, restore, dryRun, changes, left);
                continue;
            }
            List<String> users = reads.clustersUsing(name);
            if (!users.isEmpty()) {
                left.add("Left parameter group " + name + ": cluster(s) " + String.join(", ", users) + " still use it.");
            } else if (!membersInSync) {
                left.add("Parameter group " + name + " is deleted once the members of " + clusterId + " have rebooted"
                        + " onto " + current + " (run the teardown again then).");
            } else {
                changes.add(new DeleteGroup(name, false));
            }
        }
        return new Plan(changes, left);
    }

    private void planLeaving(String clusterId, String ours, String previous, boolean restore, boolean dryRun,
                             List<ParameterGroupRemoval> changes, List<String> left) {
        if (!restore) {
            left.add("Cluster " + clusterId + " stays on parameter group " + ours + ", logical replication on: turning it"
                    + " off takes a reboot. Run the teardown with \"restoreParameterGroup\": true (--restore-parameter-group)"
                    + " to move it back" + (previous == null ? "" : " to " + previous) + " and reboot it.");
            return;
        }
        if (previous == null) {
            left.add("Cluster " + clusterId + " stays on parameter group " + ours + ": the record names no group it used"
                    + " before. Associate the group it should use (aws rds modify-db-cluster --db-cluster-identifier "
                    + clusterId + " --db-cluster-parameter-group-name <group> --apply-immediately), reboot it, then run"
                    + " the teardown again to delete " + ours + ".");
            return;
        }
        if (reads.group(previous).isEmpty()) {
            left.add("Cluster " + clusterId + " stays on parameter group " + ours + ": the group it used before, "
                    + previous + ", no longer exists. Associate the group it should use, reboot it, then run the"
                    + " teardown again to delete " + ours + ".");
            return;
        }
        changes.add(new RestoreGroup(clusterId, ours, previous));
        if (dryRun) {
            changes.add(new DeleteGroup(ours, true));
        }
    }
}
