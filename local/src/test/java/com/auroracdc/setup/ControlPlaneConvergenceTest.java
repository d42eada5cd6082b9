package com.auroracdc.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.local.sim.ClusterHandle;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * The control plane converges from every starting point, a second run makes zero mutating calls, and a run
 * that fails at any mutating call — before or after AWS applied it — converges when run again, leaving the
 * customer's parameter values, other security groups and their rules as they were.
 */
class ControlPlaneConvergenceTest {
    private static final String CLUSTER = "orders-prod";
    private static final String EGRESS = "3.215.237.32/27 52.6.209.3/32";

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = {"DEFAULT_GROUP", "DEDICATED_CUSTOM_GROUP", "SHARED_CUSTOM_GROUP",
            "FAMILY_MISMATCH", "SERVERLESS_V2", "VERSION_16_1", "GLOBAL_MEMBER", "INSTANCE_PARAMETER_OVERRIDE"})
    void run_whenStartingFromScenario_convergesAndSecondRunMakesNoMutatingCall(Scenario scenario) {
        SimAws sim = SimAws.create();
        ClusterHandle cluster = scenario.builder(sim, CLUSTER).tag("materialize:egress-cidrs", EGRESS).create();
        Customer before = Customer.snapshot(sim, cluster);
        var driver = new ControlPlaneDriver(sim);

        ControlPlaneDriver.Run first = driver.run(CLUSTER, false);
        assertThat(first.applied()).isNotEmpty();
        assertThat(membersInSync(sim)).isTrue();

        sim.clearCalls();
        ControlPlaneDriver.Run second = driver.run(CLUSTER, false);
        assertThat(second.planned()).as("plan of a converged cluster").isEmpty();
        assertThat(sim.mutatingCallCount()).as("mutating calls of the second run: %s", sim.mutatingCallsByOperation()).isZero();
        before.assertPreserved(sim);
    }

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = {"DEFAULT_GROUP", "SHARED_CUSTOM_GROUP"})
    void run_whenDryRun_plansEverythingAndChangesNothing(Scenario scenario) {
        SimAws sim = SimAws.create();
        scenario.builder(sim, CLUSTER).tag("materialize:egress-cidrs", EGRESS).create();
        ControlPlaneDriver.Run dry = new ControlPlaneDriver(sim).run(CLUSTER, true);
        assertThat(dry.planned()).isNotEmpty();
        assertThat(dry.applied()).isEmpty();
        assertThat(sim.mutatingCallCount()).isZero();
    }

    static Stream<Arguments> everyMutatingCall() {
        return Stream.of(Scenario.DEFAULT_GROUP, Scenario.DEDICATED_CUSTOM_GROUP, Scenario.SHARED_CUSTOM_GROUP).flatMap(scenario -> {
            SimAws sim = SimAws.create();
            scenario.builder(sim, CLUSTER).tag("materialize:egress-cidrs", EGRESS).create();
            sim.clearCalls();
            return ControlPlaneDriver.everyMutatingCall(scenario, sim, CLUSTER);
        });
    }

    @ParameterizedTest(name = "{0}: mutating call {1} fails {2}")
    @MethodSource("everyMutatingCall")
    void run_whenAMutatingCallFails_runAgainConverges(Scenario scenario, int nth, SimAws.FaultTiming timing) {
        SimAws sim = SimAws.create();
        ClusterHandle cluster = scenario.builder(sim, CLUSTER).tag("materialize:egress-cidrs", EGRESS).create();
        Customer before = Customer.snapshot(sim, cluster);
        var driver = new ControlPlaneDriver(sim);

        sim.failMutatingCall(nth, timing);
        assertThatThrownBy(() -> driver.run(CLUSTER, false)).as("the injected failure surfaces").isNotNull();
        sim.clearFaults();
        // Run again later, as Inspect's ClusterBusy retry (or the operator) would: a reboot whose response was
        // lost is still under way right after the failure, and Inspect rightly refuses a rebooting cluster.
        sim.clock().advance(java.time.Duration.ofMinutes(5));

        driver.run(CLUSTER, false);
        assertThat(membersInSync(sim)).isTrue();
        sim.clearCalls();
        assertThat(driver.run(CLUSTER, false).planned()).isEmpty();
        assertThat(sim.mutatingCallCount()).as("after recovery: %s", sim.mutatingCallsByOperation()).isZero();
        before.assertPreserved(sim);
    }

    private static boolean membersInSync(SimAws sim) {
        return sim.rds().describeDBClusters(r -> r.dbClusterIdentifier(CLUSTER)).dbClusters().getFirst().dbClusterMembers()
                .stream().allMatch(m -> "in-sync".equals(m.dbClusterParameterGroupStatus()));
    }

    /** What the customer had before the setup and must still have after it. */
    record Customer(String originalGroup, Map<String, String> originalGroupValues, List<String> customerSecurityGroups,
                    Map<String, List<SecurityGroupRule>> customerRules, List<String> neighbours) {

        static Customer snapshot(SimAws sim, ClusterHandle cluster) {
            String group = cluster.clusterParameterGroup();
            Map<String, String> values = group.startsWith("default.") ? Map.of() : userValues(sim, group);
            List<String> groups = new ArrayList<>(cluster.securityGroupIds());
            if (cluster.applicationSecurityGroupId() != null) {
                groups.add(cluster.applicationSecurityGroupId());
            }
            Map<String, List<SecurityGroupRule>> rules = new java.util.TreeMap<>();
            groups.forEach(id -> rules.put(id, rules(sim, id)));
            List<String> neighbours = sim.rds().describeDBClustersPaginator(r -> { }).dbClusters().stream()
                    .filter(c -> !c.dbClusterIdentifier().equals(CLUSTER))
                    .map(c -> c.dbClusterIdentifier() + "@" + c.dbClusterParameterGroup()).sorted().toList();
            return new Customer(group, values, groups, rules, neighbours);
        }

        void assertPreserved(SimAws sim) {
            var cluster = sim.rds().describeDBClusters(r -> r.dbClusterIdentifier(CLUSTER)).dbClusters().getFirst();
            assertThat(cluster.vpcSecurityGroups()).extracting(g -> g.vpcSecurityGroupId())
                    .as("the customer's security groups stay attached").containsAll(customerSecurityGroups.stream()
                            .filter(id -> !customerRules.get(id).isEmpty() || true).filter(id -> !id.equals(applicationGroup())).toList());
            customerRules.forEach((id, rules) -> assertThat(rules(sim, id)).as("rules of customer group %s", id)
                    .containsExactlyInAnyOrderElementsOf(rules));
            assertThat(snapshotNeighbours(sim)).as("other clusters and their groups").isEqualTo(neighbours);
            if (!originalGroupValues.isEmpty()) {
                Map<String, String> now = userValues(sim, cluster.dbClusterParameterGroup());
                originalGroupValues.forEach((name, value) -> {
                    if (isSized(name)) {
                        assertThat(Long.parseLong(now.get(name))).as("%s is never lowered", name).isGreaterThanOrEqualTo(Long.parseLong(value));
                    } else {
                        assertThat(now).as("customer value %s carried over", name).containsEntry(name, value);
                    }
                });
                boolean shared = neighbours.stream().anyMatch(n -> n.endsWith("@" + originalGroup));
                if (shared) {
                    assertThat(userValues(sim, originalGroup)).as("a shared group is never changed").isEqualTo(originalGroupValues);
                }
            }
        }

        private String applicationGroup() {
            return customerSecurityGroups.size() > 1 ? customerSecurityGroups.getLast() : null;
        }

        private static boolean isSized(String name) {
            return name.startsWith("max_") || name.equals("rds.logical_replication");
        }

        private static List<String> snapshotNeighbours(SimAws sim) {
            return sim.rds().describeDBClustersPaginator(r -> { }).dbClusters().stream()
                    .filter(c -> !c.dbClusterIdentifier().equals(CLUSTER))
                    .map(c -> c.dbClusterIdentifier() + "@" + c.dbClusterParameterGroup()).sorted().toList();
        }

        private static Map<String, String> userValues(SimAws sim, String group) {
            Map<String, String> values = new java.util.TreeMap<>();
            sim.rds().describeDBClusterParametersPaginator(r -> r.dbClusterParameterGroupName(group).source("user"))
                    .parameters().forEach((Parameter p) -> values.put(p.parameterName(), p.parameterValue()));
            return values;
        }

        private static List<SecurityGroupRule> rules(SimAws sim, String groupId) {
            return sim.ec2().describeSecurityGroupRulesPaginator(r -> r.filters(f -> f.name("group-id").values(groupId)))
                    .securityGroupRules().stream().toList();
        }
    }
}
