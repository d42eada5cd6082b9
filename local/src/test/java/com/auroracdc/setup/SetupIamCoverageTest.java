package com.auroracdc.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.materialize.MaterializeEndpoint;
import com.auroracdc.local.materialize.MaterializeStandIn;
import com.auroracdc.local.materialize.SimPrivateLinkNetwork;
import com.auroracdc.local.run.LocalAutopilot;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege for every function of the setup, the database ones and the execution's bookkeeping included, over
 * whole executions of the real state machine: a first setup with reader reboots, a converged re-run, a run Preflight
 * refuses, one Inspect refuses before binding anything, one stopped while it waits for its window, a source-mode
 * setup, a PrivateLink one, and a source-mode setup over PrivateLink. Every AWS action
 * a function is seen calling is granted to it; and its table and Step Functions grants are exactly what it calls.
 */
class SetupIamCoverageTest {
    private static final Set<String> SETUP_FUNCTIONS = Set.of("InspectFunction", "PreflightFunction",
            "SecurityGroupFunction", "ParameterGroupFunction", "RebootFunction", "AwaitRebootFunction",
            "PublicationFunction", "MaterializeSourceFunction", "AwaitSourceFunction", "PrivateLinkFunction", "ReportFunction",
            "ExecutionEndedFunction");
    private static final Map<String, Object> INPUT = Map.of("egressCidrs", "3.215.237.32/27");
    private static final Map<String, Set<String>> observed = new TreeMap<>();

    @BeforeAll
    static void runEveryKindOfExecution() throws Exception {
        try (LocalAutopilot autopilot = attributed(new LocalAutopilot(Scenario.READ_AVAILABILITY))) {
            assertThat(status(autopilot.setup(INPUT, event -> { }))).isEqualTo("ready");
            assertThat(status(autopilot.setup(INPUT, event -> { }))).isEqualTo("ready");
            assertThat(autopilot.setup(Map.of("tables", "public.nope"), event -> { }).error())
                    .isEqualTo("MissingTablesException");
            assertThat(autopilot.setup(Map.of("sourceCount", "many"), event -> { }).error())
                    .isEqualTo("InvalidSettingException");
        }
        try (LocalAutopilot autopilot = attributed(new LocalAutopilot(Scenario.DEFAULT_GROUP))) {
            var running = autopilot.startWaitingForTheWindow(Map.of("egressCidrs", "3.215.237.32/27"));
            running.abort();
            assertThat(running.result().get(30, TimeUnit.SECONDS).status().name()).isEqualTo("ABORTED");
        }
        // MaterializeMode source: Materialize's side created, waited for, then a converged re-run.
        try (LocalAutopilot autopilot = attributed(new LocalAutopilot(Scenario.DEFAULT_GROUP));
             MaterializeStandIn materialize = MaterializeStandIn.start("ops@example.com", "app-password")) {
            materialize.egressCidrs(List.of("3.215.237.32/27"));
            materialize.sourcesRunAfter(1);
            String[] secret = new String[1];
            autopilot.sim().unrecorded(() -> secret[0] = autopilot.sim().secretsManager().seedSecret("materialize/app",
                    "{\"username\": \"ops@example.com\", \"password\": \"app-password\"}"));
            autopilot.redeploy(Map.of(MaterializeEndpoint.MODE_VARIABLE, "source",
                    MaterializeEndpoint.HOST_VARIABLE, materialize.host("localhost"), MaterializeEndpoint.SECRET_VARIABLE, secret[0]));
            assertThat(status(autopilot.setup(Map.of(), event -> { }))).isEqualTo("ingesting");
            assertThat(status(autopilot.setup(Map.of(), event -> { }))).isEqualTo("ingesting");
        }
        // NetworkPath privatelink: load balancer, its group, target group, listener and endpoint service made, then converged.
        try (LocalAutopilot autopilot = attributed(new LocalAutopilot(Scenario.DEFAULT_GROUP))) {
            autopilot.redeploy(Map.of("NETWORK_PATH", "privatelink",
                    "PRIVATELINK_PRINCIPALS", "arn:aws:iam::664411391173:role/mz_plc"));
            assertThat(status(autopilot.setup(Map.of(), event -> { }))).isEqualTo("ready");
            assertThat(status(autopilot.setup(Map.of(), event -> { }))).isEqualTo("ready");
        }
        // Both: MaterializeMode source through the PrivateLink path (Materialize's endpoint connection accepted), converged.
        try (LocalAutopilot autopilot = attributed(new LocalAutopilot(Scenario.DEFAULT_GROUP));
             MaterializeStandIn materialize = MaterializeStandIn.start("ops@example.com", "app-password")) {
            String principal = "arn:aws:iam::664411391173:role/mz_plc";
            materialize.sourcesRunAfter(1);
            materialize.privateLink(new SimPrivateLinkNetwork(autopilot.sim()), principal);
            String[] secret = new String[1];
            autopilot.sim().unrecorded(() -> secret[0] = autopilot.sim().secretsManager().seedSecret("materialize/app",
                    "{\"username\": \"ops@example.com\", \"password\": \"app-password\"}"));
            autopilot.redeploy(Map.of(MaterializeEndpoint.MODE_VARIABLE, "source",
                    MaterializeEndpoint.HOST_VARIABLE, materialize.host("localhost"), MaterializeEndpoint.SECRET_VARIABLE, secret[0],
                    "NETWORK_PATH", "privatelink", "PRIVATELINK_PRINCIPALS", principal));
            assertThat(status(autopilot.setup(Map.of(), event -> { }))).isEqualTo("ingesting");
            assertThat(status(autopilot.setup(Map.of(), event -> { }))).isEqualTo("ingesting");
            assertThat(observed.get("MaterializeSourceFunction")).contains("ec2:AcceptVpcEndpointConnections");
        }
        assertThat(observed).as("every setup function ran").containsKeys(SETUP_FUNCTIONS.toArray(String[]::new));
    }

