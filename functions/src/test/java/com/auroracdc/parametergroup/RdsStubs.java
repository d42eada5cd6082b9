package com.auroracdc.parametergroup;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;

import com.auroracdc.cluster.ClusterFacts;
import com.auroracdc.settings.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBClusterParameterGroup;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParameterGroupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParameterGroupsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParametersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParametersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultClusterParametersRequest;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultClusterParametersResponse;
import software.amazon.awssdk.services.rds.model.EngineDefaults;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.Tag;

/** Stubs read-only RDS answers on a Mockito mock, with the exact requests a correct caller sends. */
final class RdsStubs {
    private final RdsClient rds;

    RdsStubs(RdsClient rds) {
        this.rds = rds;
        // Any group not stubbed does not exist, as in RDS.
        lenient().when(rds.describeDBClusterParameterGroups(any(DescribeDbClusterParameterGroupsRequest.class)))
                .thenThrow(DbParameterGroupNotFoundException.builder().message("not found").build());
    }

    static ClusterFacts facts(String clusterId, String family, String group) {
        return new ClusterFacts(clusterId, "arn:aws:rds:us-east-1:123456789012:cluster:" + clusterId, "aurora-postgresql",
                "16.4", "provisioned", family, "available", 5432, "vpc-1", List.of("sg-1"), group,
                clusterId + "-1", List.of(clusterId + "-2"), clusterId + ".cluster-x.us-east-1.rds.amazonaws.com",
                "orders", null, "sun:05:00-sun:05:30", Map.of());
    }

    static DBCluster cluster(String clusterId, String group, String... memberStatuses) {
        List<DBClusterMember> members = new ArrayList<>();
        for (int i = 0; i < memberStatuses.length; i++) {
            members.add(DBClusterMember.builder().dbInstanceIdentifier(clusterId + "-" + (i + 1))
                    .isClusterWriter(i == 0).dbClusterParameterGroupStatus(memberStatuses[i]).build());
        }
        return DBCluster.builder().dbClusterIdentifier(clusterId).dbClusterParameterGroup(group)
                .status("available").dbClusterMembers(members)
                .masterUserSecret(m -> m.secretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1-aBcDeF"))
                .tagList(software.amazon.awssdk.services.rds.model.Tag.builder().key(Tags.DEFAULT_TRIGGER_KEY)
                        .value(Tags.TRIGGER_VALUE).build()).build();
    }

    void cluster(DBCluster cluster) {
        lenient().when(rds.describeDBClusters(DescribeDbClustersRequest.builder()
                        .dbClusterIdentifier(cluster.dbClusterIdentifier()).build()))
                .thenReturn(DescribeDbClustersResponse.builder().dbClusters(cluster).build());
    }

    /** DescribeDBClusters without a filter, one page per list, linked by markers m1, m2, ... */
    void allClusters(List<List<DBCluster>> pages) {
        for (int i = 0; i < pages.size(); i++) {
            String marker = i == 0 ? null : "m" + i;
            String next = i + 1 < pages.size() ? "m" + (i + 1) : null;
            lenient().when(rds.describeDBClusters(DescribeDbClustersRequest.builder().maxRecords(100).marker(marker).build()))
                    .thenReturn(DescribeDbClustersResponse.builder().dbClusters(pages.get(i)).marker(next).build());
        }
    }

    void group(String name, String family, Map<String, String> tags) {
        String arn = Groups.arn(name);
        lenient().doReturn(DescribeDbClusterParameterGroupsResponse.builder().dbClusterParameterGroups(
                        DBClusterParameterGroup.builder().dbClusterParameterGroupName(name).dbParameterGroupFamily(family)
                                .dbClusterParameterGroupArn(arn).description("d").build()).build())
                .when(rds).describeDBClusterParameterGroups(DescribeDbClusterParameterGroupsRequest.builder()
                        .dbClusterParameterGroupName(name).build());
        lenient().when(rds.listTagsForResource(ListTagsForResourceRequest.builder().resourceName(arn).build()))
                .thenReturn(ListTagsForResourceResponse.builder().tagList(tags.entrySet().stream()
                        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()).build());
    }

    /** DescribeDBClusterParameters for a group, split into pages of {@code pageSize}. */
    void parameters(String group, Map<String, ClusterParameter> parameters, int pageSize) {
        List<List<Parameter>> pages = pages(parameters, pageSize);
        for (int i = 0; i < pages.size(); i++) {
            String marker = i == 0 ? null : group + "-p" + i;
            String next = i + 1 < pages.size() ? group + "-p" + (i + 1) : null;
            lenient().when(rds.describeDBClusterParameters(DescribeDbClusterParametersRequest.builder()
                            .dbClusterParameterGroupName(group).marker(marker).build()))
                    .thenReturn(DescribeDbClusterParametersResponse.builder().parameters(pages.get(i)).marker(next).build());
        }
    }

    void engineDefaults(String family, Map<String, ClusterParameter> parameters, int pageSize) {
        List<List<Parameter>> pages = pages(parameters, pageSize);
        for (int i = 0; i < pages.size(); i++) {
            String marker = i == 0 ? null : family + "-p" + i;
            String next = i + 1 < pages.size() ? family + "-p" + (i + 1) : null;
            lenient().when(rds.describeEngineDefaultClusterParameters(DescribeEngineDefaultClusterParametersRequest.builder()
                            .dbParameterGroupFamily(family).marker(marker).build()))
                    .thenReturn(DescribeEngineDefaultClusterParametersResponse.builder().engineDefaults(EngineDefaults.builder()
                            .dbParameterGroupFamily(family).parameters(pages.get(i)).marker(next).build()).build());
        }
    }

    static List<List<Parameter>> pages(Map<String, ClusterParameter> parameters, int pageSize) {
        List<Parameter> all = parameters.values().stream().map(p -> Parameter.builder().parameterName(p.name())
                .parameterValue(p.value()).source(p.source()).applyType(p.applyType()).isModifiable(p.modifiable())
                .build()).toList();
        List<List<Parameter>> pages = new ArrayList<>();
        for (int i = 0; i < all.size(); i += pageSize) {
            pages.add(all.subList(i, Math.min(i + pageSize, all.size())));
        }
        return pages;
    }
}
