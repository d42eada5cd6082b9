package com.auroracdc.internal.parametergroup;

import com.auroracdc.errors.ParameterGroupFamilyException;
import com.auroracdc.errors.ParameterGroupNotFoundException;
import com.auroracdc.internal.cluster.ClusterFacts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBClusterParameterGroup;

/**
 * Read-only, and the only reader of the parameter-group area: everything the planner needs about the cluster's
 * parameter group, for the setup's stage and for drift alike. Which reads it makes, and how they are batched or
 * cached, is the {@link ParameterGroupReads} it is given.
 */
public final class ParameterGroupObserver {
    private final ParameterGroupReads reads;

    public ParameterGroupObserver(ParameterGroupReads reads) {
        this.reads = reads;
    }

    /** @param cluster the cluster as the caller has just described it (see {@code ClusterBinding}) */
    public ParameterGroupState observe(ClusterFacts facts, DBCluster cluster) {
        String clusterId = facts.identifier();
        String family = facts.parameterGroupFamily();
        if (family == null || family.isBlank()) {
            throw new ParameterGroupFamilyException("The parameter group family of cluster " + clusterId
                    + " is unknown (Inspect resolves it from DescribeDBEngineVersions). Run the whole setup rather "
                    + "than this stage alone, or check that engine version " + facts.engineVersion() + " is listed by "
                    + "'aws rds describe-db-engine-versions --engine aurora-postgresql'.");
        }
        String currentName = cluster.dbClusterParameterGroup();
        DBClusterParameterGroup described = reads.group(currentName).orElseThrow(() -> new ParameterGroupNotFoundException(
                "Cluster " + clusterId + " uses cluster parameter group " + currentName + ", which RDS cannot find. "
                        + "Associate an existing DB cluster parameter group with the cluster ('aws rds modify-db-cluster "
                        + "--db-cluster-identifier " + clusterId + " --db-cluster-parameter-group-name <group>') and run again."));
        String currentFamily = described.dbParameterGroupFamily();
        if (currentFamily == null || currentFamily.isBlank()) {
            throw new ParameterGroupFamilyException("RDS did not report the family of cluster parameter group "
                    + currentName + " of cluster " + clusterId + ". Check it with 'aws rds "
                    + "describe-db-cluster-parameter-groups --db-cluster-parameter-group-name " + currentName
                    + "' and run again.");
        }

        String managedName = ManagedGroups.name(clusterId, family);
        boolean isDefault = currentName.startsWith("default.");
        boolean familyMismatch = !family.equals(currentFamily);
        List<String> others = isDefault || familyMismatch ? List.of() : reads.clustersUsing(currentName).stream()
                .filter(id -> !id.equalsIgnoreCase(clusterId)).sorted().toList();
        ParameterGroupView current = new ParameterGroupView(currentName, currentFamily,
                described.dbClusterParameterGroupArn(),
                // Ownership only matters when our own group turns out to be shared.
                currentName.equals(managedName) && !others.isEmpty() ? reads.tags(described.dbClusterParameterGroupArn()) : Map.of(),
                isDefault ? Map.of() : reads.parameters(described));

        ParameterGroupView managed = null;
        Map<String, ClusterParameter> engineDefaults = Map.of();
        // Our own group is looked up whenever the cluster does not use it yet: customer groups are copied, not modified.
        if (!currentName.equals(managedName)) {
            Optional<DBClusterParameterGroup> existing = reads.group(managedName);
            if (existing.isPresent()) {
                managed = new ParameterGroupView(managedName, existing.get().dbParameterGroupFamily(),
                        existing.get().dbClusterParameterGroupArn(), reads.tags(existing.get().dbClusterParameterGroupArn()),
                        reads.parameters(existing.get()));
            } else if (isDefault || familyMismatch) {
                engineDefaults = engineDefaults(family);
            }
        }

        Map<String, String> members = new LinkedHashMap<>();
        for (DBClusterMember member : cluster.dbClusterMembers()) {
            String status = member.dbClusterParameterGroupStatus();
            members.put(member.dbInstanceIdentifier(), status == null ? "unknown" : status);
        }
        return new ParameterGroupState(clusterId, family, current, others, managed, engineDefaults, members);
    }

    private Map<String, ClusterParameter> engineDefaults(String family) {
        Map<String, ClusterParameter> defaults = reads.engineDefaults(family);
        if (defaults.isEmpty()) {
            throw new ParameterGroupFamilyException("RDS returned no engine default parameters for family " + family
                    + ". Check that the family exists in this region with 'aws rds "
                    + "describe-engine-default-cluster-parameters --db-parameter-group-family " + family + "'.");
        }
        return defaults;
    }
}
