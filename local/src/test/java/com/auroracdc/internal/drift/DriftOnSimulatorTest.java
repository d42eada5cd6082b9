package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.parametergroup.ManagedGroups;
import com.auroracdc.internal.securitygroup.DedicatedGroup;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.local.sim.ClusterHandle;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.Parameter;

/** The drift check on the simulated control plane: each control-plane drift kind, repair, convergence. */
class DriftOnSimulatorTest {
    private final DriftWorld world = new DriftWorld();

    private String managedGroup(String cluster) {
        return ManagedGroups.name(cluster, "aurora-postgresql16");
    }

    private String dedicatedGroupId(String cluster) {
        return world.sim().ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values(DedicatedGroup.name(cluster))))
                .securityGroups().getFirst().groupId();
    }

    @Test
    void drift_whenEveryClusterIsConverged_findsNothingAndChangesNothing() {
        world.setUpNew(world.cluster("orders"));
        world.setUpNew(com.auroracdc.local.sim.Scenario.SHARED_CUSTOM_GROUP.builder(world.sim(), "billing")
                .tag(Tags.DEFAULT_TRIGGER_KEY, Tags.TRIGGER_VALUE));
        DriftWorld.Run run = world.drift();
        assertThat(run.findings()).isEmpty();
        assertThat(run.summary().clustersChecked()).isEqualTo(2);
        assertThat(run.summary().clustersDrifted()).isZero();
        assertThat(run.mutatingCalls()).isZero();
        assertThat(world.repairs()).isEmpty();
    }

    @Test
    void drift_whenAParameterWasLowered_reportsItAndRepairConvergesToACleanCheck() {
        world.setUpNew(world.cluster("orders").tag("materialize:repair", "auto"));
        world.sim().unrecorded(() -> world.sim().rds().modifyDBClusterParameterGroup(r -> r
                .dbClusterParameterGroupName(managedGroup("orders"))
                .parameters(Parameter.builder().parameterName("max_wal_senders").parameterValue("5")
                        .applyMethod(ApplyMethod.PENDING_REBOOT).build())));

        DriftWorld.Run drifted = world.drift();
        assertThat(drifted.of("orders")).filteredOn(f -> f.kind() == FindingKind.PARAMETER_VALUE).singleElement()
                .satisfies(f -> assertThat(f.found()).isEqualTo("max_wal_senders = 5"));
        assertThat(drifted.summary().repairsStarted()).containsExactly("orders");
        assertThat(world.repairs()).singleElement().satisfies(e -> {
            assertThat(e.stateMachineArn()).isEqualTo(DriftWorld.SETUP_ARN);
            assertThat(e.name()).startsWith("drift-orders-");
        });
        assertThat(world.describe("orders").tagList()).anySatisfy(t -> {
            assertThat(t.key()).isEqualTo(Tags.STATUS);
            assertThat(t.value()).isEqualTo("drifted");
        });

        assertThat(world.runStartedRepairs()).containsExactly("orders");
        DriftWorld.Run clean = world.drift();
        assertThat(clean.findings()).isEmpty();
        assertThat(world.describe("orders").tagList()).anySatisfy(t -> assertThat(t.value()).isEqualTo("ready"));
    }

    @Test
    void drift_whenGroupSwappedBackToTheDefault_reportsTheGroupAndRepairReassociatesIt() {
        world.setUpNew(world.cluster("orders").tag("materialize:repair", "auto"));
        world.sim().unrecorded(() -> world.sim().rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders")
                .dbClusterParameterGroupName("default.aurora-postgresql16")));

        DriftWorld.Run drifted = world.drift();
        assertThat(drifted.kinds("orders")).containsExactly(FindingKind.PARAMETER_GROUP);
        assertThat(drifted.of("orders").getFirst().found()).contains("default.aurora-postgresql16");

        world.runStartedRepairs();
        assertThat(world.describe("orders").dbClusterParameterGroup()).isEqualTo(managedGroup("orders"));
        assertThat(world.drift().findings()).isEmpty();
    }

    @Test
    void drift_whenSecurityGroupDetached_reportsItAndRepairReattachesIt() {
        ClusterHandle orders = world.setUpNew(world.cluster("orders").tag("materialize:repair", "auto"));
        world.sim().unrecorded(() -> world.sim().rds().modifyDBCluster(r -> r.dbClusterIdentifier("orders")
                .vpcSecurityGroupIds(orders.securityGroupIds())));

        DriftWorld.Run drifted = world.drift();
        assertThat(drifted.kinds("orders")).containsExactly(FindingKind.SECURITY_GROUP);

        world.runStartedRepairs();
        assertThat(world.describe("orders").vpcSecurityGroups()).anySatisfy(g ->
                assertThat(g.vpcSecurityGroupId()).isEqualTo(dedicatedGroupId("orders")));
        assertThat(world.drift().findings()).isEmpty();
    }

    @Test
    void drift_whenARuleWasRevoked_reportsTheMissingRule() {
        world.setUpNew(world.cluster("orders"));
        String group = dedicatedGroupId("orders");
        world.sim().unrecorded(() -> world.sim().ec2().revokeSecurityGroupIngress(r -> r.groupId(group)
                .ipPermissions(p -> p.ipProtocol("tcp").fromPort(5432).toPort(5432).ipRanges(ip -> ip.cidrIp("52.6.209.3/32")))));

        DriftWorld.Run drifted = world.drift();
        assertThat(drifted.of("orders")).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SECURITY_GROUP_RULES);
            assertThat(f.expected()).contains("52.6.209.3/32");
        });
        assertThat(world.repairs()).as("repair is off by default").isEmpty();
    }

    @Test
    void drift_whenMaterializeEgressChanged_reportsTheNewCidrAndTheStaleOne() {
        world.setUpNew(world.cluster("orders"));
        String arn = world.describe("orders").dbClusterArn();
        world.sim().unrecorded(() -> world.sim().rds().addTagsToResource(r -> r.resourceName(arn)
                .tags(t -> t.key("materialize:egress-cidrs").value("3.215.237.32/27 18.204.98.0/27"))));

        DriftWorld.Run drifted = world.drift();
        // the tag changed since the setup recorded the stack's CIDRs: named once, then the rules it changes
        assertThat(drifted.of("orders")).extracting(Finding::kind).containsExactlyInAnyOrder(FindingKind.SETTINGS_CHANGED,
                FindingKind.SECURITY_GROUP_RULES, FindingKind.SECURITY_GROUP_RULES);
        assertThat(drifted.of("orders")).anySatisfy(f -> assertThat(f.expected()).contains("18.204.98.0/27"));
        assertThat(drifted.of("orders")).anySatisfy(f -> assertThat(f.found()).contains("52.6.209.3/32"));
    }

    @Test
    void drift_whenOnlyOneOfManyClustersDrifted_reportsOnlyThatOne() {
        for (String id : List.of("a1", "a2", "a3", "a4")) {
            world.setUpNew(world.cluster(id));
        }
        world.sim().unrecorded(() -> world.sim().rds().modifyDBCluster(r -> r.dbClusterIdentifier("a3")
                .dbClusterParameterGroupName("default.aurora-postgresql16")));
        DriftWorld.Run run = world.drift();
        assertThat(run.findings()).containsOnlyKeys("a3");
        assertThat(run.summary().drifted()).containsExactly("a3");
        assertThat(run.summary().clustersChecked()).isEqualTo(4);
        assertThat(run.mutatingCalls()).as("only a3's status tag").isEqualTo(1);
    }

    @Test
    void drift_whenTagIsMalformed_reportsItWithoutStoppingTheOthers() {
        world.setUpNew(world.cluster("good"));
        world.setUpNew(world.cluster("bad"));
        String arn = world.describe("bad").dbClusterArn();
        world.sim().unrecorded(() -> world.sim().rds().addTagsToResource(r -> r.resourceName(arn)
                .tags(t -> t.key("materialize:sources").value("many"))));
        DriftWorld.Run run = world.drift();
        assertThat(run.kinds("bad")).containsExactly(FindingKind.INVALID_SETTINGS);
        assertThat(run.of("good")).isEmpty();
    }

    @Test
    void drift_whenClusterIsNotTagged_leavesItAlone() {
        world.setUpNew(world.cluster("tagged"));
        world.sim().newCluster("untagged").create();
        DriftWorld.Run run = world.drift();
        assertThat(run.summary().clustersListed()).isEqualTo(1);
        assertThat(run.findings()).isEmpty();
    }
}
