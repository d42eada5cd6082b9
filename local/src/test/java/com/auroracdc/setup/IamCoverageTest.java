package com.auroracdc.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.template.Template;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked both ways for the control-plane functions: every AWS action a function is seen
 * calling (over scenarios that take every code path) is in its template policy, and its policy grants
 * nothing it was not seen calling — apart from the tagging permissions AWS requires for create-with-tags.
 */
class IamCoverageTest {
    /** Permissions AWS checks implicitly when a create call carries tags (TagSpecifications / Tags). */
    private static final Set<String> IMPLIED = Set.of("ec2:CreateTags", "rds:AddTagsToResource");
    private static final Set<String> EXERCISED = Set.of("InspectFunction", "ParameterGroupFunction", "SecurityGroupFunction",
            "RebootFunction", "AwaitRebootFunction");

    private static final Map<String, Set<String>> observed = new TreeMap<>();

    @BeforeAll
    static void exerciseEveryCodePath() {
        for (Scenario scenario : new Scenario[] {Scenario.DEFAULT_GROUP, Scenario.DEDICATED_CUSTOM_GROUP,
                Scenario.SHARED_CUSTOM_GROUP, Scenario.FAMILY_MISMATCH, Scenario.INSTANCE_PARAMETER_OVERRIDE}) {
            SimAws sim = SimAws.create();
            scenario.builder(sim, "orders").tag("materialize:egress-cidrs", "3.215.237.32/27").create();
            // another cluster's setup is running: the lock reads its input and lets this one go on
            sim.sfn().registerExecution(ControlPlaneDriver.STATE_MACHINE_ARN, "other", "{\"clusterIdentifier\": \"billing\"}");
            sim.clock().advance(java.time.Duration.ofSeconds(1));
            var driver = new ControlPlaneDriver(sim);
            driver.run("orders", false);
            driver.run("orders", false);
            driver.run("{\"clusterIdentifier\": \"orders\", \"egressCidrs\": \"52.6.209.3/32\"}"); // Materialize moved
            record(driver);
        }
        // a crash between creating our parameter group and associating it: the re-run checks the group is ours
        SimAws sim = SimAws.create();
        Scenario.DEFAULT_GROUP.build(sim, "orders");
        var driver = new ControlPlaneDriver(sim);
        sim.failOperation("ModifyDBCluster", "InternalFailure", 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver.run("orders", false)).isNotNull();
        driver.run("orders", false);
        record(driver);
    }

    private static void record(ControlPlaneDriver driver) {
        driver.operationsByFunction().forEach((function, actions) ->
                observed.computeIfAbsent(function + "Function", f -> new TreeSet<>()).addAll(actions));
    }

    @Test
    void everyCalledAction_isGrantedToItsFunction() {
        Map<String, Set<String>> granted = grantedActions();
        observed.forEach((function, actions) ->
                assertThat(granted.get(function)).as("policy of %s", function).containsAll(actions));
    }

    @Test
    void everyGrantedAction_isCalledByItsFunction() {
        Map<String, Set<String>> granted = grantedActions();
        for (String function : EXERCISED) {
            Set<String> unused = new TreeSet<>(granted.get(function));
            unused.removeAll(observed.get(function));
            unused.removeAll(IMPLIED);
            assertThat(unused).as("actions granted to %s that it never calls", function).isEmpty();
        }
    }

    private static Map<String, Set<String>> grantedActions() {
        Map<String, Set<String>> granted = new TreeMap<>();
        Template.load().functions().forEach((name, properties) -> {
            Set<String> actions = new TreeSet<>();
            for (Object policy : Template.list(properties.get("Policies"))) {
                for (Object statement : Template.list(Template.map(policy).get("Statement"))) {
                    Template.list(Template.map(statement).get("Action")).forEach(a -> actions.add((String) a));
                }
            }
            granted.put(name, actions);
        });
        return granted;
    }
}
