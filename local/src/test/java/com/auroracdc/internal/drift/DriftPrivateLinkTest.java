package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.local.sim.ClusterHandle;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * networkPath privatelink in the drift check: the PrivateLink stage's own observer and planner, never applied. A failover
 * whose event was lost is one privatelink-target-stale finding that repair fixes by retargeting alone (no reboot, no
 * parameter group change); principals changed or the load balancer deleted by hand are repaired by the setup; an
 * unhealthy target is a warning nobody repairs; a read that fails is one finding; public-cidrs clusters cost no
 * ELBv2 or endpoint-service call.
 */
class DriftPrivateLinkTest {
    private static final String MATERIALIZE = "arn:aws:iam::664411391173:role/mz_4f3a_plc";
    private static final String NAME = "mz-cdc-orders";

    private final DriftWorld world = new DriftWorld();
    private final SimAws sim = world.sim();

    @BeforeEach
    void deploy() {
        Map<String, String> stack = new HashMap<>(world.environment());
        stack.put("PRIVATELINK_PRINCIPALS", MATERIALIZE);
        world.redeploy(stack);
    }

    private ClusterHandle privateLinkCluster(String repair) {
        return world.setUpNew(world.cluster("orders").readers(1).tag("materialize:network-path", "privatelink")
                .tag("materialize:repair", repair));
    }

    private String targetGroupArn() {
        String[] arn = new String[1];
        sim.unrecorded(() -> arn[0] = sim.elbv2().describeTargetGroups(r -> r.names(NAME)).targetGroups().getFirst()
                .targetGroupArn());
        return arn[0];
    }

    /** The live (not draining) targets of our target group. */
    private List<String> targets() {
        String group = targetGroupArn();
        List<String>[] targets = new List[1];
        sim.unrecorded(() -> targets[0] = sim.elbv2().describeTargetHealth(r -> r.targetGroupArn(group))
                .targetHealthDescriptions().stream().filter(t -> !"draining".equals(t.targetHealth().stateAsString()))
                .map(t -> t.target().id()).toList());
        return targets[0];
    }

    private ServiceConfiguration service() {
        ServiceConfiguration[] service = new ServiceConfiguration[1];
        sim.unrecorded(() -> service[0] = sim.ec2().describeVpcEndpointServiceConfigurations(r -> { })
                .serviceConfigurations().getFirst());
        return service[0];
    }

    private List<String> principals() {
        String serviceId = service().serviceId();
        List<String>[] principals = new List[1];
        sim.unrecorded(() -> principals[0] = sim.ec2().describeVpcEndpointServicePermissions(r -> r.serviceId(serviceId))
                .allowedPrincipals().stream().map(p -> p.principal()).toList());
        return principals[0];
    }

    private static boolean privateLinkCall(SimCall call) {
        return call.service().equals("elbv2") || call.operation().contains("VpcEndpoint")
                || call.operation().equals("DescribeSubnets") || call.operation().equals("DescribeDBSubnetGroups");
    }

    @Test
    void aConvergedPrivateLinkCluster_hasNoFinding_andTheCheckReadsThePath() {
        ClusterHandle orders = privateLinkCluster("off");
        assertThat(targets()).containsExactly(sim.rds().privateIpAddress(orders.writerInstanceId()));

        DriftWorld.Run run = world.drift();

        assertThat(run.findings()).isEmpty();
        assertThat(run.checkedOf("orders")).isEmpty();
        assertThat(run.mutatingCalls()).isZero();
        assertThat(sim.calls()).extracting(SimCall::operation)
                .contains("DescribeLoadBalancers", "DescribeTargetHealth", "DescribeVpcEndpointServicePermissions");
        assertThat(sim.calls()).filteredOn(DriftPrivateLinkTest::privateLinkCall).extracting(SimCall::service)
                .as("what the public-cidrs case must never see").contains("elbv2", "ec2", "rds");
    }

