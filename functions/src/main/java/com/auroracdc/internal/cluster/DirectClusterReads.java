package com.auroracdc.internal.cluster;

import com.auroracdc.errors.ClusterNotFoundException;
import com.auroracdc.internal.aws.Pages;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbParametersResponse;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Parameter;

final class DirectClusterReads implements ClusterReads {
    private final RdsClient rds;

    DirectClusterReads(RdsClient rds) {
        this.rds = rds;
    }

    @Override
    public DBCluster cluster(String identifier) {
        try {
            // Every page (a Marker may come even for one identifier).
            return Pages.all(marker -> rds.describeDBClusters(DescribeDbClustersRequest.builder()
                            .dbClusterIdentifier(identifier).marker(marker).build()),
                    DescribeDbClustersResponse::marker, DescribeDbClustersResponse::dbClusters).getFirst();
        } catch (DbClusterNotFoundException | NoSuchElementException e) {
            throw new ClusterNotFoundException("No DB cluster '" + identifier + "' in this account and region. Check the"
                    + " identifier (and that the stack runs in the cluster's region).");
        }
    }

    @Override
    public List<DBCluster> all() {
        return Pages.all(marker -> rds.describeDBClusters(DescribeDbClustersRequest.builder().maxRecords(100).marker(marker)
                        .build()),
                DescribeDbClustersResponse::marker, DescribeDbClustersResponse::dbClusters);
    }

    @Override
    public List<DBInstance> instances(String clusterIdentifier) {
        return Pages.all(marker -> rds.describeDBInstances(r -> r.filters(Filter.builder().name("db-cluster-id")
                        .values(clusterIdentifier).build()).marker(marker)),
                DescribeDbInstancesResponse::marker, DescribeDbInstancesResponse::dbInstances);
    }

    @Override
    public Optional<String> parameterGroupFamily(String engine, String engineVersion) {
        return rds.describeDBEngineVersions(r -> r.engine(engine).engineVersion(engineVersion))
                .dbEngineVersions().stream().map(DBEngineVersion::dbParameterGroupFamily).findFirst();
    }

    @Override
    public List<Parameter> instanceParameters(String dbParameterGroupName) {
        return Pages.all(marker -> rds.describeDBParameters(r -> r.dbParameterGroupName(dbParameterGroupName).source("user")
                        .marker(marker)),
                DescribeDbParametersResponse::marker, DescribeDbParametersResponse::parameters);
    }
}
