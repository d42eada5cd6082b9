package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.settings.Tags;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.template.Template;
import com.fasterxml.jackson.databind.node.TextNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AWS actions each drift function calls, seen on the simulator over runs that take every code path
 * (converged, every drift kind, a cluster never set up, repair, database check). template.yaml grants exactly
 * these (see the README's IAM section).
 */
class DriftIamTest {
    static final Map<String, Set<String>> EXPECTED = Map.of(
            // ssm:GetParameter: the stack settings, read per invocation (settings/StackSettings)
            "ListTaggedClustersFunction", Set.of("rds:DescribeDBClusters", "ssm:GetParameter"),
            "CheckControlPlaneFunction", Set.of("rds:DescribeDBClusters", "rds:DescribeDBInstances",
                    "rds:DescribeDBEngineVersions", "rds:DescribeDBClusterParameterGroups", "rds:DescribeDBClusterParameters",
                    "rds:DescribeEngineDefaultClusterParameters", "rds:ListTagsForResource",
                    "ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules", "ssm:GetParameter",
                    "dynamodb:GetItem"),
            // DescribeDBClusters: the database check re-reads each cluster rather than trust its input (ClusterBinding)
            "CheckDatabasesFunction", Set.of("rds:DescribeDBClusters", "secretsmanager:GetSecretValue",
                    "secretsmanager:DescribeSecret", "ssm:GetParameter"),
            // DescribeExecution: a batch is reported only for a running execution of the drift state machine
            "ReportDriftFunction", Set.of("rds:AddTagsToResource", "events:PutEvents", "states:ListExecutions",
                    "states:StartExecution", "states:DescribeExecution", "ssm:GetParameter"),
            "SummarizeDriftFunction", Set.of());
    /** What a stack with MaterializeMode egress or source adds (under the condition HasMaterializeAppPassword). */
    static final Map<String, Set<String>> WITH_MATERIALIZE = Map.of(
            // the app password, to read mz_egress_ips: only that secret
            "CheckControlPlaneFunction", Set.of("secretsmanager:GetSecretValue"));

    /**
     * What clusters on networkPath privatelink add: the PrivateLink stage's reads (PrivateLinkObserver), on "*" as
     * describe actions allow no narrower resource. Clusters on public-cidrs call none of them (DriftEgressTest's run
     * has none and sees exactly {@link #EXPECTED}).
     */
    static final Map<String, Set<String>> WITH_PRIVATELINK = Map.of(
            "CheckControlPlaneFunction", Set.of("rds:DescribeDBSubnetGroups", "ec2:DescribeSubnets",
                    "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTags",
                    "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeTargetGroups",
                    "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeListeners",
                    "ec2:DescribeVpcEndpointServiceConfigurations", "ec2:DescribeVpcEndpointServicePermissions",
                    "ec2:DescribeVpcEndpointConnections"));

    private static EmbeddedPostgres postgres;

    /** What each drift function calls (and is granted) in a stack with clusters on both network paths. */
    private static Set<String> expected(String function) {
        Set<String> actions = new TreeSet<>(EXPECTED.get(function));
        actions.addAll(WITH_PRIVATELINK.getOrDefault(function, Set.of()));
        return actions;
    }

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("wal_level", "logical").start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void actionsCalled_perDriftFunction_areExactlyThoseTheTemplateGrants() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var world = new DriftWorld(Map.of("sslMode", TextNode.valueOf("disable")),
                Map.of("PRIVATELINK_PRINCIPALS", "arn:aws:iam::664411391173:role/mz_4f3a_plc"));
        world.withDatabases();
        world.setUpNew(world.cluster("private").tag("materialize:network-path", "privatelink"), false);
        world.setUpNew(world.cluster("converged").endpoint("127.0.0.1").port(postgres.getPort()), true);
        world.setUpNew(world.cluster("dark").endpoint("127.0.0.1").port(closedPort), false);
        world.setUpNew(Scenario.SHARED_CUSTOM_GROUP.builder(world.sim(), "billing").tag(Tags.DEFAULT_TRIGGER_KEY, Tags.TRIGGER_VALUE), false);
        world.setUpNew(world.cluster("swapped").tag("materialize:repair", "auto"), false);
        world.cluster("never-set-up").create();
        world.sim().unrecorded(() -> world.sim().rds().modifyDBCluster(r -> r.dbClusterIdentifier("swapped")
                .dbClusterParameterGroupName("default.aurora-postgresql16")));

        DriftWorld.Run run = world.drift();
        assertThat(run.summary().repairsStarted()).containsExactly("swapped");
        assertThat(run.kinds("never-set-up")).contains(FindingKind.PARAMETER_GROUP, FindingKind.SECURITY_GROUP);
        assertThat(run.of("converged")).isEmpty();
        world.repairs().forEach(e -> world.setUp("swapped", false));
        world.repairs().forEach(e -> world.sim().sfn().finishExecution(e.executionArn(),
                software.amazon.awssdk.services.sfn.model.ExecutionStatus.SUCCEEDED));
        world.drift();

        assertThat(run.checkedOf("private")).as("its database is not reachable here; its PrivateLink path converged")
                .noneMatch(f -> f.kind().value().startsWith("privatelink-"));
        EXPECTED.keySet().forEach(function ->
                assertThat(world.actionsByFunction().getOrDefault(function, Set.of())).as(function).isEqualTo(expected(function)));
    }

    @Test
    void templatePolicies_grantEachDriftFunctionExactlyWhatItCalls() {
        Map<String, Map<String, Object>> functions = Template.load().functions();
        EXPECTED.keySet().forEach(function -> {
            Set<String> actions = expected(function);
            Set<String> granted = new TreeSet<>();
            Set<String> withMaterialize = new TreeSet<>();
            for (Object policy : Template.list(functions.get(function).get("Policies"))) {
                for (Object statement : Template.list(Template.map(policy).get("Statement"))) {
                    Map<String, Object> fields = Template.map(statement);
                    if (fields.containsKey("Fn::If")) {
                        List<Object> branches = Template.list(fields.get("Fn::If"));
                        if ("HasMaterializeAppPassword".equals(branches.getFirst())) {
                            Template.list(Template.map(branches.get(1)).get("Action")).forEach(a -> withMaterialize.add((String) a));
                        } // others narrow a grant also made unconditionally (e.g. HasAllowedAdminSecrets)
                    } else {
                        Template.list(fields.get("Action")).forEach(a -> granted.add((String) a));
                    }
                }
            }
            assertThat(granted).as("policy of %s", function).isEqualTo(actions);
            assertThat(withMaterialize).as("policy of %s with a Materialize app password", function)
                    .isEqualTo(WITH_MATERIALIZE.getOrDefault(function, Set.of()));
        });
    }
}
