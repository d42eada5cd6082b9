package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.execution.LockHolder;
import com.auroracdc.local.sfn.ExecutionEvent;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sfn.LambdaServiceError;
import com.auroracdc.local.sim.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The execution's authority through the real setup state machine: retried invocations, lost leases, stopped executions,
 * one settings version per execution, the record a failed run leaves, and the checks made before the first change.
 */
class ExecutionAuthorityOrchestrationTest {
    private static final Map<String, Object> INPUT = Map.of("egressCidrs", "3.215.237.32/27");
    /** What a clean first setup of the read-availability cluster (a writer, two readers) changes, by operation. */
    private static Map<String, Long> cleanRun;
    private static int rebootInvocations;

    @BeforeAll
    static void cleanRun() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.READ_AVAILABILITY)) {
            ExecutionResult result = autopilot.setup(INPUT, event -> { });
            assertThat(result.output().path("status").asText()).as(result.toString()).isEqualTo("ready");
            cleanRun = new TreeMap<>(autopilot.sim().mutatingCallsByOperation());
            rebootInvocations = autopilot.lambda().invocations("RebootFunction").size();
        }
        assertThat(cleanRun).containsEntry("RebootDBInstance", 3L);
    }

    /** Every Task of the setup, and every invocation of the Reboot stage (one of them makes each reboot). */
    static Stream<Arguments> invocations() {
        List<Arguments> cases = new ArrayList<>();
        for (String function : List.of("InspectFunction", "PreflightFunction", "SecurityGroupFunction", "ParameterGroupFunction",
                "AwaitRebootFunction", "PublicationFunction", "ReportFunction")) {
            cases.add(Arguments.of(function, 1));
        }
        for (int attempt = 1; attempt <= 8; attempt++) {
            cases.add(Arguments.of("RebootFunction", attempt));
        }
        return cases.stream();
    }

    /**
     * The function runs and its AWS calls succeed, then Lambda fails the invocation (the response is lost) and the state
     * machine retries it: no change is made twice, no instance is rebooted twice, the setup ends ready and free.
     */
    @ParameterizedTest(name = "{0} invocation {1}")
    @MethodSource("invocations")
    void setup_whenAnInvocationsResponseIsLostAfterItsCallsSucceeded_theRetryChangesNothingTwice(String function, int attempt) {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.READ_AVAILABILITY)) {
            autopilot.lambda().loseResponse(function, attempt, LambdaServiceError.SERVICE_EXCEPTION);

            ExecutionResult result = autopilot.setup(INPUT, event -> { });

            assertThat(result.output().path("status").asText()).as(result.toString()).isEqualTo("ready");
            Map<String, Long> calls = new TreeMap<>(autopilot.sim().mutatingCallsByOperation());
            assertThat(calls.get("RebootDBInstance")).as("reboots").isEqualTo(cleanRun.get("RebootDBInstance"));
            // A retried Report sets the status tag once more (the same value): not a change of the cluster's setup.
            calls.remove("AddTagsToResource");
            Map<String, Long> expected = new TreeMap<>(cleanRun);
            expected.remove("AddTagsToResource");
            assertThat(calls).as("every change made exactly as often as in a clean run").isEqualTo(expected);
            assertThat(autopilot.state().holder(LocalAutopilot.CLUSTER)).isEmpty();
            assertThat(autopilot.state().record(LocalAutopilot.CLUSTER).orElseThrow().outcome()).isEqualTo("ready");
        }
    }

    @Test
    void invocations_coverEveryRebootDecisionOfACleanRun() {
        assertThat(rebootInvocations).as("the retried Reboot invocations above include every one a clean run makes")
                .isLessThanOrEqualTo(8);
    }

    /** Stopped while it waited days for the maintenance window: the execution-ended rule releases its lock at once. */
    @Test
    void setup_whenStoppedWhileWaitingForTheWindow_hasItsLockReleasedByTheStatusChangeEvent() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            var running = autopilot.startWaitingForTheWindow(Map.of("egressCidrs", "3.215.237.32/27"));
            LockHolder holder = autopilot.state().holder(LocalAutopilot.CLUSTER).orElseThrow();
            assertThat(holder.leaseUntil()).as("held over the wait (the simulated clock is at the window already): until"
                    + " the window and a heartbeat after it").isAfterOrEqualTo(autopilot.sim().clock().instant()
                    .plus(com.auroracdc.internal.execution.LeaseBound.HEARTBEAT).minusSeconds(1));

            running.abort(); // aws stepfunctions stop-execution: no Catch runs
            ExecutionResult result = running.result().get(30, TimeUnit.SECONDS);

            assertThat(result.status().name()).isEqualTo("ABORTED");
            assertThat(autopilot.state().holder(LocalAutopilot.CLUSTER)).as("released by the execution-ended rule").isEmpty();
            var record = autopilot.state().record(LocalAutopilot.CLUSTER).orElseThrow();
            assertThat(record.outcome()).isEqualTo("failed");
            assertThat(record.error()).isEqualTo("ExecutionAborted");
            assertThat(record.resources().replacedParameterGroup()).as("what it changed, recorded")
                    .isEqualTo("default.aurora-postgresql16");
            assertThat(autopilot.setup(INPUT, event -> { }).output().path("status").asText()).as("the next setup runs at once")
                    .isEqualTo("ready");
        }
    }

    /** Report depends on no stack-settings read: an SSM outage after Inspect still ends the run and frees the cluster. */
    @Test
    void setup_whenSsmThrottlesAfterInspect_stillReportsAndReleasesTheLock() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            ExecutionResult result = autopilot.setup(INPUT, event -> {
                if (event.type() == ExecutionEvent.Type.StateExited && "Inspect".equals(event.state())) {
                    autopilot.sim().failOperation("GetParameter", "ThrottlingException", 1_000);
                }
            });

            assertThat(result.output().path("status").asText()).as(result.toString()).isEqualTo("ready");
            assertThat(autopilot.sim().callCount("GetParameter")).as("only Inspect reads the stack settings").isEqualTo(1);
            assertThat(autopilot.state().holder(LocalAutopilot.CLUSTER)).isEmpty();
        }
    }

    /** A redeploy lands while the setup runs: the whole execution keeps the settings version Inspect read. */
    @Test
    void setup_whenTheStackIsRedeployedMidSetup_usesOneSettingsVersionThroughout() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP,
                Map.of("EGRESS_CIDRS", "3.215.237.32/27", "SOURCE_COUNT", "1"))) {
            ExecutionResult result = autopilot.setup(Map.of(), event -> {
                if (event.type() == ExecutionEvent.Type.StateExited && "Inspect".equals(event.state())) {
                    autopilot.redeploy(Map.of("EGRESS_CIDRS", "52.6.209.3/32", "SOURCE_COUNT", "5"));
                }
            });

            assertThat(result.output().path("status").asText()).as(result.toString()).isEqualTo("ready");
            String changes = result.output().path("changes").toString();
            assertThat(changes).contains("3.215.237.32/27").doesNotContain("52.6.209.3/32");
            assertThat(changes).as("sized for 1 source (3 x 1 + 4)").contains("-> 7").doesNotContain("-> 19");
            var record = autopilot.state().record(LocalAutopilot.CLUSTER).orElseThrow();
            assertThat(record.stackSeen()).containsEntry("egressCidrs", "3.215.237.32/27").containsEntry("sourceCount", "1");
        }
    }

    /** A first run that moved the cluster to our group and failed; the next succeeds: the customer's group is kept. */
    @Test
    void setup_whenAFailedFirstRunIsFollowedByASuccessfulOne_theRecordKeepsTheOriginalParameterGroup() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.sim().failOperation("RebootDBInstance", "InvalidDBInstanceState", 1);
            ExecutionResult failed = autopilot.setup(INPUT, event -> { });
            assertThat(failed.succeeded()).as(failed.toString()).isFalse();
            assertThat(autopilot.state().record(LocalAutopilot.CLUSTER).orElseThrow().resources().replacedParameterGroup())
                    .isEqualTo("default.aurora-postgresql16");

            ExecutionResult next = autopilot.setup(INPUT, event -> { });

            assertThat(next.output().path("status").asText()).as(next.toString()).isEqualTo("ready");
            var record = autopilot.state().record(LocalAutopilot.CLUSTER).orElseThrow();
            assertThat(record.outcome()).isEqualTo("ready");
            assertThat(record.resources().replacedParameterGroup()).as("still the customer's original group")
                    .isEqualTo("default.aurora-postgresql16");
        }
    }

    /** Everything knowable is checked before the first change: a wrong table name costs no AWS change and no reboot. */
    @Test
    void setup_whenATableNameIsWrong_failsBeforeAnyChangeOrReboot() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.READ_AVAILABILITY)) {
            ExecutionResult result = autopilot.setup(Map.of("egressCidrs", "3.215.237.32/27", "tables", "public.nope"),
                    event -> { });

            assertThat(result.error()).isEqualTo("MissingTablesException");
            assertThat(result.cause()).contains("public.nope");
            assertThat(autopilot.sim().mutatingCallCount()).as("mutating calls: %s", autopilot.sim().mutatingCallsByOperation())
                    .isZero();
            assertThat(result.statesEntered()).doesNotContain("ParameterGroup", "SecurityGroup", "Reboot");
            assertThat(autopilot.state().holder(LocalAutopilot.CLUSTER)).isEmpty();
        }
    }
}
