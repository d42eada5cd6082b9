package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A teardown that fails at any of its AWS calls that change something (the call refused, or made and its answer
 * lost), run again, converges: the cluster ends as a clean teardown leaves it, and one more teardown changes
 * nothing. Its database changes are fault-injected change by change in DatabaseTeardownContract.
 */
class TeardownConvergenceTest {
    private static final Map<String, Object> SETUP = Map.of("egressCidrs", "3.215.237.32/27");
    private static final Map<String, Object> EVERYTHING = Map.of("dropSlots", true, "restoreParameterGroup", true);

    private static LocalAutopilot setUp() {
        LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP);
        assertThat(autopilot.setup(SETUP, event -> { }).succeeded()).isTrue();
        autopilot.writer().superuserIn(SampleSchema.DATABASE,
                "SELECT pg_create_logical_replication_slot('materialize_0c4a1e', 'pgoutput')");
        autopilot.disableTrigger();
        return autopilot;
    }

    /** Each of a teardown's mutating AWS calls (its table's bookkeeping is not one: see ExecutionAuthorityOrchestrationTest). */
    static Stream<Arguments> everyMutatingAwsCall() {
        try (LocalAutopilot autopilot = setUp()) {
            int before = autopilot.sim().calls().size();
            assertThat(autopilot.teardown(EVERYTHING, event -> { }).succeeded()).isTrue();
            List<SimCall> writes = autopilot.sim().calls().subList(before, autopilot.sim().calls().size()).stream()
                    .filter(call -> call.kind() == SimAws.Kind.WRITE).toList();
            return IntStream.range(0, writes.size()).boxed().flatMap(i -> Stream.of(SimAws.FaultTiming.values())
                            .map(timing -> Arguments.of(i + 1, writes.get(i).operation(), timing)));
        }
    }

    @ParameterizedTest(name = "mutating call {0} ({1}) fails {2}")
    @MethodSource("everyMutatingAwsCall")
    void teardown_whenAMutatingCallFails_runAgainConverges(int nth, String operation, SimAws.FaultTiming timing)
            throws Exception {
        try (LocalAutopilot autopilot = setUp()) {
            autopilot.sim().failMutatingCall(nth, timing);
            autopilot.teardown(EVERYTHING, event -> { });
            autopilot.sim().clearFaults();
            // Later, as the operator (or the tag) would start it again: a reboot whose answer was lost is done by then.
            autopilot.sim().clock().advance(Duration.ofMinutes(5));

            ExecutionResult again = autopilot.teardown(EVERYTHING, event -> { });

            assertThat(again.succeeded()).as("%s after %s failed: %s", again, operation, again.causeMessage()).isTrue();
            assertThat(again.output().path("status").asText()).isEqualTo("removed");
            assertThat(autopilot.describe().dbClusterParameterGroup()).isEqualTo("default.aurora-postgresql16");
            assertThat(autopilot.describe().vpcSecurityGroups()).hasSize(1);
            long writes = autopilot.sim().mutatingCallCount();
            ExecutionResult third = autopilot.teardown(EVERYTHING, event -> { });
            assertThat(third.output().path("planned")).as("converged: nothing left to plan").isEmpty();
            assertThat(autopilot.sim().mutatingCallCount()).as("mutating calls of a converged teardown: %s",
                    autopilot.sim().mutatingCallsByOperation()).isEqualTo(writes);
        }
    }
}
