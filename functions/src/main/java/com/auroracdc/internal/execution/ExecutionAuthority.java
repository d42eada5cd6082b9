package com.auroracdc.internal.execution;

import com.auroracdc.errors.ExecutionNotRecognizedException;
import com.auroracdc.errors.SetupAlreadyRunningException;
import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.stage.InvocationLog;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one owner of the setup's safety protocol. Inspect binds a new execution ({@link #begin}): its context is stored
 * under the token the state machine made, and, unless it is a dry run, the cluster's lease is taken in the same
 * atomic write. Every later stage enters through {@link #enter}: the stored context must exist and match the token,
 * the execution must be running in the stack's setup state machine, and the lease is renewed before anything else
 * happens. Report ends the hold ({@link #finish}) before it does anything else.
 */
public final class ExecutionAuthority {
    private final ClusterState state;
    private final Executions executions;
    private final Clock clock;

    public ExecutionAuthority(ClusterState state, Executions executions, Clock clock) {
        this.state = state;
        this.executions = executions;
        this.clock = clock;
    }

    /**
     * Lambda: the stack's table (CLUSTER_STATE_TABLE) and its state machines (SETUP_STATE_MACHINE_ARN,
     * TEARDOWN_STATE_MACHINE_ARN).
     */
    public static ExecutionAuthority lambda() {
        return new ExecutionAuthority(DynamoDbClusterState.fromEnvironment(AwsClients.dynamoDb(), System.getenv()),
                StepFunctionsExecutions.fromEnvironment(AwsClients.sfn(), System.getenv()), Clock.systemUTC());
    }

    public ClusterState state() {
        return state;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * What an execution is for, by the state machine its ARN names: Inspect reads its input accordingly. An execution
     * of none of the stack's state machines is read as a setup; {@link #begin} then refuses it unless it is a dry run.
     */
    public Purpose purposeOf(String executionId) {
        Purpose purpose = executions.purposeOf(executionId);
        return purpose == null ? Purpose.SETUP : purpose;
    }

    /**
     * Inspect, after every check passed: stores the context under the handle's token and, unless a dry run, takes the
     * cluster's lease with it. A retried Inspect of the same execution and token takes it again.
     *
     * @param input the execution input Inspect resolved from: it must be the one the execution was started with, so a
     *              direct call naming a running execution cannot bind it to other settings (null: the caller built the
     *              context itself, as tests do)
     */
    public Execution begin(ExecutionHandle handle, JsonNode input, ExecutionContext context) {
        String tokenHash = Tokens.hash(requireToken(handle));
        InvocationLog.noteCluster(context.cluster());
        if (!context.executionId().equals(handle.executionId())) {
            throw new IllegalArgumentException("the context belongs to another execution");
        }
        if (context.dryRun()) {
            state.storeDryRun(context, tokenHash);
            return new Execution(state, clock, null, tokenHash, new StoredContext(context, tokenHash, 1));
        }
        String startedWith = executions.requireRunning(handle.executionId(), true);
        if (executions.purposeOf(handle.executionId()) != context.purpose()) {
            throw new ExecutionNotRecognizedException("Execution " + handle.executionId() + " is not an execution of the"
                    + " stack's " + context.purpose().word() + " state machine, so it may not bind a " + context.purpose().word()
                    + ". Nothing was changed. Start it through that state machine (aws stepfunctions start-execution).");
        }
        if (startedWith != null && input != null && !sameJson(Json.read(startedWith, JsonNode.class), input)) {
            throw new ExecutionNotRecognizedException("Execution " + handle.executionId() + " was started with another"
                    + " input than this call names, so this call may not act for it. Nothing was changed. Start a setup"
                    + " through the setup state machine (aws stepfunctions start-execution) rather than invoking its"
                    + " functions directly.");
        }
        Instant now = clock.instant();
        Lease lease = state.acquire(context, tokenHash, now, LeaseBound.from(now));
        return new Execution(state, clock, lease, tokenHash, new StoredContext(context, tokenHash, 1));
    }

    /** A setup stage that may change the cluster: verified, a setup, running, its lease renewed. */
    public Execution enter(ExecutionHandle handle) {
        return enter(handle, Purpose.SETUP);
    }

    /** A stage of one state machine only: as {@link #enter(ExecutionHandle)}, for an execution of that purpose. */
    public Execution enter(ExecutionHandle handle, Purpose purpose) {
        return enter(handle, context -> Duration.ZERO, true, purpose);
    }

    /** A stage both state machines run (the reboot loop): verified, running, its lease renewed. */
    public Execution enterAny(ExecutionHandle handle) {
        return enter(handle, context -> Duration.ZERO, true);
    }

    /**
     * @param wait         the longest wait of the state machine after this invocation, which the renewed lease must
     *                     also cover, from the execution's stored context
     * @param checkRunning ask Step Functions whether the execution still runs (a stage that changes nothing but its
     *                     own lease may skip the call)
     */
    public Execution enter(ExecutionHandle handle, Function<ExecutionContext, Duration> wait,
                           boolean checkRunning) {
        return enter(handle, wait, checkRunning, null);
    }

    /** @param purpose the only purpose this stage serves, or null for a stage of both state machines */
    public Execution enter(ExecutionHandle handle, Function<ExecutionContext, Duration> wait, boolean checkRunning,
                            Purpose purpose) {
        StoredContext stored = verified(handle);
        ExecutionContext context = stored.context();
        if (purpose != null && context.purpose() != purpose) {
            throw new ExecutionNotRecognizedException("Execution " + handle.executionId() + " is a "
                    + context.purpose().word() + ", and this function serves the " + purpose.word() + " state machine"
                    + " only. Nothing was changed. Start a " + purpose.word() + " through its own state machine.");
        }
        InvocationLog.noteCluster(context.cluster());
        if (context.dryRun()) {
            return new Execution(state, clock, null, stored.tokenHash(), stored);
        }
        if (checkRunning) {
            executions.requireRunning(context.executionId(), false);
        }
        Lease lease = new Lease(context.cluster(), context.executionId(), stored.tokenHash());
        state.renew(lease, LeaseBound.after(clock.instant(), wait.apply(context)));
        return new Execution(state, clock, lease, stored.tokenHash(), stored);
    }

    /**
     * Report and ReportFailure: the execution's stored context when the handle's token matches it. No other call is
     * made first: ending the hold depends on nothing but the table. Empty when Inspect stored none (it refused before
     * binding anything, so there is no lease to end); the execution must then be running in the setup state machine,
     * so a direct call cannot report a made-up failure.
     */
    public Optional<StoredContext> forReport(ExecutionHandle handle) {
        requireToken(handle);
        Optional<StoredContext> stored = state.context(handle.executionId());
        if (stored.isPresent() && !Tokens.matches(handle.token(), stored.get().tokenHash())) {
            throw notRecognized(handle.executionId());
        }
        if (stored.isEmpty()) {
            executions.requireRunning(handle.executionId(), true);
        }
        stored.ifPresent(s -> InvocationLog.noteCluster(s.context().cluster()));
        return stored;
    }

    /**
     * Ends an execution's hold (Report, ReportFailure, the execution-ended rule): releases the lock and writes the
     * record and the history entry, atomically, if the lease is still this execution's. A dry run holds nothing.
     *
     * @return false when the lease had already passed to another execution (only the history entry was written)
     */
    public boolean finish(StoredContext stored, SetupRecord record, SetupRecord entry) {
        ExecutionContext context = stored.context();
        if (context.dryRun()) {
            return true;
        }
        return state.finish(new Lease(context.cluster(), context.executionId(), stored.tokenHash()), record, entry);
    }

    /** The refusal to give when another execution holds an unexpired lease on the cluster, if one does. */
    public Optional<SetupAlreadyRunningException> heldByAnother(String cluster, String executionId) {
        return state.holder(cluster).filter(h -> !h.executionId().equals(executionId) && !h.expired(clock.instant()))
                .map(h -> LeaseMessages.held(cluster, h, null));
    }

    /**
     * Work that is no execution but must not run beside one (the failover retarget): takes the cluster's lock for at most
     * {@code length} under a fresh holder ({@value LockHolder#BRIEF_PREFIX}{@code <what>:<random>}) if it is free or
     * expired, runs {@code work}, and releases the lock whether or not the work succeeded. Nothing renews the hold, so
     * {@code length} must outlive the invoking function's timeout: the lock then never passes to another while the work
     * runs. A hold whose release was lost runs out at {@code length}.
     *
     * @param what a word naming the work in the holder id (shown to a setup that finds the cluster held)
     * @throws SetupAlreadyRunningException an execution, or another brief hold, holds the cluster (nothing was run)
     */
    public <T> T holdBriefly(String cluster, String what, Duration length, Supplier<T> work) {
        Instant now = clock.instant();
        Lease lease = state.acquireBrief(cluster, LockHolder.BRIEF_PREFIX + what + ":" + UUID.randomUUID(),
                Tokens.hash(UUID.randomUUID().toString()), now, now.plus(length));
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            try {
                state.release(lease);
            } catch (RuntimeException releaseFailure) {
                e.addSuppressed(releaseFailure); // the hold runs out by itself; the work's failure is the news
            }
            throw e;
        }
        state.release(lease);
        return result;
    }

    /** The execution-ended rule: the stored context of an execution Step Functions says has ended, if any. */
    public Optional<StoredContext> ended(String executionId) {
        if (!executions.ended(executionId)) {
            return Optional.empty();
        }
        return state.context(executionId);
    }

    private StoredContext verified(ExecutionHandle handle) {
        requireToken(handle);
        StoredContext stored = state.context(handle.executionId()).orElseThrow(() -> notRecognized(handle.executionId()));
        if (!Tokens.matches(handle.token(), stored.tokenHash())) {
            throw notRecognized(handle.executionId());
        }
        return stored;
    }

    /** JSON equality with numbers compared by value: Step Functions may write 1.0 where the start said 1. */
    private static boolean sameJson(JsonNode a, JsonNode b) {
        return a.equals((x, y) -> x.isNumber() && y.isNumber()
                ? x.decimalValue().compareTo(y.decimalValue()) : x.equals(y) ? 0 : 1, b);
    }

    private static String requireToken(ExecutionHandle handle) {
        if (handle == null || handle.executionId() == null || handle.executionId().isBlank()
                || handle.token() == null || handle.token().isBlank()) {
            throw new ExecutionNotRecognizedException("This function takes {\"execution\": {\"executionId\": ..., \"token\":"
                    + " ...}} as the setup state machine passes it (compare with events/stage-input.json), and acts only for"
                    + " an execution whose Inspect stored that token. Nothing was changed. Start a setup with aws"
                    + " stepfunctions start-execution rather than invoking a stage directly.");
        }
        return handle.token();
    }

    private static ExecutionNotRecognizedException notRecognized(String executionId) {
        return new ExecutionNotRecognizedException("No setup execution " + executionId + " with this token was bound by"
                + " Inspect, so this call may not act for it. Nothing was changed. Start a setup through the setup state"
                + " machine (aws stepfunctions start-execution) rather than invoking its functions directly.");
    }
}
