package com.auroracdc.parametergroup;

import com.auroracdc.aws.Pages;
import com.auroracdc.cluster.ClusterFacts;
import com.auroracdc.errors.ClusterNotFoundException;
import com.auroracdc.errors.ParameterGroupFamilyException;
import com.auroracdc.errors.ParameterGroupNotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBClusterParameterGroup;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParameterGroupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParametersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParametersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultClusterParametersRequest;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Read-only: everything the planner needs about the cluster's parameter group. It re-describes the cluster
 * rather than trusting Inspect's snapshot, so a re-run after a crash sees what the crashed attempt changed.
 * Every describe follows its Marker to the last page. Reads that do not depend on the cluster go through an
 * {@link ObservationCache}.
 */
public final class ParameterGroupObserver {
    private final RdsClient rds;
    private final ObservationCache cache;

    public ParameterGroupObserver(RdsClient rds, ObservationCache cache) {
        this.rds = rds;
        this.cache = cache;
    }

    public ParameterGroupState observe(ClusterFacts facts) {
        return observe(facts, cluster -> { });
    }

    /** @param describedCheck applied to the cluster as described, before anything else is read (may throw) */
    public ParameterGroupState observe(ClusterFacts facts, Consumer<DBCluster> describedCheck) {
        requireFamily(facts);
        DBCluster cluster = describeCluster(facts.identifier());
        describedCheck.accept(cluster);
        return observe(facts, cluster);
    }

