package com.auroracdc.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.local.run.LocalAutopilot;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimCall;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege for the teardown, both ways: every AWS action a teardown function is seen calling (over a full
 * teardown with every opt-in, its dry run and a second teardown) is in its template policy, and its policy grants
 * nothing it was not seen calling. The shared functions the teardown runs (Inspect, the reboot loop, Report) are
 * checked one way: what they call for a teardown is granted.
 */
class TeardownIamCoverageTest {
    private static final Set<String> TEARDOWN_FUNCTIONS = Set.of("TeardownDatabaseFunction",
            "TeardownSecurityGroupFunction", "TeardownParameterGroupFunction");
    private static final Map<String, Set<String>> observed = new TreeMap<>();

    @BeforeAll
    static void tearDownWithEveryOptIn() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            assertThat(autopilot.setup(Map.of("egressCidrs", "3.215.237.32/27"), event -> { }).succeeded()).isTrue();
            autopilot.writer().superuserIn("orders", "SELECT pg_create_logical_replication_slot('materialize_1', 'pgoutput')");
            recordCalls(autopilot);
            Map<String, Object> everything = Map.of("dropSlots", true, "restoreParameterGroup", true);
            autopilot.disableTrigger();
            assertThat(autopilot.teardown(Map.of("dryRun", true, "dropSlots", true, "restoreParameterGroup", true),
                    event -> { }).succeeded()).isTrue();
            assertThat(autopilot.teardown(everything, event -> { }).succeeded()).isTrue();
            assertThat(autopilot.teardown(everything, event -> { }).succeeded()).isTrue();
        }
    }

    /** Each function served through a wrapper that attributes the simulator calls its invocation made. */
    private static void recordCalls(LocalAutopilot autopilot) {
        autopilot.lambda().handlers().forEach((name, handler) -> {
            RequestStreamHandler recording = (in, out, context) -> {
                int before = autopilot.sim().calls().size();
                try {
                    handler.handleRequest(in, out, context);
                } finally {
                    List<SimCall> calls = autopilot.sim().calls();
                    Set<String> actions = observed.computeIfAbsent(name, f -> new TreeSet<>());
                    calls.subList(before, calls.size()).forEach(call -> actions.addAll(ControlPlaneDriver.iamActions(call)));
                }
            };
            autopilot.lambda().register(name, recording);
        });
    }

    @Test
    void everyCalledAction_isGrantedToItsFunction() {
        Map<String, Set<String>> granted = IamCoverageTest.grantedActions();
        assertThat(observed).containsKeys(TEARDOWN_FUNCTIONS.toArray(String[]::new));
        observed.forEach((function, actions) ->
                assertThat(granted.get(function)).as("policy of %s", function).containsAll(actions));
    }

    @Test
    void everyGrantedAction_isCalledByItsTeardownFunction() {
        Map<String, Set<String>> granted = IamCoverageTest.grantedActions();
        for (String function : TEARDOWN_FUNCTIONS) {
            Set<String> unused = new TreeSet<>(granted.get(function));
            unused.removeAll(observed.get(function));
            assertThat(unused).as("actions granted to %s that it never calls", function).isEmpty();
        }
    }
}
