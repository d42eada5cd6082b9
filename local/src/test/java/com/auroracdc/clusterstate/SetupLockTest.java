package com.auroracdc.clusterstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.cluster.SetupContext;
import com.auroracdc.errors.SetupAlreadyRunningException;
import com.auroracdc.inspect.InspectHandler;
import com.auroracdc.inspect.InspectRequest;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.StateTable;
import com.auroracdc.stage.Json;
import com.auroracdc.stage.StageResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** The per-cluster lock in the DynamoDB table: Inspect takes it, RenewLease extends it, Report releases it. */
class SetupLockTest {
    private static final String MANUAL = "{\"clusterIdentifier\": \"%s\"}";
    private static final String TAG_EVENT = """
            {"source": "aws.tag", "detail-type": "Tag Change on Resource", "account": "123456789012", "region": "us-east-1",
             "resources": ["arn:aws:rds:us-east-1:123456789012:cluster:orders"],
             "detail": {"service": "rds", "resource-type": "cluster", "tags": {"materialize:cdc": "enabled"}}}""";

    private final SimAws sim = SimAws.create();
    private final ClusterStateTable state = StateTable.of(sim);
    private final InspectHandler inspect = new InspectHandler(sim.rds(), state, Map.of());

    SetupLockTest() {
        Scenario.DEFAULT_GROUP.build(sim, "orders");
    }

    @Test
    void takeLock_whenATagSetupAndARepairStartTogether_exactlyOneHoldsTheCluster() throws Exception {
        sim.latency(Duration.ofMillis(20)); // both calls in flight at once
        for (int round = 0; round < 10; round++) {
            String tagRun = "exec:tag-" + round;
            String repairRun = "exec:repair-" + round;
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                // the repair names the cluster in other letter cases: RDS identifiers are case-insensitive
                Future<SetupContext> tag = pool.submit(() -> { start.await(); return inspect(tagRun, TAG_EVENT); });
                Future<SetupContext> repair = pool.submit(() -> { start.await(); return inspect(repairRun, String.format(MANUAL, "ORDERS")); });
                List<String> winners = new ArrayList<>();
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
                assertThat(refusals).singleElement().asString().contains("Setup " + winners.getFirst() + " holds cluster");
                state.releaseLock("orders", winners.getFirst()); // what its Report does
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void takeLock_whenTheHolderWasKilled_refusesUntilTheLeaseExpiresThenProceeds() {
        inspect("exec:killed", String.format(MANUAL, "orders")); // then stopped: no Report ever releases it
        assertThatThrownBy(() -> inspect("exec:next", String.format(MANUAL, "orders")))
                .isInstanceOf(SetupAlreadyRunningException.class).hasMessageContaining("exec:killed");

        sim.clock().advance(SetupLease.MINIMUM.minusMinutes(1));
        assertThatThrownBy(() -> inspect("exec:next", String.format(MANUAL, "orders"))).isInstanceOf(SetupAlreadyRunningException.class);
        sim.clock().advance(Duration.ofMinutes(2));
        assertThat(inspect("exec:next", String.format(MANUAL, "orders")).cluster().identifier()).isEqualTo("orders");

        assertThatThrownBy(() -> renew("exec:killed", null)).as("the old holder, were it still alive, stops at its next renewal")
                .isInstanceOf(SetupAlreadyRunningException.class).hasMessageContaining("exec:next");
    }

    @Test
    void renewLock_whenWaitingForTheMaintenanceWindow_holdsUntilTheWindowPlusTheLease() {
        inspect("exec:waits", String.format(MANUAL, "orders"));
        var window = sim.clock().instant().plus(Duration.ofDays(3));
        renew("exec:waits", window.toString());

        sim.clock().set(window.plus(SetupLease.MINIMUM).minusSeconds(60));
        assertThatThrownBy(() -> inspect("exec:next", String.format(MANUAL, "orders"))).isInstanceOf(SetupAlreadyRunningException.class);
        sim.clock().set(window.plus(SetupLease.MINIMUM).plusSeconds(60));
        inspect("exec:next", String.format(MANUAL, "orders"));
    }

    @Test
    void releaseLock_whenAnotherExecutionHoldsIt_leavesItAlone() {
        inspect("exec:holder", String.format(MANUAL, "orders"));
        state.releaseLock("Orders", "exec:other"); // the refused execution's ReportFailure
        assertThatThrownBy(() -> inspect("exec:third", String.format(MANUAL, "orders"))).isInstanceOf(SetupAlreadyRunningException.class);

        state.releaseLock("Orders", "exec:holder");
        inspect("exec:third", String.format(MANUAL, "orders"));
    }

    @Test
    void takeLock_whenDryRun_neitherTakesNorChecksTheLock() {
        inspect("exec:holder", String.format(MANUAL, "orders"));
        inspect("exec:plan", "{\"clusterIdentifier\": \"orders\", \"dryRun\": true}");
        assertThat(sim.dynamoDb().items(StateTable.NAME)).singleElement()
                .satisfies(item -> assertThat(item.get("holder")).isEqualTo(AttributeValue.fromS("exec:holder")));
    }

    @Test
    void takeLock_whenTheTableWriteFails_changesNothingAndTheRerunProceeds() {
        sim.failOperation("PutItem", "InternalServerError", 1);
        assertThatThrownBy(() -> inspect("exec:first", String.format(MANUAL, "orders"))).isInstanceOf(DynamoDbException.class);
        assertThat(sim.dynamoDb().items(StateTable.NAME)).isEmpty();
        assertThat(sim.mutatingCallCount()).isZero();
        inspect("exec:second", String.format(MANUAL, "orders"));
    }

    private SetupContext inspect(String executionId, String input) {
        return inspect.handle(new InspectRequest(json(input), executionId, sim.clock().instant().toString()));
    }

    private void renew(String executionId, String waitUntil) {
        SetupContext context = inspect.handle(new InspectRequest(json("{\"clusterIdentifier\": \"orders\", \"dryRun\": true}"),
                executionId, sim.clock().instant().toString()));
        SetupContext applied = new SetupContext(executionId, context.startedAt(), false, context.cluster(), context.settings(), List.of());
        StageResult reboot = new StageResult("reboot", false, List.of(), List.of(), List.of(),
                waitUntil == null ? Map.of("action", "none") : Map.of("action", "wait-for-window", "waitUntil", waitUntil));
        new RenewLeaseHandler(state).handle(new LeaseRequest(applied, reboot));
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
