package com.auroracdc.internal.privatelink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.PrivateLinkConflictException;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.local.sim.ClusterHandle;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The PrivateLink path against the simulator: everything created and tagged on the first runs (the endpoint service once
 * the load balancer is active), nothing planned and zero mutating calls after, a dry run that lists it all, convergence
 * from a failure at every mutating call, the target following the writer across a failover, and a foreign load balancer
 * of our name refused before any write.
 */
class PrivateLinkPathTest {
    private static final String CLUSTER = "orders-prod";
    private static final String MATERIALIZE = "arn:aws:iam::664411391173:role/mz_4f3a_plc";
    private static final Map<String, String> OUR_TAGS = Map.of("managed-by", "aurora-cdc-autopilot", "Name", "mz-cdc-orders-prod",
            "aurora-cdc-autopilot:cluster", CLUSTER);

    private static SimAws sim() {
        SimAws sim = SimAws.create();
        sim.elbv2().provisioningTime(Duration.ofMinutes(3));
        return sim;
    }

    private static PrivateLinkDesired desired(ClusterHandle cluster) {
        return new PrivateLinkDesired(CLUSTER, cluster.clusterArn(), cluster.port(), List.of(MATERIALIZE), true);
    }

    private static PrivateLinkReads reads(SimAws sim) {
        return PrivateLinkReads.direct(sim.elbv2(), sim.ec2(), sim.rds(), sim.rds()::resolve);
    }

    /** One run of the stage: observe, plan, apply (unless dry). */
    private static Run run(SimAws sim, PrivateLinkDesired desired, boolean dryRun) {
        ObservedPrivateLink observed = new PrivateLinkObserver(reads(sim)).observe(CLUSTER);
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(observed, desired);
        StageResult result = StageResult.apply("PrivateLink", dryRun, plan.changes(),
                new PrivateLinkApplier(sim.elbv2(), sim.ec2(), observed), plan.warnings(), plan.facts());
        return new Run(plan, result);
    }

    private record Run(PrivateLinkPlan plan, StageResult result) {
    }

