package com.auroracdc.internal.reboot;

import com.auroracdc.internal.cluster.ClusterReads;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/** Reads the members' instance and parameter-group statuses: the cluster's description and its instances. */
public final class RebootObserver {
    private final RdsClient rds;

    public RebootObserver(RdsClient rds) {
        this.rds = rds;
    }

    public record Observation(List<MemberState> members, String maintenanceWindow) {
    }

    /** Describes the cluster and its instances: two read-only calls. */
    public Observation observe(String clusterIdentifier) {
        return observe(ClusterReads.direct(rds).cluster(clusterIdentifier));
    }

    /** The members of a cluster the caller has just described: one read-only call for their instance statuses. */
    public Observation observe(DBCluster cluster) {
        Map<String, String> statuses = new HashMap<>();
        ClusterReads.direct(rds).instances(cluster.dbClusterIdentifier()).forEach(i -> statuses.put(i.dbInstanceIdentifier(), i.dbInstanceStatus()));
        List<MemberState> members = cluster.dbClusterMembers().stream()
                .map(m -> new MemberState(m.dbInstanceIdentifier(), Boolean.TRUE.equals(m.isClusterWriter()),
                        statuses.getOrDefault(m.dbInstanceIdentifier(), "unknown"), m.dbClusterParameterGroupStatus()))
                .toList();
        return new Observation(members, cluster.preferredMaintenanceWindow());
    }
}
