package com.auroracdc.reboot;

import com.auroracdc.aws.Pages;
import com.auroracdc.cluster.ClusterBinding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.Filter;

/** Reads the members' instance and parameter-group statuses: two read-only calls. */
public final class RebootObserver {
    private final RdsClient rds;

    public RebootObserver(RdsClient rds) {
        this.rds = rds;
    }

    public record Observation(List<MemberState> members, String maintenanceWindow) {
    }

    public Observation observe(String clusterIdentifier) {
        return observe(clusterIdentifier, cluster -> { });
    }

    /** @param describedCheck applied to the cluster as described, before its instances are read (may throw) */
    public Observation observe(String clusterIdentifier, Consumer<DBCluster> describedCheck) {
        DBCluster cluster = ClusterBinding.describe(rds, clusterIdentifier);
        describedCheck.accept(cluster);
        Map<String, String> statuses = new HashMap<>();
        Pages.all(marker -> rds.describeDBInstances(r -> r.filters(Filter.builder().name("db-cluster-id")
                        .values(clusterIdentifier).build()).marker(marker)),
                DescribeDbInstancesResponse::marker, DescribeDbInstancesResponse::dbInstances)
                .forEach(i -> statuses.put(i.dbInstanceIdentifier(), i.dbInstanceStatus()));
        List<MemberState> members = cluster.dbClusterMembers().stream()
                .map(m -> new MemberState(m.dbInstanceIdentifier(), Boolean.TRUE.equals(m.isClusterWriter()),
                        statuses.getOrDefault(m.dbInstanceIdentifier(), "unknown"), m.dbClusterParameterGroupStatus()))
                .toList();
        return new Observation(members, cluster.preferredMaintenanceWindow());
    }
}