    /** Runs until nothing is awaited, as the state machine's wait loop will, advancing the clock between runs. */
    private static void converge(SimAws sim, PrivateLinkDesired desired) {
        for (int i = 0; i < 10; i++) {
            Run run = run(sim, desired, false);
            if (!run.plan().isAwaiting() && run.plan().changes().isEmpty()) {
                return;
            }
            sim.clock().advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("did not converge in 10 runs");
    }

    @Test
    void run_whenNothingExists_createsEverythingTaggedWithTheWriterAsTarget() {
        SimAws sim = sim();
        ClusterHandle cluster = sim.newCluster(CLUSTER).create();

        Run first = run(sim, desired(cluster), false);
        assertThat(first.plan().isAwaiting()).as("the new load balancer is provisioning").isTrue();
        assertThat(first.result().facts()).containsEntry(PrivateLinkPlan.AWAITING_FACT, "true");
        assertThat(sim.callCount("CreateVpcEndpointServiceConfiguration")).isZero();

        sim.clock().advance(Duration.ofMinutes(3));
        converge(sim, desired(cluster));

        LoadBalancer lb = sim.elbv2().describeLoadBalancers(r -> r.names("mz-cdc-orders-prod")).loadBalancers().get(0);
        assertThat(lb.schemeAsString()).isEqualTo("internal");
        assertThat(lb.availabilityZones()).hasSize(3);
        assertThat(tags(sim, lb.loadBalancerArn())).containsAllEntriesOf(OUR_TAGS);
        assertThat(sim.elbv2().describeLoadBalancerAttributes(r -> r.loadBalancerArn(lb.loadBalancerArn())).attributes())
                .anyMatch(a -> a.key().equals("load_balancing.cross_zone.enabled") && a.value().equals("true"));
        TargetGroup group = sim.elbv2().describeTargetGroups(r -> r.names("mz-cdc-orders-prod")).targetGroups().get(0);
        assertThat(group.targetTypeAsString()).isEqualTo("ip");
        assertThat(group.port()).isEqualTo(cluster.port());
        assertThat(tags(sim, group.targetGroupArn())).containsAllEntriesOf(OUR_TAGS);
        assertThat(targets(sim, group.targetGroupArn())).containsExactly(sim.rds().privateIpAddress(cluster.writerInstanceId()));
        assertThat(sim.elbv2().describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn())).listeners())
                .singleElement().satisfies(l -> {
                    assertThat(l.port()).isEqualTo(cluster.port());
                    assertThat(l.defaultActions().get(0).targetGroupArn()).isEqualTo(group.targetGroupArn());
                    assertThat(tags(sim, l.listenerArn())).as("tagged on create, so IAM can require it")
                            .containsAllEntriesOf(OUR_TAGS);
                });
        ServiceConfiguration service = service(sim);
        assertThat(service.networkLoadBalancerArns()).containsExactly(lb.loadBalancerArn());
        assertThat(service.acceptanceRequired()).isTrue();
        assertThat(service.tags()).extracting(t -> t.key() + "=" + t.value())
                .contains("managed-by=aurora-cdc-autopilot", "aurora-cdc-autopilot:cluster=" + CLUSTER);
        assertThat(sim.ec2().describeVpcEndpointServicePermissions(r -> r.serviceId(service.serviceId())).allowedPrincipals())
                .extracting(p -> p.principal()).containsExactly(MATERIALIZE);
        ObservedPrivateLink observed = new PrivateLinkObserver(reads(sim)).observe(CLUSTER);
        assertThat(PrivateLinkSql.createConnection("aurora_cdc_pl", observed.service().name(), observed.zoneIds()))
                .contains("AVAILABILITY ZONES ('use1-az4', 'use1-az6', 'use1-az1')");
    }

    @Test
    void run_whenConverged_plansNothingAndMakesNoMutatingCall() {
        SimAws sim = sim();
        ClusterHandle cluster = sim.newCluster(CLUSTER).create();
        sim.clock().advance(Duration.ofMinutes(5));
        converge(sim, desired(cluster));

        sim.clearCalls();
        Run again = run(sim, desired(cluster), false);
        assertThat(again.plan().changes()).isEmpty();
        assertThat(again.plan().isAwaiting()).isFalse();
        assertThat(sim.mutatingCallCount()).as("mutating calls: %s", sim.mutatingCallsByOperation()).isZero();
    }

    @Test
    void run_whenDryRun_listsEverythingAndChangesNothing() {
        SimAws sim = sim();
        ClusterHandle cluster = sim.newCluster(CLUSTER).create();
        Run dry = run(sim, desired(cluster), true);
        assertThat(dry.result().planned()).hasSize(7).anySatisfy(p -> assertThat(p).startsWith("Create internal Network Load Balancer"))
                .anySatisfy(p -> assertThat(p).startsWith("Create security group mz-cdc-"))
                .anySatisfy(p -> assertThat(p).startsWith("Set the security group of"))
                .anySatisfy(p -> assertThat(p).startsWith("Turn on cross-zone"))
                .anySatisfy(p -> assertThat(p).startsWith("Create TCP target group"))
                .anySatisfy(p -> assertThat(p).startsWith("Register " + sim.rds().privateIpAddress(cluster.writerInstanceId())))
                .anySatisfy(p -> assertThat(p).startsWith("Create TCP listener"));
        assertThat(dry.plan().awaiting()).contains("endpoint service");
        assertThat(dry.result().applied()).isEmpty();
        assertThat(sim.mutatingCallCount()).isZero();
    }

    static Stream<Arguments> everyMutatingCall() {
        SimAws sim = sim();
        ClusterHandle cluster = sim.newCluster(CLUSTER).create();
        sim.clock().advance(Duration.ofMinutes(5));
        sim.clearCalls();
        run(sim, desired(cluster), false);
        sim.clock().advance(Duration.ofMinutes(5));
        run(sim, desired(cluster), false);
        long writes = sim.mutatingCallCount();
        return IntStream.rangeClosed(1, (int) writes).boxed()
                .flatMap(n -> Stream.of(SimAws.FaultTiming.values()).map(timing -> Arguments.of(n, timing)));
    }

    @ParameterizedTest(name = "mutating call {0} fails {1}")
    @MethodSource("everyMutatingCall")
    void run_whenAMutatingCallFails_runAgainConverges(int nth, SimAws.FaultTiming timing) {
        SimAws sim = sim();
        ClusterHandle cluster = sim.newCluster(CLUSTER).create();
        sim.clock().advance(Duration.ofMinutes(5));
        sim.failMutatingCall(nth, timing);
        assertThatThrownBy(() -> {
            run(sim, desired(cluster), false);
            sim.clock().advance(Duration.ofMinutes(5));
            run(sim, desired(cluster), false);
        }).as("the injected failure surfaces").isNotNull();
        sim.clearFaults();
        sim.clock().advance(Duration.ofMinutes(5));
        converge(sim, desired(cluster));

        assertThat(sim.elbv2().describeLoadBalancers(r -> r.names("mz-cdc-orders-prod")).loadBalancers()).hasSize(1);
        TargetGroup group = sim.elbv2().describeTargetGroups(r -> r.names("mz-cdc-orders-prod")).targetGroups().get(0);
        assertThat(targets(sim, group.targetGroupArn())).containsExactly(sim.rds().privateIpAddress(cluster.writerInstanceId()));
        assertThat(sim.ec2().describeVpcEndpointServiceConfigurations(r -> { }).serviceConfigurations()).hasSize(1);
        sim.clearCalls();
        assertThat(run(sim, desired(cluster), false).plan().changes()).isEmpty();
        assertThat(sim.mutatingCallCount()).isZero();
    }

    @Test
    void retarget_afterFailover_registersTheNewWriterBeforeDeregisteringTheOldThenDoesNothing() {
        SimAws sim = sim();
        ClusterHandle cluster = sim.newCluster(CLUSTER).create();
        sim.clock().advance(Duration.ofMinutes(5));
        converge(sim, desired(cluster));
        String oldIp = sim.rds().privateIpAddress(cluster.writerInstanceId());
        String reader = cluster.readerInstanceIds().get(0);
        String newIp = sim.rds().privateIpAddress(reader);

        sim.rds().failover(CLUSTER, reader);
        sim.clearCalls();
        Retarget retarget = new Retarget(reads(sim));
        PrivateLinkPlan plan = retarget.plan(CLUSTER);
        assertThat(plan.changes()).extracting(PrivateLinkChange::description).containsExactly(
                "Register " + newIp + ":" + cluster.port() + " (writer " + reader + ") in target group mz-cdc-orders-prod",
                "Deregister " + oldIp + ":" + cluster.port() + " (no longer the writer) from target group mz-cdc-orders-prod");
        ObservedPrivateLink observed = new PrivateLinkObserver(reads(sim)).observe(CLUSTER);
        plan.changes().forEach(new PrivateLinkApplier(sim.elbv2(), sim.ec2(), observed));
        assertThat(sim.calls().stream().filter(SimCall::mutating).map(SimCall::operation))
                .containsExactly("RegisterTargets", "DeregisterTargets");

        TargetGroup group = sim.elbv2().describeTargetGroups(r -> r.names("mz-cdc-orders-prod")).targetGroups().get(0);
        assertThat(targets(sim, group.targetGroupArn())).containsExactly(newIp);
        sim.clearCalls();
        assertThat(retarget.plan(CLUSTER).changes()).isEmpty();
        assertThat(run(sim, desired(cluster), false).plan().changes()).as("the setup agrees").isEmpty();
        assertThat(sim.mutatingCallCount()).isZero();
    }

    @Test
    void run_whenAForeignLoadBalancerHasOurName_refusesWithoutAnyWrite() {
        SimAws sim = sim();
        ClusterHandle cluster = sim.newCluster(CLUSTER).create();
        List<String> subnets = sim.rds().describeDBSubnetGroups(r -> { }).dbSubnetGroups().get(0).subnets().stream()
                .map(s -> s.subnetIdentifier()).toList();
        sim.unrecorded(() -> sim.elbv2().createLoadBalancer(r -> r.name("mz-cdc-orders-prod").type("network").scheme("internal")
                .subnets(subnets).tags(Tag.builder().key("team").value("payments").build())));
        sim.clearCalls();

        assertThatThrownBy(() -> run(sim, desired(cluster), false)).isInstanceOf(PrivateLinkConflictException.class)
                .hasMessageContaining("mz-cdc-orders-prod").hasMessageContaining("not tagged managed-by=aurora-cdc-autopilot");
        assertThat(sim.mutatingCallCount()).isZero();
    }

    @Test
    void teardown_removesOnlyOursInOrderAfterRejectingConnections() {
        SimAws sim = sim();
        ClusterHandle cluster = sim.newCluster(CLUSTER).create();
        sim.clock().advance(Duration.ofMinutes(5));
        converge(sim, desired(cluster));
        sim.clock().advance(Duration.ofMinutes(1));
        sim.ec2().connectEndpoint(service(sim).serviceId(), MATERIALIZE);

        ObservedPrivateLink observed = new PrivateLinkObserver(reads(sim)).observe(CLUSTER);
        PrivateLinkTeardownPlanner.Plan plan = PrivateLinkTeardownPlanner.plan(observed);
        assertThat(plan.changes()).extracting(c -> c.getClass().getSimpleName()).containsExactly("RejectConnections",
                "DeleteEndpointService", "DeleteListener", "DeleteTargetGroup", "DeleteLoadBalancer");
        plan.changes().forEach(new PrivateLinkRemover(sim.elbv2(), sim.ec2()));

        ObservedPrivateLink after = new PrivateLinkObserver(reads(sim)).observe(CLUSTER);
        assertThat(after.loadBalancer()).isNull();
        assertThat(after.targetGroup()).isNull();
        assertThat(PrivateLinkTeardownPlanner.plan(after).changes()).isEmpty();
    }

    private static Map<String, String> tags(SimAws sim, String arn) {
        return sim.elbv2().describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static List<String> targets(SimAws sim, String groupArn) {
        return sim.elbv2().describeTargetHealth(r -> r.targetGroupArn(groupArn)).targetHealthDescriptions().stream()
                .filter(d -> !"draining".equals(d.targetHealth().stateAsString())).map(d -> d.target().id()).toList();
    }

    private static ServiceConfiguration service(SimAws sim) {
        return sim.ec2().describeVpcEndpointServiceConfigurations(r -> { }).serviceConfigurations().get(0);
    }
}
