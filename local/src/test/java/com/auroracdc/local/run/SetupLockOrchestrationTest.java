package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.StateTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.rds.model.RebootDbInstanceRequest;

/**
 * The lock and the record through the real setup state machine: every exit releases the lock, two setups started
 * together leave exactly one to change the cluster, and a failure at any write to the table converges on a re-run.
 */
class SetupLockOrchestrationTest {
    private static final Map<String, Object> INPUT = Map.of("egressCidrs", "3.215.237.32/27");

    @Test
    void setup_whenTwoStartTogether_exactlyOneChangesTheClusterAndTheOtherIsRefused() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            var first = autopilot.start(INPUT, event -> { });
            var second = autopilot.start(INPUT, event -> { });
            List<ExecutionResult> results = List.of(first.await(), second.await());
            assertThat(results).filteredOn(ExecutionResult::succeeded).singleElement()
                    .satisfies(r -> assertThat(r.output().path("status").asText()).isEqualTo("ready"));
            assertThat(results).filteredOn(r -> !r.succeeded()).singleElement().satisfies(r -> {
                assertThat(r.error()).isEqualTo("SetupAlreadyRunningException");
                assertThat(r.statesEntered()).doesNotContain("ParameterGroup");
            });
            List<String> rebooted = autopilot.sim().calls().stream().filter(c -> c.operation().equals("RebootDBInstance"))
                    .map(c -> ((RebootDbInstanceRequest) c.request()).dbInstanceIdentifier()).toList();
            assertThat(rebooted).as("each member rebooted once, by one setup").isNotEmpty().doesNotHaveDuplicates();
            assertThat(lockHolder(autopilot)).as("released by the winner's Report").isNull();
        }
    }

    @Test
    void setup_whenAStageFails_releasesTheLockAtOnceAndRecordsWhatItChanged() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.sim().failOperation("ModifyDBCluster", "InvalidDBClusterStateFault", 1); // attaching our group
            ExecutionResult failed = autopilot.setup(INPUT, event -> { });
            assertThat(failed.succeeded()).isFalse();
            assertThat(lockHolder(autopilot)).as("ReportFailure released it").isNull();
            var record = autopilot.state().record(LocalAutopilot.CLUSTER).orElseThrow();
            assertThat(record.outcome()).as("a failed run that changed something records it").isEqualTo("failed");
            assertThat(record.resources().securityGroupId()).as("the group it created, though its stage failed").startsWith("sg-");
            assertThat(items(autopilot, "run#")).singleElement()
                    .satisfies(item -> assertThat(item.get("document").s()).contains("\"outcome\":\"failed\""));

            ExecutionResult next = autopilot.setup(INPUT, event -> { }); // at once: no lease to wait out
            assertThat(next.output().path("status").asText()).as(next.toString()).isEqualTo("ready");
            assertThat(autopilot.state().record(LocalAutopilot.CLUSTER)).isPresent();
        }
    }

    @Test
    void setup_whenAnyWriteToTheTableFails_theRerunConverges() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            assertThat(autopilot.setup(INPUT, event -> { }).output().path("status").asText()).isEqualTo("ready");
            // in a converged run: TransactWriteItems 1 = Inspect's lease and context, 2..6 = the stages' saves (each with
            // its heartbeat), 7 = Report's release with the record; UpdateItem = a stage's renewal; GetItem = Inspect and
            // Report reading the record, the stages reading their context
            List<Map.Entry<String, Integer>> faults = new java.util.ArrayList<>();
            for (int n = 1; n <= 7; n++) {
                faults.add(Map.entry("TransactWriteItems", n));
            }
            faults.addAll(List.of(Map.entry("UpdateItem", 1), Map.entry("UpdateItem", 3), Map.entry("GetItem", 1),
                    Map.entry("GetItem", 2), Map.entry("GetItem", 5)));
            for (var fault : faults) {
                autopilot.sim().failNthCall(fault.getKey(), fault.getValue(), "InternalServerError");
                autopilot.setup(INPUT, event -> { });
                autopilot.sim().clearFaults();
                assertThat(lockHolder(autopilot)).as("after a failed %s: released by ReportFailure", fault).isNull();

                long writes = writesToTheCluster(autopilot);
                ExecutionResult rerun = autopilot.setup(INPUT, event -> { });
                assertThat(rerun.output().path("status").asText()).as("%s: %s", fault, rerun).isEqualTo("ready");
                assertThat(rerun.output().path("changes")).isEmpty();
                assertThat(writesToTheCluster(autopilot)).as("AWS writes of the re-run after %s", fault).isEqualTo(writes);
                assertThat(autopilot.state().record(LocalAutopilot.CLUSTER).orElseThrow().outcome()).isEqualTo("ready");
                assertThat(lockHolder(autopilot)).isNull();
            }
        }
    }

    /** Mutating calls besides the status tag, which a re-run after a failed one sets back to ready. */
    private static long writesToTheCluster(LocalAutopilot autopilot) {
        return autopilot.sim().mutatingCallCount() - autopilot.sim().mutatingCallCount("AddTagsToResource");
    }

    private static String lockHolder(LocalAutopilot autopilot) {
        return items(autopilot, "lock").stream().map(item -> item.get("holder").s()).findFirst().orElse(null);
    }

    private static List<Map<String, AttributeValue>> items(LocalAutopilot autopilot, String itemPrefix) {
        return autopilot.sim().dynamoDb().items(StateTable.NAME).stream()
                .filter(item -> item.get("item").s().startsWith(itemPrefix)).toList();
    }
}
