package com.auroracdc.internal.privatelink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.PrivateLinkConflictException;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.ClusterSubnet;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.EndpointServiceState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.ListenerState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.LoadBalancerState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.SecurityGroupState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.Target;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.TargetGroupState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.Writer;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateEndpointService;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateListener;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateLoadBalancer;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateSecurityGroup;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateTargetGroup;
import com.auroracdc.internal.privatelink.PrivateLinkChange.DeregisterTarget;
import com.auroracdc.internal.privatelink.PrivateLinkChange.EnableCrossZone;
import com.auroracdc.internal.privatelink.PrivateLinkChange.RegisterTarget;
import com.auroracdc.internal.privatelink.PrivateLinkChange.SetAcceptanceRequired;
import com.auroracdc.internal.privatelink.PrivateLinkChange.SetAllowedPrincipals;
import com.auroracdc.internal.privatelink.PrivateLinkChange.SetLoadBalancerSecurityGroup;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrivateLinkPlannerTest {
    private static final String CLUSTER = PrivateLinkFixtures.CLUSTER;
    private static final String NAME = PrivateLinkFixtures.NAME;
    private static final String MZ = PrivateLinkFixtures.MZ;
    private static final List<ClusterSubnet> SUBNETS = PrivateLinkFixtures.SUBNETS;
    private static final Writer WRITER = PrivateLinkFixtures.WRITER;
    private static final PrivateLinkDesired DESIRED = PrivateLinkFixtures.DESIRED;
    private static final SecurityGroupState GROUP = PrivateLinkFixtures.GROUP;

    private static LoadBalancerState lb(String state, boolean crossZone) {
        return new LoadBalancerState("arn:lb", NAME, "internal-x", state, true, "internal", List.of("subnet-a", "subnet-b"),
                List.of("us-east-1a", "us-east-1b"), List.of(GROUP.id()), "off", crossZone);
    }

    private static TargetGroupState group(Target... targets) {
        return new TargetGroupState("arn:tg", NAME, true, 5432, "vpc-1", List.of(targets));
    }

    private static EndpointServiceState service(String state, boolean acceptance, Set<String> principals) {
        return new EndpointServiceState("vpce-svc-1", "com.amazonaws.vpce.us-east-1.vpce-svc-1", state, true, acceptance,
                List.of("use1-az4", "use1-az6"), principals, Map.of());
    }

    private static ObservedPrivateLink observed(Writer writer, LoadBalancerState lb, TargetGroupState group, ListenerState listener,
                                                EndpointServiceState service) {
        return new ObservedPrivateLink(CLUSTER, "arn:cluster", "vpc-1", 5432, SUBNETS, writer, lb == null ? null : GROUP, lb, group,
                listener, service);
    }

    private static ObservedPrivateLink converged() {
        return observed(WRITER, lb("active", true), group(new Target("10.0.1.10", 5432, "healthy", null)),
                new ListenerState("arn:l", 5432, "TCP", "arn:tg"), service("Available", true, Set.of(MZ)));
    }

    @Test
    void plan_whenNothingExists_createsAllButTheServiceAndAwaitsTheLoadBalancer() {
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(observed(WRITER, null, null, null, null), DESIRED);
        assertThat(plan.changes()).containsExactly(
                new CreateSecurityGroup(CLUSTER, NAME + "-nlb", "vpc-1"),
                new CreateLoadBalancer(CLUSTER, NAME, List.of("subnet-a", "subnet-b"), null),
                new SetLoadBalancerSecurityGroup(NAME, null, NAME + "-nlb", null),
                new EnableCrossZone(NAME, null),
                new CreateTargetGroup(CLUSTER, NAME, "vpc-1", 5432),
                new RegisterTarget(NAME, null, "orders-1", "10.0.1.10", 5432),
                new CreateListener(CLUSTER, NAME, null, null, 5432));
        assertThat(plan.awaiting()).contains("load balancer mz-cdc-orders to be created");
        assertThat(plan.later()).as("what a dry run lists after the wait").containsExactly(
                new CreateEndpointService(CLUSTER, NAME, null, true), new SetAllowedPrincipals(null, List.of(MZ), List.of()));
        assertThat(plan.changesThroughTheWait()).hasSize(plan.changes().size() + 2);
        assertThat(plan.facts()).containsEntry(PrivateLinkPlan.AWAITING_FACT, "true")
                .containsKey(PrivateLinkPlan.AWAITING_REASON_FACT);
    }

    @Test
    void plan_whenTheGroupExistsButNotTheLoadBalancer_createsTheLoadBalancerWithIt() {
        ObservedPrivateLink o = observed(WRITER, null, null, null, null);
        o = new ObservedPrivateLink(CLUSTER, "arn:cluster", "vpc-1", 5432, SUBNETS, WRITER, GROUP, null, null, null, null);
        assertThat(PrivateLinkPlanner.plan(o, DESIRED).changes()).startsWith(
                new CreateLoadBalancer(CLUSTER, NAME, List.of("subnet-a", "subnet-b"), GROUP.id()),
                new SetLoadBalancerSecurityGroup(NAME, null, NAME + "-nlb", GROUP.id()));
    }

    @Test
    void plan_whenPrivateLinkTrafficIsSubjectToInboundRules_turnsThatOff() {
        ObservedPrivateLink o = converged();
        LoadBalancerState on = new LoadBalancerState("arn:lb", NAME, "internal-x", "active", true, "internal",
                List.of("subnet-a", "subnet-b"), List.of("us-east-1a", "us-east-1b"), List.of(GROUP.id()), "on", true);
        o = observed(o.writer(), on, o.targetGroup(), o.listener(), o.service());
        assertThat(PrivateLinkPlanner.plan(o, DESIRED).changes())
                .containsExactly(new SetLoadBalancerSecurityGroup(NAME, "arn:lb", NAME + "-nlb", GROUP.id()));
    }

    @Test
    void plan_whenTheLoadBalancerHasNoGroup_warnsThatOnlyRecreatingHelps() {
        ObservedPrivateLink o = converged();
        LoadBalancerState none = new LoadBalancerState("arn:lb", NAME, "internal-x", "active", true, "internal",
                List.of("subnet-a", "subnet-b"), List.of("us-east-1a", "us-east-1b"), List.of(), null, true);
        o = observed(o.writer(), none, o.targetGroup(), o.listener(), o.service());
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(o, DESIRED);
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.warnings()).singleElement().asString().contains("no security group").contains("teardown");
    }

    @Test
    void plan_whenTheGroupOfOurNameIsForeign_refusesBeforePlanning() {
        ObservedPrivateLink o = converged();
        o = new ObservedPrivateLink(CLUSTER, "arn:cluster", "vpc-1", 5432, SUBNETS, WRITER,
                new SecurityGroupState("sg-0bbbbbbbbbbbbbbb2", NAME + "-nlb", false), o.loadBalancer(), o.targetGroup(),
                o.listener(), o.service());
        ObservedPrivateLink foreign = o;
        assertThatThrownBy(() -> PrivateLinkPlanner.plan(foreign, DESIRED)).isInstanceOf(PrivateLinkConflictException.class)
                .hasMessageContaining("sg-0bbbbbbbbbbbbbbb2");
    }

    @Test
    void plan_whenLoadBalancerProvisioning_waitsForTheService() {
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(observed(WRITER, lb("provisioning", true),
                group(new Target("10.0.1.10", 5432, "unused", "Target.NotInUse")), new ListenerState("arn:l", 5432, "TCP", "arn:tg"),
                null), DESIRED);
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.awaiting()).contains("it is provisioning");
    }

    @Test
    void plan_whenLoadBalancerActive_createsServiceThenAllowsPrincipals() {
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(observed(WRITER, lb("active", false),
                group(new Target("10.0.1.10", 5432, "healthy", null)), new ListenerState("arn:l", 5432, "TCP", "arn:tg"), null), DESIRED);
        assertThat(plan.changes()).containsExactly(new EnableCrossZone(NAME, "arn:lb"),
                new CreateEndpointService(CLUSTER, NAME, "arn:lb", true),
                new SetAllowedPrincipals(null, List.of(MZ), List.of()));
    }

    @Test
    void plan_whenConverged_plansNothingAndAwaitsNothing() {
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(converged(), DESIRED);
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.isAwaiting()).isFalse();
        assertThat(plan.warnings()).isEmpty();
        assertThat(plan.facts()).containsExactly(Map.entry(PrivateLinkPlan.AWAITING_FACT, "false"));
    }

    @Test
    void plan_whenPrincipalsAndAcceptanceDiffer_setsTheFullList() {
        ObservedPrivateLink o = converged();
        o = observed(o.writer(), o.loadBalancer(), o.targetGroup(), o.listener(),
                service("Available", false, Set.of("arn:aws:iam::111111111111:root", MZ)));
        PrivateLinkDesired desired = new PrivateLinkDesired(CLUSTER, "arn:cluster", 5432,
                List.of(MZ, "arn:aws:iam::222222222222:role/x"), true);
        assertThat(PrivateLinkPlanner.plan(o, desired).changes()).containsExactly(
                new SetAcceptanceRequired("vpce-svc-1", true),
                new SetAllowedPrincipals("vpce-svc-1", List.of("arn:aws:iam::222222222222:role/x"),
                        List.of("arn:aws:iam::111111111111:root")));
    }

    @Test
    void plan_whenServicePending_awaitsIt() {
        ObservedPrivateLink o = converged();
        o = observed(o.writer(), o.loadBalancer(), o.targetGroup(), o.listener(), service("Pending", true, Set.of(MZ)));
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(o, DESIRED);
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.awaiting()).contains("vpce-svc-1 to become Available (it is Pending)");
    }

    @Test
    void plan_whenWriterChanged_registersNewBeforeDeregisteringOld() {
        ObservedPrivateLink o = converged();
        Writer moved = new Writer("orders-2", "orders-2.abc", "10.0.2.11", List.of("10.0.2.11"));
        o = observed(moved, o.loadBalancer(), o.targetGroup(), o.listener(), o.service());
        assertThat(PrivateLinkPlanner.plan(o, DESIRED).changes()).containsExactly(
                new RegisterTarget(NAME, "arn:tg", "orders-2", "10.0.2.11", 5432),
                new DeregisterTarget(NAME, "arn:tg", "10.0.1.10", 5432));
    }

    @Test
    void plan_whenWriterAddressUnknown_keepsTheOldTargetAndAwaits() {
        ObservedPrivateLink o = converged();
        Writer outside = new Writer("orders-1", "orders-1.abc", null, List.of("54.1.2.3"));
        o = observed(outside, o.loadBalancer(), o.targetGroup(), o.listener(), o.service());
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(o, DESIRED);
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.awaiting()).isEqualTo("the writer's private address");
        assertThat(plan.warnings()).singleElement().asString().contains("54.1.2.3").contains("publicly accessible");
    }

    @Test
    void plan_whenSubnetsDiffer_warnsOfZoneCoverage() {
        ObservedPrivateLink o = converged();
        o = new ObservedPrivateLink(CLUSTER, "arn:cluster", "vpc-1", 5432,
                List.of(SUBNETS.get(0), new ClusterSubnet("subnet-c", "us-east-1c", "use1-az1", "10.0.3.0/24")),
                o.writer(), o.securityGroup(), o.loadBalancer(), o.targetGroup(), o.listener(), o.service());
        assertThat(PrivateLinkPlanner.plan(o, DESIRED).warnings()).singleElement().asString()
                .startsWith("privatelink-az-coverage").contains("subnet-c");
    }

    @Test
    void plan_whenNoPrincipalDesired_warns() {
        ObservedPrivateLink o = converged();
        o = observed(o.writer(), o.loadBalancer(), o.targetGroup(), o.listener(), service("Available", true, Set.of()));
        PrivateLinkDesired none = new PrivateLinkDesired(CLUSTER, "arn:cluster", 5432, List.of(), true);
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(o, none);
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.warnings()).singleElement().asString().contains("mz_aws_privatelink_connections");
    }

    @Test
    void plan_whenLoadBalancerOfOurNameIsForeign_refusesNamingIt() {
        LoadBalancerState foreign = new LoadBalancerState("arn:foreign", NAME, "x", "active", false, "internal", List.of(),
                List.of(), List.of(), null, false);
        assertThatThrownBy(() -> PrivateLinkPlanner.plan(observed(WRITER, foreign, null, null, null), DESIRED))
                .isInstanceOf(PrivateLinkConflictException.class).hasMessageContaining("arn:foreign")
                .hasMessageContaining("aurora-cdc-autopilot:cluster=orders");
    }

    @Test
    void plan_whenTargetGroupOfOurNameIsForeign_refuses() {
        TargetGroupState foreign = new TargetGroupState("arn:tg-foreign", NAME, false, 5432, "vpc-1", List.of());
        assertThatThrownBy(() -> PrivateLinkPlanner.plan(observed(WRITER, null, foreign, null, null), DESIRED))
                .isInstanceOf(PrivateLinkConflictException.class).hasMessageContaining("arn:tg-foreign");
    }

    @Test
    void plan_whenNoSubnets_plansNothingAndSaysWhy() {
        ObservedPrivateLink o = new ObservedPrivateLink(CLUSTER, "arn:cluster", null, 5432, List.of(), WRITER, null, null, null, null, null);
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(o, DESIRED);
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.isAwaiting()).isTrue();
        assertThat(plan.warnings()).singleElement().asString().contains("no DB subnet group");
    }

    @Test
    void changes_whenDrainingOldTargetAndWriterLive_doNothing() {
        assertThat(Retarget.changes(NAME, "arn:tg", WRITER, 5432, List.of(new Target("10.0.1.10", 5432, "healthy", null))))
                .isEmpty();
        assertThat(Retarget.changes(NAME, "arn:tg", null, 5432, List.of(new Target("10.0.1.10", 5432, "healthy", null))))
                .as("no writer: keep the old target").isEmpty();
    }

    @Test
    void plan_whenTargetGroupIsOnAnotherPort_warnsAndStillRegistersOnTheClusterPort() {
        ObservedPrivateLink c = converged();
        var onOtherPort = new TargetGroupState("arn:tg", NAME, true, 6543, "vpc-1",
                List.of(new Target("10.0.1.10", 5432, "healthy", null)));
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(observed(WRITER, c.loadBalancer(), onOtherPort, c.listener(), c.service()),
                DESIRED);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.warnings()).singleElement().asString().contains("is on port 6543").contains("listens on 5432");
        assertThat(PrivateLinkPlanner.plan(converged(), DESIRED).warnings()).as("the same port").isEmpty();
    }

    @Test
    void plan_whenTheListenerForwardsElsewhere_warnsAndChangesNothing() {
        ObservedPrivateLink c = converged();
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(observed(WRITER, c.loadBalancer(), c.targetGroup(),
                new ListenerState("arn:l", 5432, "TCP", "arn:someone-elses-tg"), c.service()), DESIRED);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.warnings()).singleElement().asString().contains("forwards to arn:someone-elses-tg");
    }
}
