package com.auroracdc.internal.parametergroup;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterParameterGroup;

/**
 * Every RDS read {@link ParameterGroupObserver} makes. Two implementations answer the same questions: {@link
 * #direct}, fresh per setup invocation (a retry must see what a failed attempt changed), and the
 * drift run's cache, which reads a group shared by many clusters once and lists every group with one call.
 */
public interface ParameterGroupReads {
    /** The setup stage's reads: each asked of RDS when needed (every page), nothing kept. */
    static ParameterGroupReads direct(RdsClient rds) {
        return new DirectParameterGroupReads(rds);
    }

    /** The group of this name, if RDS has one. */
    Optional<DBClusterParameterGroup> group(String name);

    /** Every effective parameter of the group, by name. */
    Map<String, ClusterParameter> parameters(DBClusterParameterGroup group);

    /** What a new group of this family holds, by name (empty when RDS lists none). */
    Map<String, ClusterParameter> engineDefaults(String family);

    /** The tags of an RDS resource. */
    Map<String, String> tags(String arn);

    /** The identifiers of every cluster of the region using this group (names compared ignoring case). */
    List<String> clustersUsing(String groupName);
}
