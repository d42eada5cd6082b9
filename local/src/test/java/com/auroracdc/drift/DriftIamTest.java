package com.auroracdc.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.local.sim.Scenario;
import com.auroracdc.settings.Tags;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The AWS actions each drift function calls, seen on the simulator over runs that take every code path
 * (converged, every drift kind, a cluster never set up, repair, database check). template.yaml grants exactly
 * these (see the README's IAM section).
 */
class DriftIamTest {
    static final Map<String, Set<String>> EXPECTED = Map.of(
            "ListTaggedClustersFunction", Set.of("rds:DescribeDBClusters"),
            "CheckControlPlaneFunction", Set.of("rds:DescribeDBClusters", "rds:DescribeDBInstances",
                    "rds:DescribeDBEngineVersions", "rds:DescribeDBClusterParameterGroups", "rds:DescribeDBClusterParameters",
                    "rds:DescribeEngineDefaultClusterParameters", "rds:ListTagsForResource",
                    "ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules"),
            "CheckDatabasesFunction", Set.of("secretsmanager:GetSecretValue"),
            "ReportDriftFunction", Set.of("rds:AddTagsToResource", "events:PutEvents", "states:ListExecutions",
                    "states:StartExecution"),
            "SummarizeDriftFunction", Set.of());

    @Test
    void actionsCalled_perDriftFunction_areExactlyThoseTheTemplateGrants() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var world = new DriftWorld(Map.of("sslMode", TextNode.valueOf("disable")), Map.of());
        world.withDatabases(new SecretDatabaseConnector(world.sim.secretsManager(), Duration.ofSeconds(1)));
        world.setUpNew(world.cluster("converged").endpoint("127.0.0.1").port(closedPort));
        world.setUpNew(Scenario.SHARED_CUSTOM_GROUP.builder(world.sim, "billing").tag(Tags.DEFAULT_TRIGGER_KEY, Tags.TRIGGER_VALUE));
        world.setUpNew(world.cluster("swapped").tag("materialize:repair", "auto"));
        world.cluster("never-set-up").create();
        world.sim.unrecorded(() -> world.sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier("swapped")
                .dbClusterParameterGroupName("default.aurora-postgresql16")));

        DriftWorld.Run run = world.drift();
        assertThat(run.summary().repairsStarted()).containsExactly("swapped");
        assertThat(run.kinds("never-set-up")).contains(FindingKind.PARAMETER_GROUP, FindingKind.SECURITY_GROUP);
        world.runStartedRepairs();
        world.drift();

        EXPECTED.forEach((function, actions) ->
                assertThat(world.actionsByFunction.getOrDefault(function, Set.of())).as(function).isEqualTo(actions));
    }
}