    private static String status(ExecutionResult result) {
        return result.output() == null ? result.toString() : result.output().path("status").asText(result.toString());
    }

    /** Wraps every function so the AWS calls made while it runs are its own (the state machine invokes one at a time). */
    private static LocalAutopilot attributed(LocalAutopilot autopilot) {
        SimAws sim = autopilot.sim();
        autopilot.lambda().handlers().forEach((name, handler) -> autopilot.lambda().register(name,
                (RequestStreamHandler) (in, out, context) -> {
                    int before = sim.calls().size();
                    try {
                        handler.handleRequest(in, out, context);
                    } finally {
                        List<SimCall> calls = sim.calls();
                        Set<String> actions = observed.computeIfAbsent(name, f -> new TreeSet<>());
                        calls.subList(before, calls.size()).forEach(call -> actions.addAll(ControlPlaneDriver.iamActions(call)));
                    }
                }));
        return autopilot;
    }

    @Test
    void everyCalledAction_isGrantedToItsFunction() {
        Map<String, Set<String>> granted = IamCoverageTest.grantedActions(true);
        SETUP_FUNCTIONS.forEach(function ->
                assertThat(granted.get(function)).as("policy of %s", function).containsAll(observed.get(function)));
    }

    @Test
    void tableAndStepFunctionsGrants_areExactlyWhatEachFunctionCalls() {
        Map<String, Set<String>> granted = IamCoverageTest.grantedActions();
        for (String function : SETUP_FUNCTIONS) {
            assertThat(bookkeeping(granted.get(function))).as("table and Step Functions actions of %s", function)
                    .isEqualTo(bookkeeping(observed.get(function)));
        }
    }

    private static Set<String> bookkeeping(Set<String> actions) {
        Set<String> kept = new TreeSet<>();
        actions.stream().filter(a -> a.startsWith("dynamodb:") || a.startsWith("states:")).forEach(kept::add);
        return kept;
    }
}
