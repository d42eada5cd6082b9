package com.auroracdc.internal.parametergroup;

import com.auroracdc.internal.aws.Pages;
import com.auroracdc.internal.cluster.ClusterReads;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterParameterGroup;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParameterGroupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParametersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParametersResponse;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultClusterParametersRequest;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.Tag;

/** The parameter-group reads of one setup invocation, each asked of RDS when needed (every page), nothing kept. */
final class DirectParameterGroupReads implements ParameterGroupReads {
    private final RdsClient rds;

    DirectParameterGroupReads(RdsClient rds) {
        this.rds = rds;
    }

    @Override
    public Optional<DBClusterParameterGroup> group(String name) {
        try {
            return rds.describeDBClusterParameterGroups(DescribeDbClusterParameterGroupsRequest.builder()
                    .dbClusterParameterGroupName(name).build()).dbClusterParameterGroups().stream().findFirst();
        } catch (DbParameterGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Map<String, ClusterParameter> parameters(DBClusterParameterGroup group) {
        String name = group.dbClusterParameterGroupName();
        return ClusterParameter.byName(Pages.all(marker -> rds.describeDBClusterParameters(
                        DescribeDbClusterParametersRequest.builder().dbClusterParameterGroupName(name).marker(marker).build()),
                DescribeDbClusterParametersResponse::marker, DescribeDbClusterParametersResponse::parameters));
    }

    @Override
    public Map<String, ClusterParameter> engineDefaults(String family) {
        return ClusterParameter.byName(Pages.all(marker -> rds.describeEngineDefaultClusterParameters(
                        DescribeEngineDefaultClusterParametersRequest.builder().dbParameterGroupFamily(family).marker(marker).build())
                        .engineDefaults(),
                page -> page == null ? null : page.marker(), page -> page == null ? List.<Parameter>of() : page.parameters()));
    }

    @Override
    public Map<String, String> tags(String arn) {
        Map<String, String> tags = new HashMap<>();
        for (Tag tag : rds.listTagsForResource(ListTagsForResourceRequest.builder().resourceName(arn).build()).tagList()) {
            tags.put(tag.key(), tag.value() == null ? "" : tag.value());
        }
        return Map.copyOf(tags);
    }

    @Override
    public List<String> clustersUsing(String groupName) {
        return ClusterReads.direct(rds).all().stream()
                .filter(cluster -> groupName.equalsIgnoreCase(cluster.dbClusterParameterGroup()))
                .map(DBCluster::dbClusterIdentifier).toList();
    }
}