    @Test
    void aFailoverWhoseEventWasLost_isOneTargetStaleFinding_andRepairRetargetsWithoutARebootOrParameterChange() {
        ClusterHandle orders = privateLinkCluster("auto");
        String oldWriter = orders.writerInstanceId();
        String newWriter = orders.readerInstanceIds().getFirst();
        String group = describeGroupName();
        List<String> reboots = new ArrayList<>();
        sim.rds().onReboot(event -> reboots.addAll(event.instanceIds()));
        sim.rds().failover("orders", newWriter);

        DriftWorld.Run drifted = world.drift();

        assertThat(drifted.kinds("orders")).containsExactly(FindingKind.PRIVATELINK_TARGET_STALE);
        Finding stale = drifted.of("orders").getFirst();
        assertThat(stale.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(stale.found()).contains(sim.rds().privateIpAddress(oldWriter))
                .contains(sim.rds().privateIpAddress(newWriter));
        assertThat(stale.repair()).contains("Register " + sim.rds().privateIpAddress(newWriter))
                .contains("Deregister " + sim.rds().privateIpAddress(oldWriter));
        assertThat(drifted.summary().repairsStarted()).containsExactly("orders");

        assertThat(world.runStartedRepairs()).containsExactly("orders");

        assertThat(targets()).containsExactly(sim.rds().privateIpAddress(newWriter));
        assertThat(reboots).as("a retarget reboots nothing").isEmpty();
        assertThat(describeGroupName()).as("the parameter group stays").isEqualTo(group);
        List<StageResult> repair = world.lastSetup();
        assertThat(repair).filteredOn(r -> !r.stage().equals("PrivateLink")).allSatisfy(r -> {
            assertThat(r.planned()).as(r.stage()).isEmpty();
            assertThat(r.facts().get("rebootNeeded")).as(r.stage()).isNotEqualTo("true");
        });
        assertThat(repair).filteredOn(r -> r.stage().equals("PrivateLink")).flatExtracting(StageResult::applied)
                .hasSize(2).allSatisfy(a -> assertThat(a).containsAnyOf("Register ", "Deregister "));
        assertThat(world.drift().findings()).isEmpty();
    }

    @Test
    void principalsChangedOutOfBand_isAFinding_andRepairRestoresTheStacksList() {
        privateLinkCluster("auto");
        String serviceId = service().serviceId();
        sim.unrecorded(() -> sim.ec2().modifyVpcEndpointServicePermissions(r -> r.serviceId(serviceId)
                .addAllowedPrincipals("arn:aws:iam::111122223333:root").removeAllowedPrincipals(MATERIALIZE)));

        DriftWorld.Run drifted = world.drift();

        assertThat(drifted.of("orders")).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.PRIVATELINK_PRINCIPALS_CHANGED);
            assertThat(f.found()).isEqualTo("allowed but not in the stack's list: arn:aws:iam::111122223333:root;"
                    + " in the stack's list but not allowed: " + MATERIALIZE);
        });
        assertThat(world.runStartedRepairs()).containsExactly("orders");
        assertThat(principals()).containsExactly(MATERIALIZE);
        assertThat(world.drift().findings()).isEmpty();
    }

    @Test
    void theLoadBalancerDeletedOutOfBand_isACriticalPathIncompleteFinding_thatTheSetupRepairs() {
        privateLinkCluster("auto");
        String serviceId = service().serviceId();
        sim.unrecorded(() -> {
            sim.ec2().deleteVpcEndpointServiceConfigurations(r -> r.serviceIds(serviceId));
            LoadBalancer lb = sim.elbv2().describeLoadBalancers(r -> r.names(NAME)).loadBalancers().getFirst();
            sim.elbv2().deleteLoadBalancer(r -> r.loadBalancerArn(lb.loadBalancerArn()));
        });

        DriftWorld.Run drifted = world.drift();

        assertThat(drifted.of("orders")).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.PRIVATELINK_PATH_INCOMPLETE);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.found()).contains("no load balancer " + NAME).contains("no listener on port");
            assertThat(f.repair()).contains("Create internal Network Load Balancer " + NAME);
        });
        assertThat(world.runStartedRepairs()).containsExactly("orders");
        assertThat(world.drift().findings()).isEmpty();
    }

    @Test
    void anUnhealthyTarget_isAWarningWithItsReason_andIsNotRepaired() {
        ClusterHandle orders = privateLinkCluster("auto");
        sim.unrecorded(() -> sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(orders.writerInstanceId())));

        DriftWorld.Run run = world.drift();

        assertThat(run.checkedOf("orders")).filteredOn(f -> f.kind().value().startsWith("privatelink-")).singleElement()
                .satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(FindingKind.PRIVATELINK_TARGET_UNHEALTHY);
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.found()).isEqualTo("it is unhealthy (Target.FailedHealthChecks)");
                    assertThat(f.repair()).contains("security groups").contains(orders.writerInstanceId());
                });
        assertThat(FindingKind.PRIVATELINK_TARGET_UNHEALTHY.repairedBySetup()).isFalse();
    }

    @Test
    void aPublicCidrsCluster_makesNoElbv2OrEndpointServiceCall() {
        world.setUpNew(world.cluster("billing"));

        DriftWorld.Run run = world.drift();

        assertThat(run.findings()).isEmpty();
        assertThat(sim.calls()).as("this run's calls").isNotEmpty().noneMatch(DriftPrivateLinkTest::privateLinkCall);
    }

    @Test
    void aClusterBackOnPublicCidrs_whoseRecordNamesAnEndpointService_isOneLeftOverFinding_withoutAPrivateLinkCall() {
        ClusterHandle orders = privateLinkCluster("off");
        String service = service().serviceName();
        sim.unrecorded(() -> sim.rds().addTagsToResource(r -> r.resourceName(orders.clusterArn()).tags(
                Tag.builder().key("materialize:network-path").value("public-cidrs")
                        .build())));

        DriftWorld.Run run = world.drift();

        assertThat(run.checkedOf("orders")).filteredOn(f -> f.kind() == FindingKind.PRIVATELINK_LEFT_OVER).singleElement()
                .satisfies(f -> assertThat(f.found()).contains(service).contains(NAME));
        assertThat(sim.calls()).as("told from the record alone").noneMatch(DriftPrivateLinkTest::privateLinkCall);
    }

    @Test
    void aReadThatFails_isOneCouldNotReadFinding_andNothingIsRepaired() {
        privateLinkCluster("auto");
        for (Runnable fault : List.<Runnable>of(() -> sim.failOperation("DescribeTargetHealth", "AccessDenied", 1),
                () -> sim.throttle("elbv2", 1.0))) {
            fault.run();

            DriftWorld.Run run = world.drift();

            assertThat(run.of("orders")).singleElement().satisfies(f -> {
                assertThat(f.kind()).isIn(FindingKind.ACCESS_DENIED, FindingKind.CHECK_FAILED);
                assertThat(f.found()).startsWith("PrivateLink");
                assertThat(f.kind().repairedBySetup()).isFalse();
            });
            assertThat(run.summary().repairsStarted()).isEmpty();
            sim.clearFaults();
        }
        assertThat(world.repairs()).isEmpty();
    }

    @Test
    void aForeignTargetGroupOfOurName_isACriticalFindingNamingIt_andNoRepair() {
        privateLinkCluster("auto");
        String arn = targetGroupArn();
        sim.unrecorded(() -> sim.elbv2().removeTags(r -> r.resourceArns(arn).tagKeys("managed-by")));

        assertThat(world.drift().of("orders")).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SETUP_BLOCKED);
            assertThat(f.found()).contains("PrivateLinkConflictException").contains(arn);
        });
        assertThat(world.repairs()).isEmpty();
    }

    private String describeGroupName() {
        return world.describe("orders").dbClusterParameterGroup();
    }
}
