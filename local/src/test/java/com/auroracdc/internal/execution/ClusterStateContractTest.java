package com.auroracdc.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.ExecutionNotRecognizedException;
import com.auroracdc.errors.LeaseLostException;
import com.auroracdc.errors.SetupAlreadyRunningException;
import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.StateTable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lease and the execution store behave the same in the stack's DynamoDB table (on the simulated DynamoDB, with its
 * conditions and transactions) and in the in-memory store the laptop run and the unit tests use.
 */
class ClusterStateContractTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LATER = NOW.plus(LeaseBound.HEARTBEAT);

    static Stream<Arguments> stores() {
        Function<SimAws, ClusterState> dynamo = StateTable::of;
        Function<SimAws, ClusterState> memory = sim -> new InMemoryClusterState();
        return Stream.of(Arguments.of("DynamoDB", dynamo), Arguments.of("in memory", memory));
    }

    private static ExecutionContext context(String execution, boolean dryRun) {
        ClusterFacts facts = new ClusterFacts("orders", "arn:aws:rds:us-east-1:123456789012:cluster:orders", "aurora-postgresql",
                "16.4", "provisioned", "aurora-postgresql16", "available", 5432, "vpc-1", List.of(), "default.aurora-postgresql16",
                "orders-1", List.of(), "orders.cluster-x", "orders", null, "sun:05:00-sun:05:30", Map.of());
        return new ExecutionContext(execution, "orders", NOW.toString(), dryRun, Map.of(), "1", Map.of(), Settings.defaults(),
                Map.of(), Map.of(), facts, List.of(), Map.of(), Map.of(), Map.of(), null);
    }

    private static SetupRecord entry(ExecutionContext context, String outcome) {
        return RunRecords.entry(context, null, outcome, null, NOW.plusSeconds(60));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void acquire_whenHeldByAnotherUnexpiredLease_refusesNamingTheHolder(String name, Function<SimAws, ClusterState> store) {
        ClusterState state = store.apply(SimAws.create());
        state.acquire(context("exec:a", false), "hash-a", NOW, LATER);

        assertThatThrownBy(() -> state.acquire(context("exec:b", false), "hash-b", NOW.plusSeconds(60), LATER))
                .isInstanceOf(SetupAlreadyRunningException.class).hasMessageContaining("exec:a")
                .hasMessageNotContaining("hash-a");
        assertThat(state.holder("ORDERS")).map(LockHolder::executionId).contains("exec:a");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void acquire_whenRetriedByTheSameExecutionAndToken_takesItAgain_butNotWithAnotherToken(String name,
                                                                                           Function<SimAws, ClusterState> store) {
        ClusterState state = store.apply(SimAws.create());
        state.acquire(context("exec:a", false), "hash-a", NOW, LATER);
        state.acquire(context("exec:a", false), "hash-a", NOW.plusSeconds(5), LATER.plusSeconds(5));

        assertThatThrownBy(() -> state.acquire(context("exec:a", false), "hash-forged", NOW.plusSeconds(6), LATER))
                .isInstanceOf(SetupAlreadyRunningException.class);
        assertThat(state.context("exec:a")).map(StoredContext::tokenHash).contains("hash-a");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void renewAndSave_afterTheLeaseExpiredAndWasTakenOver_failWithLeaseLostAndChangeNothing(String name,
                                                                                          Function<SimAws, ClusterState> store) {
        ClusterState state = store.apply(SimAws.create());
        ExecutionContext a = context("exec:a", false);
        Lease lease = state.acquire(a, "hash-a", NOW, LATER);
        state.acquire(context("exec:b", false), "hash-b", LATER.plusSeconds(1), LATER.plus(LeaseBound.HEARTBEAT));

        assertThatThrownBy(() -> state.renew(lease, LATER.plusSeconds(2))).isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("held by exec:b");
        assertThatThrownBy(() -> state.save(lease, LATER.plusSeconds(2), a.withProgress("reboot", 1), "hash-a", 1))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> state.check(lease)).isInstanceOf(LeaseLostException.class);
        assertThat(state.context("exec:a").orElseThrow().context().progress()).as("the context, unchanged").isEmpty();
        assertThat(state.holder("orders")).map(LockHolder::executionId).contains("exec:b");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void renew_afterExpiryWithNobodyTakingOver_holdsAgain(String name, Function<SimAws, ClusterState> store) {
        ClusterState state = store.apply(SimAws.create());
        Lease lease = state.acquire(context("exec:a", false), "hash-a", NOW, LATER);

        state.renew(lease, LATER.plus(Duration.ofHours(1)));

        assertThat(state.holder("orders").orElseThrow().leaseUntil()).isEqualTo(LATER.plus(Duration.ofHours(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void save_whenAnotherAttemptSavedFirst_isRefused(String name, Function<SimAws, ClusterState> store) {
        ClusterState state = store.apply(SimAws.create());
        ExecutionContext a = context("exec:a", false);
        Lease lease = state.acquire(a, "hash-a", NOW, LATER);
        long version = state.save(lease, LATER, a.withProgress("reboot", 1), "hash-a", 1);

        assertThat(version).isEqualTo(2);
        assertThatThrownBy(() -> state.save(lease, LATER, a.withProgress("reboot", 2), "hash-a", 1))
                .isInstanceOf(ExecutionNotRecognizedException.class);
        assertThat(state.context("exec:a").orElseThrow().version()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void finish_releasesAndRecordsAtOnce_butNothingButHistoryOnceTheLeaseIsLost(String name,
                                                                                 Function<SimAws, ClusterState> store) {
        ClusterState state = store.apply(SimAws.create());
        ExecutionContext a = context("exec:a", false);
        Lease leaseA = state.acquire(a, "hash-a", NOW, LATER);
        state.acquire(context("exec:b", false), "hash-b", LATER.plusSeconds(1), LATER.plus(LeaseBound.HEARTBEAT));

        assertThat(state.finish(leaseA, entry(a, "ready"), entry(a, "ready"))).isFalse();
        assertThat(state.record("orders")).as("only the holder writes the record").isEmpty();
        assertThat(state.holder("orders")).map(LockHolder::executionId).contains("exec:b");

        ExecutionContext b = context("exec:b", false);
        assertThat(state.finish(new Lease("orders", "exec:b", "hash-b"), entry(b, "ready"), entry(b, "ready"))).isTrue();
        assertThat(state.holder("orders")).isEmpty();
        assertThat(state.record("Orders")).map(SetupRecord::executionId).contains("exec:b");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void release_byAnotherExecution_leavesTheLockAlone(String name, Function<SimAws, ClusterState> store) {
        ClusterState state = store.apply(SimAws.create());
        state.acquire(context("exec:a", false), "hash-a", NOW, LATER);

        assertThat(state.release(new Lease("orders", "exec:a", "hash-forged"))).isFalse();
        assertThat(state.release(new Lease("orders", "exec:b", "hash-a"))).isFalse();
        assertThat(state.holder("orders")).isPresent();
        assertThat(state.release(new Lease("orders", "exec:a", "hash-a"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void storeDryRun_takesNoLock_andIsBoundToItsToken(String name, Function<SimAws, ClusterState> store) {
        ClusterState state = store.apply(SimAws.create());
        state.storeDryRun(context("exec:plan", true), "hash-plan");

        assertThat(state.holder("orders")).isEmpty();
        assertThatThrownBy(() -> state.storeDryRun(context("exec:plan", true), "hash-forged"))
                .isInstanceOf(ExecutionNotRecognizedException.class);
    }
    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void acquireBrief_whenAnExecutionHoldsTheCluster_refusesAndLeavesItsLock(String name, Function<SimAws, ClusterState> store) {
        ClusterState state = store.apply(SimAws.create());
        state.acquire(context("exec:a", false), "hash-a", NOW, LATER);

        assertThatThrownBy(() -> state.acquireBrief("orders", "brief:retarget:1", "hash-r", NOW.plusSeconds(5),
                NOW.plusSeconds(125))).isInstanceOf(SetupAlreadyRunningException.class).hasMessageContaining("exec:a");
        assertThat(state.holder("orders")).map(LockHolder::executionId).contains("exec:a");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void acquireBrief_whenFreeOrExpired_holdsUntilReleased_andASetupMeanwhileIsToldItIsBrief(
            String name, Function<SimAws, ClusterState> store) {
        ClusterState state = store.apply(SimAws.create());
        state.acquire(context("exec:old", false), "hash-old", NOW, NOW.plusSeconds(10)); // runs out

        Lease brief = state.acquireBrief("orders", "brief:retarget:1", "hash-r", NOW.plusSeconds(60), NOW.plusSeconds(180));

        assertThat(state.holder("orders")).hasValueSatisfying(h -> assertThat(h.brief()).isTrue());
        assertThatThrownBy(() -> state.acquire(context("exec:b", false), "hash-b", NOW.plusSeconds(61), LATER))
                .isInstanceOf(SetupAlreadyRunningException.class).hasMessageContaining("brief hold")
                .hasMessageContaining("failover retarget");
        assertThatThrownBy(() -> state.acquireBrief("orders", "brief:retarget:2", "hash-2", NOW.plusSeconds(61),
                NOW.plusSeconds(181))).isInstanceOf(SetupAlreadyRunningException.class);
        assertThat(state.release(brief)).isTrue();
        assertThat(state.holder("orders")).isEmpty();
        state.acquire(context("exec:b", false), "hash-b", NOW.plusSeconds(62), LATER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void holdBriefly_releasesAfterTheWork_evenWhenItFails(String name, Function<SimAws, ClusterState> store) {
        SimAws sim = SimAws.create();
        ClusterState state = store.apply(sim);
        ExecutionAuthority authority = new ExecutionAuthority(state, null, sim.clock());
        List<Boolean> heldDuringWork = new java.util.ArrayList<>();

        String done = authority.holdBriefly("orders", "retarget", Duration.ofMinutes(2), () -> {
            heldDuringWork.add(state.holder("orders").map(LockHolder::brief).orElse(false));
            return "done";
        });
        assertThatThrownBy(() -> authority.holdBriefly("orders", "retarget", Duration.ofMinutes(2), () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(done).isEqualTo("done");
        assertThat(heldDuringWork).containsExactly(true);
        assertThat(state.holder("orders")).isEmpty();
    }
}