    /** From a cluster the caller has just described and bound (see {@code ClusterBinding}). */
    public ParameterGroupState observe(ClusterFacts facts, DBCluster cluster) {
        requireFamily(facts);
        String clusterId = facts.identifier();
        String family = facts.parameterGroupFamily();
        String currentName = cluster.dbClusterParameterGroup();
        DBClusterParameterGroup described = group(currentName).orElseThrow(() -> new ParameterGroupNotFoundException(
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
        List<String> others = isDefault || familyMismatch ? List.of() : otherClusters(currentName, clusterId);
        ParameterGroupView current = new ParameterGroupView(currentName, currentFamily,
                described.dbClusterParameterGroupArn(),
                // Ownership only matters when our own group turns out to be shared.
                currentName.equals(managedName) && !others.isEmpty() ? tags(described.dbClusterParameterGroupArn()) : Map.of(),
                isDefault ? Map.of() : parameters(currentName));

        ParameterGroupView managed = null;
        Map<String, ClusterParameter> engineDefaults = Map.of();
        // Our own group is looked up whenever the cluster does not use it yet: customer groups are copied, not modified.
        boolean needsOwnGroup = !currentName.equals(managedName);
        if (needsOwnGroup) {
            Optional<DBClusterParameterGroup> existing = group(managedName);
            if (existing.isPresent()) {
                managed = new ParameterGroupView(managedName, existing.get().dbParameterGroupFamily(),
                        existing.get().dbClusterParameterGroupArn(), tags(existing.get().dbClusterParameterGroupArn()),
                        parameters(managedName));
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

    private static void requireFamily(ClusterFacts facts) {
        String clusterId = facts.identifier();
        String family = facts.parameterGroupFamily();
        if (family == null || family.isBlank()) {
            throw new ParameterGroupFamilyException("The parameter group family of cluster " + clusterId
                    + " is unknown (Inspect resolves it from DescribeDBEngineVersions). Run the whole setup rather "
                    + "than this stage alone, or check that engine version " + facts.engineVersion() + " is listed by "
                    + "'aws rds describe-db-engine-versions --engine aurora-postgresql'.");
        }
    }

    private DBCluster describeCluster(String clusterId) {
        try {
            List<DBCluster> clusters = rds.describeDBClusters(DescribeDbClustersRequest.builder()
                    .dbClusterIdentifier(clusterId).build()).dbClusters();
            if (clusters.isEmpty()) {
                throw DbClusterNotFoundException.builder().message(clusterId).build();
            }
            return clusters.getFirst();
        } catch (DbClusterNotFoundException e) {
            throw new ClusterNotFoundException("DB cluster " + clusterId + " no longer exists in this account and "
                    + "region. Check the identifier and region, and start the setup again.", e);
        }
    }

    /** DescribeDBClusterParameterGroups for one name; empty when there is no such group. */
    private Optional<DBClusterParameterGroup> group(String name) {
        return cache.get("group:" + name, () -> {
            try {
                return rds.describeDBClusterParameterGroups(DescribeDbClusterParameterGroupsRequest.builder()
                                .dbClusterParameterGroupName(name).build())
                        .dbClusterParameterGroups().stream().findFirst();
            } catch (DbParameterGroupNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    /** Every cluster using {@code groupName} except {@code clusterId}, from DescribeDBClusters over all pages. */
    private List<String> otherClusters(String groupName, String clusterId) {
        Map<String, List<String>> usage = cache.get("usage", this::clustersByGroup);
        return usage.getOrDefault(groupName.toLowerCase(Locale.ROOT), List.of()).stream()
                .filter(id -> !id.equalsIgnoreCase(clusterId)).sorted().toList();
    }

    private Map<String, List<String>> clustersByGroup() {
        Map<String, List<String>> usage = new HashMap<>();
        for (DBCluster cluster : Pages.all(marker -> rds.describeDBClusters(DescribeDbClustersRequest.builder().marker(marker).build()),
                DescribeDbClustersResponse::marker, DescribeDbClustersResponse::dbClusters)) {
            if (cluster.dbClusterParameterGroup() != null) {
                usage.computeIfAbsent(cluster.dbClusterParameterGroup().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(cluster.dbClusterIdentifier());
            }
        }
        return usage;
    }

    private Map<String, ClusterParameter> parameters(String groupName) {
        return cache.get("parameters:" + groupName, () -> {
            Map<String, ClusterParameter> parameters = new HashMap<>();
            Pages.all(marker -> rds.describeDBClusterParameters(
                                    DescribeDbClusterParametersRequest.builder().dbClusterParameterGroupName(groupName).marker(marker).build()),
                            DescribeDbClusterParametersResponse::marker, DescribeDbClusterParametersResponse::parameters)
                    .forEach(p -> parameters.put(p.parameterName(), toParameter(p)));
            return Map.copyOf(parameters);
        });
    }

    private Map<String, ClusterParameter> engineDefaults(String family) {
        return cache.get("engine-defaults:" + family, () -> {
            Map<String, ClusterParameter> parameters = new HashMap<>();
            Pages.all(marker -> rds.describeEngineDefaultClusterParameters(
                                    DescribeEngineDefaultClusterParametersRequest.builder().dbParameterGroupFamily(family).marker(marker).build())
                                    .engineDefaults(),
                            page -> page == null ? null : page.marker(), page -> page == null ? List.<Parameter>of() : page.parameters())
                    .forEach(p -> parameters.put(p.parameterName(), toParameter(p)));
            if (parameters.isEmpty()) {
                throw new ParameterGroupFamilyException("RDS returned no engine default parameters for family " + family
                        + ". Check that the family exists in this region with 'aws rds "
                        + "describe-engine-default-cluster-parameters --db-parameter-group-family " + family + "'.");
            }
            return Map.copyOf(parameters);
        });
    }

    private Map<String, String> tags(String arn) {
        return cache.get("tags:" + arn, () -> {
            Map<String, String> tags = new HashMap<>();
            for (Tag tag : rds.listTagsForResource(ListTagsForResourceRequest.builder().resourceName(arn).build()).tagList()) {
                tags.put(tag.key(), tag.value() == null ? "" : tag.value());
            }
            return Map.copyOf(tags);
        });
    }

    private static ClusterParameter toParameter(Parameter p) {
        return new ClusterParameter(p.parameterName(), p.parameterValue(), p.source(), p.applyType(),
                p.isModifiable() == null || p.isModifiable());
    }
}
