package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.rds.model.Subnet;

/**
 * The real teardown state machine after a real setup with network path privatelink: the TeardownPrivateLink stage
 * removes the endpoint service (rejecting Materialize's open endpoint connection first), the listener, the target
 * group and the load balancer, whatever the network path is set to by then, and leaves the customer's load balancing
 * and endpoint services, and a same-named resource not tagged ours, as they were.
 */
class TeardownPrivateLinkOrchestrationTest {
    private static final String MATERIALIZE = "arn:aws:iam::664411391173:role/mz_4f3a_plc";
    private static final Map<String, Object> SETUP = Map.of("egressCidrs", "3.215.237.32/27");
    private static final String OURS = "mz-cdc-" + LocalAutopilot.CLUSTER;
    private static final Set<String> PRIVATELINK_DELETES = Set.of("RejectVpcEndpointConnections",
            "DeleteVpcEndpointServiceConfigurations", "DeleteListener", "DeleteTargetGroup", "DeleteLoadBalancer");

    /** A privatelink setup, Materialize's endpoint connected to the service (pending acceptance), the trigger off. */
    private static LocalAutopilot setUp() {
        LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP);
        autopilot.redeploy(Map.of("NETWORK_PATH", "privatelink", "PRIVATELINK_PRINCIPALS", MATERIALIZE));
        ExecutionResult setup = autopilot.setup(SETUP, event -> { });
        assertThat(setup.succeeded()).as(setup.toString()).isTrue();
        SimAws sim = autopilot.sim();
        sim.unrecorded(() -> sim.ec2().connectEndpoint(services(autopilot).get(0).serviceId(), MATERIALIZE));
        autopilot.disableTrigger();
        return autopilot;
    }

    @Test
    void teardown_afterPrivateLinkSetup_removesOnlyOurPathEvenOnPublicCidrs_andASecondTeardownChangesNothing() {
        try (LocalAutopilot autopilot = setUp()) {
            SimAws sim = autopilot.sim();
            String customerService = customerLoadBalancing(autopilot);
            // The stack switched back: what the earlier setup made is still removed.
            autopilot.redeploy(Map.of("NETWORK_PATH", "public-cidrs"));

            ExecutionResult teardown = autopilot.teardown(Map.of(), event -> { });

            assertThat(teardown.succeeded()).as(teardown.toString()).isTrue();
            assertThat(teardown.output().path("status").asText()).isEqualTo("removed");
            assertThat(teardown.statesEntered()).containsSubsequence("Inspect", "TeardownMaterialize", "TeardownPrivateLink",
                    "TeardownDatabase", "TeardownSecurityGroup", "Report");
            assertThat(teardown.output().path("changes").toString()).contains("Reject endpoint connections",
                    "Delete VPC endpoint service", "Delete the listener of load balancer " + OURS,
                    "Delete target group " + OURS, "Delete load balancer " + OURS);
            sim.unrecorded(() -> {
                assertThat(sim.elbv2().describeLoadBalancers(r -> { }).loadBalancers()).extracting(lb -> lb.loadBalancerName())
                        .containsExactly("customer-nlb");
                assertThat(sim.elbv2().describeTargetGroups(r -> { }).targetGroups()).extracting(g -> g.targetGroupName())
                        .containsExactly("customer-tg");
                String customerLb = sim.elbv2().describeLoadBalancers(r -> r.names("customer-nlb")).loadBalancers().get(0)
                        .loadBalancerArn();
                assertThat(sim.elbv2().describeListeners(r -> r.loadBalancerArn(customerLb)).listeners()).hasSize(1);
                assertThat(services(autopilot)).extracting(ServiceConfiguration::serviceId).containsExactly(customerService);
            });

            long writes = sim.mutatingCallCount();
            ExecutionResult second = autopilot.teardown(Map.of(), event -> { });

            assertThat(second.succeeded()).as(second.toString()).isTrue();
            assertThat(second.output().path("planned")).as("a second teardown plans nothing").isEmpty();
            assertThat(sim.mutatingCallCount()).as("mutating calls of a converged teardown: %s",
                    sim.mutatingCallsByOperation()).isEqualTo(writes);
        }
    }

    @Test
    void teardown_dryRun_listsThePrivateLinkDeletions_andChangesNothing() {
        try (LocalAutopilot autopilot = setUp()) {
            SimAws sim = autopilot.sim();
            int before = sim.calls().size();

            ExecutionResult plan = autopilot.teardown(Map.of("dryRun", true), event -> { });

            assertThat(plan.succeeded()).as(plan.toString()).isTrue();
            assertThat(plan.output().path("status").asText()).isEqualTo("dry-run");
            assertThat(plan.output().path("planned").toString()).contains("Reject endpoint connections",
                    "Delete VPC endpoint service", "Delete the listener of load balancer " + OURS,
                    "Delete target group " + OURS, "Delete load balancer " + OURS);
            assertThat(plan.output().path("changes")).isEmpty();
            assertThat(sim.calls().subList(before, sim.calls().size())).extracting(SimCall::operation)
                    .doesNotContainAnyElementsOf(PRIVATELINK_DELETES);
            sim.unrecorded(() -> {
                assertThat(sim.elbv2().describeLoadBalancers(r -> r.names(OURS)).loadBalancers()).hasSize(1);
                assertThat(sim.elbv2().describeTargetGroups(r -> r.names(OURS)).targetGroups()).hasSize(1);
                ServiceConfiguration service = services(autopilot).get(0);
                assertThat(sim.ec2().describeVpcEndpointConnections(r -> r.filters(f -> f.name("service-id")
                        .values(service.serviceId()))).vpcEndpointConnections())
                        .extracting(c -> c.vpcEndpointStateAsString()).containsExactly("pendingAcceptance");
            });
        }
    }

    @Test
    void teardown_whenASameNamedResourceIsNotOurs_leavesItWithAWarning_andMakesNoPrivateLinkWrite() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            assertThat(autopilot.setup(SETUP, event -> { }).succeeded()).isTrue();
            SimAws sim = autopilot.sim();
            List<String> subnets = subnets(autopilot);
            Tag team = Tag.builder().key("team").value("payments").build();
            sim.unrecorded(() -> {
                sim.elbv2().createLoadBalancer(r -> r.name(OURS).type("network").scheme("internal").subnets(subnets).tags(team));
                sim.elbv2().createTargetGroup(r -> r.name(OURS).protocol("TCP").port(autopilot.cluster().port())
                        .targetType("ip").vpcId(autopilot.cluster().vpcId()).tags(team));
            });
            autopilot.disableTrigger();
            int before = sim.calls().size();

            ExecutionResult teardown = autopilot.teardown(Map.of(), event -> { });

            assertThat(teardown.succeeded()).as(teardown.toString()).isTrue();
            assertThat(teardown.output().path("warnings").toString()).contains("Left load balancer", "Left target group",
                    "not tagged as ours");
            assertThat(sim.calls().subList(before, sim.calls().size())).extracting(SimCall::operation)
                    .doesNotContainAnyElementsOf(PRIVATELINK_DELETES);
            sim.unrecorded(() -> {
                assertThat(sim.elbv2().describeLoadBalancers(r -> r.names(OURS)).loadBalancers()).hasSize(1);
                assertThat(sim.elbv2().describeTargetGroups(r -> r.names(OURS)).targetGroups()).hasSize(1);
            });
        }
    }

    /** Each mutating AWS call of a privatelink teardown that belongs to the PrivateLink stage, with both fault timings. */
    static Stream<Arguments> everyPrivateLinkDelete() {
        try (LocalAutopilot autopilot = setUp()) {
            int before = autopilot.sim().calls().size();
            assertThat(autopilot.teardown(Map.of(), event -> { }).succeeded()).isTrue();
            List<SimCall> writes = autopilot.sim().calls().subList(before, autopilot.sim().calls().size()).stream()
                    .filter(call -> call.kind() == SimAws.Kind.WRITE).toList();
            assertThat(writes).extracting(SimCall::operation).containsAll(PRIVATELINK_DELETES);
            return IntStream.range(0, writes.size()).filter(i -> PRIVATELINK_DELETES.contains(writes.get(i).operation()))
                    .boxed().flatMap(i -> Stream.of(SimAws.FaultTiming.values())
                            .map(timing -> Arguments.of(i + 1, writes.get(i).operation(), timing)));
        }
    }

    @ParameterizedTest(name = "mutating call {0} ({1}) fails {2}")
    @MethodSource("everyPrivateLinkDelete")
    void teardown_whenAPrivateLinkDeleteFails_runAgainConverges(int nth, String operation, SimAws.FaultTiming timing) {
        try (LocalAutopilot autopilot = setUp()) {
            SimAws sim = autopilot.sim();
            sim.failMutatingCall(nth, timing);
            autopilot.teardown(Map.of(), event -> { });
            sim.clearFaults();
            sim.clock().advance(Duration.ofMinutes(5));

            ExecutionResult again = autopilot.teardown(Map.of(), event -> { });

            assertThat(again.succeeded()).as("%s after %s failed: %s", again, operation, again.causeMessage()).isTrue();
            assertThat(again.output().path("status").asText()).isEqualTo("removed");
            sim.unrecorded(() -> {
                assertThat(sim.elbv2().describeLoadBalancers(r -> { }).loadBalancers()).isEmpty();
                assertThat(sim.elbv2().describeTargetGroups(r -> { }).targetGroups()).isEmpty();
                assertThat(services(autopilot)).isEmpty();
            });
            long writes = sim.mutatingCallCount();
            ExecutionResult third = autopilot.teardown(Map.of(), event -> { });
            assertThat(third.output().path("planned")).as("converged: nothing left to plan").isEmpty();
            assertThat(sim.mutatingCallCount()).as("mutating calls of a converged teardown: %s",
                    sim.mutatingCallsByOperation()).isEqualTo(writes);
        }
    }

    /**
     * The customer's own load balancer, target group, listener and endpoint service (their tags, other names), in the
     * cluster's subnets; returns the endpoint service's id.
     */
    private static String customerLoadBalancing(LocalAutopilot autopilot) {
        SimAws sim = autopilot.sim();
        List<String> subnets = subnets(autopilot);
        Tag team = Tag.builder().key("team").value("payments").build();
        String[] service = new String[1];
        sim.unrecorded(() -> {
            String lb = sim.elbv2().createLoadBalancer(r -> r.name("customer-nlb").type("network").scheme("internal")
                    .subnets(subnets).tags(team)).loadBalancers().get(0).loadBalancerArn();
            String group = sim.elbv2().createTargetGroup(r -> r.name("customer-tg").protocol("TCP")
                    .port(autopilot.cluster().port()).targetType("ip").vpcId(autopilot.cluster().vpcId()).tags(team))
                    .targetGroups().get(0).targetGroupArn();
            sim.elbv2().createListener(r -> r.loadBalancerArn(lb).protocol("TCP").port(autopilot.cluster().port())
                    .defaultActions(Action.builder().type("forward").targetGroupArn(group).build()));
            service[0] = sim.ec2().createVpcEndpointServiceConfiguration(r -> r.networkLoadBalancerArns(lb)
                    .acceptanceRequired(true)).serviceConfiguration().serviceId();
        });
        return service[0];
    }

    private static List<String> subnets(LocalAutopilot autopilot) {
        String name = autopilot.describe().dbSubnetGroup();
        return autopilot.sim().rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName(name)).dbSubnetGroups().get(0)
                .subnets().stream().map(Subnet::subnetIdentifier).toList();
    }

    private static List<ServiceConfiguration> services(LocalAutopilot autopilot) {
        return autopilot.sim().ec2().describeVpcEndpointServiceConfigurations(r -> { }).serviceConfigurations();
    }
}
