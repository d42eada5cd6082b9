package com.auroracdc.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.materialize.MaterializeEndpoint;
import com.auroracdc.local.materialize.MaterializeStandIn;
import com.auroracdc.local.run.LocalAutopilot;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimCall;
import com.auroracdc.template.Template;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege for the teardown, both ways: every AWS action a teardown function is seen calling (over a full
 * teardown with every opt-in, its dry run and a second teardown, and the same with network path privatelink and in
 * MaterializeMode source) is in its template policy, and its policy grants nothing it was not seen calling. The shared
 * functions the teardown runs (Inspect, the reboot loop, Report) are checked one way: what they call for a teardown is
 * granted.
 */
class TeardownIamCoverageTest {
    private static final Set<String> TEARDOWN_FUNCTIONS = Set.of("TeardownMaterializeFunction",
            "TeardownPrivateLinkFunction", "TeardownDatabaseFunction", "TeardownSecurityGroupFunction",
            "TeardownParameterGroupFunction");
    private static final String MATERIALIZE_PRINCIPAL = "arn:aws:iam::664411391173:role/mz_4f3a_plc";
    private static final String APP_PASSWORD = "app-password-iam-coverage";
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
        // Network path privatelink, Materialize's endpoint connected: the PrivateLink stage rejects the connection and
        // deletes the endpoint service, listener, target group and load balancer.
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.redeploy(Map.of("NETWORK_PATH", "privatelink", "PRIVATELINK_PRINCIPALS", MATERIALIZE_PRINCIPAL));
            assertThat(autopilot.setup(Map.of("egressCidrs", "3.215.237.32/27"), event -> { }).succeeded()).isTrue();
            autopilot.sim().unrecorded(() -> autopilot.sim().ec2().connectEndpoint(autopilot.sim().ec2()
                    .describeVpcEndpointServiceConfigurations(r -> { }).serviceConfigurations().get(0).serviceId(),
                    MATERIALIZE_PRINCIPAL));
            recordCalls(autopilot);
            autopilot.disableTrigger();
            assertThat(autopilot.teardown(Map.of("dryRun", true), event -> { }).succeeded()).isTrue();
            assertThat(autopilot.teardown(Map.of(), event -> { }).succeeded()).isTrue();
            assertThat(autopilot.teardown(Map.of(), event -> { }).succeeded()).isTrue();
        }
        // MaterializeMode source: the Materialize stage reads the app password and drops what the setup made.
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP);
             MaterializeStandIn materialize = MaterializeStandIn.start("ops@example.com", APP_PASSWORD)) {
            materialize.egressCidrs(List.of("3.215.237.32/27"));
            materialize.sourcesRunAfter(1);
            String secret = autopilot.sim().secretsManager().seedSecret("materialize/app-password",
                    "{\"username\": \"ops@example.com\", \"password\": \"" + APP_PASSWORD + "\"}");
            autopilot.redeploy(Map.of(MaterializeEndpoint.MODE_VARIABLE, "source",
                    MaterializeEndpoint.HOST_VARIABLE, materialize.host("localhost"),
                    MaterializeEndpoint.SECRET_VARIABLE, secret));
            assertThat(autopilot.setup(Map.of(), event -> { }).succeeded()).isTrue();
            recordCalls(autopilot);
            autopilot.disableTrigger();
            assertThat(autopilot.teardown(Map.of("dryRun", true), event -> { }).succeeded()).isTrue();
            assertThat(autopilot.teardown(Map.of(), event -> { }).succeeded()).isTrue();
            assertThat(autopilot.teardown(Map.of(), event -> { }).succeeded()).isTrue();
        }
    }

    /**
     * The template's grants, a function's conditional statements ({@code !If [condition, statement, NoValue]}, e.g.
     * the app password's read under HasMaterializeAppPassword) counted as granted for the Materialize stage, whose
     * stack here sets the condition's parameter.
     */
    private static Map<String, Set<String>> granted() {
        Map<String, Set<String>> granted = IamCoverageTest.grantedActions();
        Set<String> materialize = new TreeSet<>(granted.get("TeardownMaterializeFunction"));
        Map<String, Object> properties = Template.load().functions().get("TeardownMaterializeFunction");
        for (Object policy : Template.list(properties.get("Policies"))) {
            for (Object statement : Template.list(Template.map(policy).get("Statement"))) {
                List<Object> branches = Template.list(Template.map(statement).get("Fn::If"));
                if (branches.size() == 3) {
                    Template.list(Template.map(branches.get(1)).get("Action")).forEach(a -> materialize.add((String) a));
                }
            }
        }
        granted.put("TeardownMaterializeFunction", materialize);
        return granted;
    }

    private static void recordCalls(LocalAutopilot autopilot) {
        recordCalls(autopilot, observed);
    }

    /** Each function served through a wrapper that attributes the simulator calls its invocation made, into {@code observed}. */
    static void recordCalls(LocalAutopilot autopilot, Map<String, Set<String>> observed) {
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
        Map<String, Set<String>> granted = granted();
        assertThat(observed).containsKeys(TEARDOWN_FUNCTIONS.toArray(String[]::new));
        observed.forEach((function, actions) ->
                assertThat(granted.get(function)).as("policy of %s", function).containsAll(actions));
    }

    @Test
    void everyGrantedAction_isCalledByItsTeardownFunction() {
        Map<String, Set<String>> granted = granted();
        for (String function : TEARDOWN_FUNCTIONS) {
            Set<String> unused = new TreeSet<>(granted.get(function));
            unused.removeAll(observed.get(function));
            assertThat(unused).as("actions granted to %s that it never calls", function).isEmpty();
        }
    }
}
