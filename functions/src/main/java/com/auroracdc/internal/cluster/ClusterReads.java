package com.auroracdc.internal.cluster;

import com.auroracdc.errors.ClusterNotFoundException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Parameter;

/** Every RDS read about the cluster itself that Inspect and each stage's binding make. */
public interface ClusterReads {
    /** Each read asked of RDS when needed (every page), nothing kept: a retry sees what a failed attempt changed. */
    static ClusterReads direct(RdsClient rds) {
        return new DirectClusterReads(rds);
    }

    /** DescribeDBClusters for one identifier (any case); {@link ClusterNotFoundException} when there is none. */
    DBCluster cluster(String identifier);

    /** Every cluster of the account and region (each with its tags), a page of 100 per call. */
    List<DBCluster> all();

    /** The cluster's instances (DescribeDBInstances filtered on db-cluster-id). */
    List<DBInstance> instances(String clusterIdentifier);

    /** The parameter group family of an engine version (DescribeDBEngineVersions); empty when RDS does not list it. */
    Optional<String> parameterGroupFamily(String engine, String engineVersion);

    /** The customer's own values ({@code Source=user}) of a DB (instance) parameter group. */
    List<Parameter> instanceParameters(String dbParameterGroupName);
}
