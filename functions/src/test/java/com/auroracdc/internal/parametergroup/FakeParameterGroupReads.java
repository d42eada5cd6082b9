package com.auroracdc.internal.parametergroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.rds.model.DBClusterParameterGroup;

/**
 * The parameter-group reads as the observer sees them, answered from what the test put in, and every read asked
 * recorded as one line ({@code group NAME}, {@code parameters NAME}, {@code engineDefaults FAMILY}, {@code tags ARN},
 * {@code clustersUsing NAME}). How the real reads page through RDS is tested on the simulator (local module).
 */
final class FakeParameterGroupReads implements ParameterGroupReads {
    private record Group(DBClusterParameterGroup described, Map<String, String> tags,
                         Map<String, ClusterParameter> parameters) {
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Map<String, ClusterParameter>> engineDefaults = new LinkedHashMap<>();
    /** Every cluster of the region and the group it uses. */
    private final Map<String, String> clusters = new LinkedHashMap<>();
    final List<String> asked = new ArrayList<>();

    FakeParameterGroupReads group(String name, String family, Map<String, String> tags,
                                  Map<String, ClusterParameter> parameters) {
        groups.put(name, new Group(DBClusterParameterGroup.builder().dbClusterParameterGroupName(name)
                .dbParameterGroupFamily(family).dbClusterParameterGroupArn(Groups.arn(name)).description("d").build(),
                Map.copyOf(tags), Map.copyOf(parameters)));
        return this;
    }

    FakeParameterGroupReads engineDefaults(String family, Map<String, ClusterParameter> parameters) {
        engineDefaults.put(family, Map.copyOf(parameters));
        return this;
    }

    FakeParameterGroupReads cluster(String clusterId, String groupName) {
        clusters.put(clusterId, groupName);
        return this;
    }

    /** The reads asked of one kind, by what they named: {@code asked("group")} lists the group names looked up. */
    List<String> asked(String kind) {
        return asked.stream().filter(a -> a.startsWith(kind + " ")).map(a -> a.substring(kind.length() + 1)).toList();
    }

    @Override
    public Optional<DBClusterParameterGroup> group(String name) {
        asked.add("group " + name);
        return Optional.ofNullable(groups.get(name)).map(Group::described);
    }

    @Override
    public Map<String, ClusterParameter> parameters(DBClusterParameterGroup group) {
        asked.add("parameters " + group.dbClusterParameterGroupName());
        return groups.get(group.dbClusterParameterGroupName()).parameters();
    }

    @Override
    public Map<String, ClusterParameter> engineDefaults(String family) {
        asked.add("engineDefaults " + family);
        return engineDefaults.getOrDefault(family, Map.of());
    }

    @Override
    public Map<String, String> tags(String arn) {
        asked.add("tags " + arn);
        return groups.values().stream().filter(g -> g.described().dbClusterParameterGroupArn().equals(arn))
                .findFirst().map(Group::tags).orElseThrow(() -> new AssertionError("no resource " + arn));
    }

    @Override
    public List<String> clustersUsing(String groupName) {
        asked.add("clustersUsing " + groupName);
        return clusters.entrySet().stream().filter(c -> c.getValue().equalsIgnoreCase(groupName))
                .map(Map.Entry::getKey).toList();
    }
}
