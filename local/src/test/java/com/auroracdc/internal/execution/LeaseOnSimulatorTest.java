package com.auroracdc.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.errors.LeaseLostException;
import com.auroracdc.errors.SetupAlreadyRunningException;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.internal.stage.Change;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimFunctions;
import com.auroracdc.local.sim.StateTable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The cluster's lease through the real functions on the simulator: Inspect takes it, stages renew it, Report ends it. */
class LeaseOnSimulatorTest {
    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:autopilot-setup";
    private static final String MANUAL = "{\"clusterIdentifier\": \"%s\"}";
    private static final String TAG_EVENT = """
            {"source": "aws.tag", "detail-type": "Tag Change on Resource", "account": "123456789012", "region": "us-east-1",
             "resources": ["arn:aws:rds:us-east-1:123456789012:cluster:orders"],
             "detail": {"service": "rds", "resource-type": "cluster", "tags": {"materialize:cdc": "enabled"}}}""";

    private final SimAws sim = SimAws.create();
    private final ClusterState state = StateTable.of(sim);
    private final Map<String, RequestStreamHandler> functions = SimFunctions.setup(sim, MACHINE, StackSettings.fixed(Map.of()),
            new PgConnector(Timeouts.defaults()));
    private int executions;

    LeaseOnSimulatorTest() {
        Scenario.DEFAULT_GROUP.build(sim, "orders");
    }

    @Test
    void inspect_whenATagSetupAndARepairStartTogether_exactlyOneHoldsTheCluster() throws Exception {
        sim.latency(Duration.ofMillis(20)); // both calls in flight at once
        for (int round = 0; round < 10; round++) {
            ExecutionHandle tagRun = start(TAG_EVENT);
            ExecutionHandle repairRun = start(String.format(MANUAL, "ORDERS"));
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                // the repair names the cluster in other letter cases: RDS identifiers are case-insensitive
                Future<?> tag = pool.submit(() -> { together.await(); return inspect(tagRun, TAG_EVENT); });
                Future<?> repair = pool.submit(() -> { together.await(); return inspect(repairRun, String.format(MANUAL, "ORDERS")); });
                List<ExecutionHandle> winners = new ArrayList<>();
                List<String> refusals = new ArrayList<>();
                for (var outcome : List.of(Map.entry(tagRun, tag), Map.entry(repairRun, repair))) {
                    try {
                        outcome.getValue().get();
                        winners.add(outcome.getKey());
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(SetupAlreadyRunningException.class);
                        refusals.add(e.getCause().getMessage());
                    }
                }
                assertThat(winners).as("round %d", round).hasSize(1);
                assertThat(refusals).singleElement().asString().contains("Execution " + winners.getFirst().executionId() + " holds cluster");
                report(winners.getFirst()); // what its Report does
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void inspect_whenTheHolderWasKilled_refusesUntilItsLeaseExpires_andTheKilledHolderThenChangesNothing() {
        ExecutionHandle killed = start(String.format(MANUAL, "orders"));
        inspect(killed, String.format(MANUAL, "orders")); // then stopped without any report, and no rule delivered
        ExecutionHandle next = start(String.format(MANUAL, "orders"));
        assertThatThrownBy(() -> inspect(next, String.format(MANUAL, "orders")))
                .isInstanceOf(SetupAlreadyRunningException.class).hasMessageContaining(killed.executionId());

        sim.clock().advance(LeaseBound.HEARTBEAT.minusMinutes(1));
        assertThatThrownBy(() -> inspect(next, String.format(MANUAL, "orders"))).isInstanceOf(SetupAlreadyRunningException.class);
        sim.clock().advance(Duration.ofMinutes(2));
        inspect(next, String.format(MANUAL, "orders"));

        sim.clearCalls();
        assertThatThrownBy(() -> stage("ParameterGroupFunction", killed)).as("the old holder, were it still alive")
                .isInstanceOf(LeaseLostException.class).hasMessageContaining(next.executionId());
        assertThat(sim.mutatingCallCount()).isZero();
    }

    @Test
    void stage_whenItHeartbeats_keepsTheLeaseBeyondItsFirstBound() {
        ExecutionHandle holder = start(String.format(MANUAL, "orders"));
        inspect(holder, String.format(MANUAL, "orders"));
        for (int i = 0; i < 4; i++) {
            sim.clock().advance(LeaseBound.HEARTBEAT.minusMinutes(2));
            stage("SecurityGroupFunction", holder);
        }
        ExecutionHandle next = start(String.format(MANUAL, "orders"));
        assertThatThrownBy(() -> inspect(next, String.format(MANUAL, "orders"))).isInstanceOf(SetupAlreadyRunningException.class);
    }

    @Test
    void inspect_whenDryRun_neitherTakesNorChecksTheLock() {
        ExecutionHandle holder = start(String.format(MANUAL, "orders"));
        inspect(holder, String.format(MANUAL, "orders"));
        ExecutionHandle plan = start("{\"clusterIdentifier\": \"orders\", \"dryRun\": true}");
        inspect(plan, "{\"clusterIdentifier\": \"orders\", \"dryRun\": true}");

        assertThat(state.holder("orders")).map(LockHolder::executionId).contains(holder.executionId());
    }

    @Test
    void inspect_whenTheTableWriteFails_changesNothingAndTheRerunProceeds() {
        sim.failOperation("TransactWriteItems", "InternalServerError", 1);
        ExecutionHandle first = start(String.format(MANUAL, "orders"));
        assertThatThrownBy(() -> inspect(first, String.format(MANUAL, "orders")))
                .isInstanceOf(com.auroracdc.errors.AwsCallException.class).hasMessageContaining("TransactWriteItems");
        assertThat(state.holder("orders")).isEmpty();
        assertThat(sim.mutatingCallCount()).isZero();

        inspect(first, String.format(MANUAL, "orders")); // the state machine's retry of the same execution
        assertThat(state.holder("orders")).map(LockHolder::executionId).contains(first.executionId());
    }

    private ExecutionHandle start(String input) {
        String arn = sim.sfn().registerExecution(MACHINE, "run-" + (++executions), input);
        return new ExecutionHandle(arn, UUID.randomUUID().toString());
    }

    private String inspect(ExecutionHandle execution, String input) {
        var request = Json.MAPPER.createObjectNode();
        request.set("input", json(input));
        request.set("execution", Json.MAPPER.valueToTree(execution));
        request.put("startedAt", sim.clock().instant().toString());
        return invoke("InspectFunction", request);
    }

    private String stage(String function, ExecutionHandle execution) {
        var input = Json.MAPPER.createObjectNode();
        input.set("execution", Json.MAPPER.valueToTree(execution));
        return invoke(function, input);
    }

    private void report(ExecutionHandle execution) {
        var input = Json.MAPPER.createObjectNode();
        input.set("execution", Json.MAPPER.valueToTree(execution));
        invoke("ReportFunction", input);
    }

    private String invoke(String function, Object payload) {
        return SimFunctions.invoke(functions.get(function), payload);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
