package com.auroracdc.internal.execution;

import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.cluster.ClusterBinding;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.StageResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * One invocation's view of its verified execution: the stored context (never the payload's claims), the lease it
 * holds (none in a dry run), and the only ways to change the stored state, each conditional on that lease.
 * Handed out by {@link ExecutionAuthority}; not thread-safe (one invocation).
 */
public final class Execution {
    private final ClusterState state;
    private final Clock clock;
    private final Lease lease;
    private final String tokenHash;
    private ExecutionContext context;
    private long version;

    Execution(ClusterState state, Clock clock, Lease lease, String tokenHash, StoredContext stored) {
        this.state = state;
        this.clock = clock;
        this.lease = lease;
        this.tokenHash = tokenHash;
        this.context = stored.context();
        this.version = stored.version();
    }

    public ExecutionContext context() {
        return context;
    }

    /** The resolved settings and bound facts in the shape the stages' planners take. */
    public SetupContext setup() {
        return context.setup();
    }

    /** The execution's cluster bound for this invocation (see {@link ClusterBinding#bind}), by its own stored rules. */
    public BoundCluster bindCluster(RdsClient rds) {
        return ClusterBinding.bind(rds, setup(), context().stack(), context.purpose() == Purpose.TEARDOWN);
    }

    public boolean dryRun() {
        return context.dryRun();
    }

    public String executionId() {
        return context.executionId();
    }

    public String cluster() {
        return context.cluster();
    }

    /** The lease this execution holds, or null in a dry run (which holds none and changes nothing). */
    public Lease lease() {
        return lease;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Saves the context; with a lease, atomically with a heartbeat, so a lost lease fails the save and what follows it. */
    public void save(ExecutionContext updated) {
        saveHolding(updated, Duration.ZERO);
    }

    /** As {@link #save}, holding the lease over a wait of {@code wait} that the state machine makes next. */
    public void saveHolding(ExecutionContext updated, Duration wait) {
        version = state.save(lease, LeaseBound.after(clock.instant(), wait), updated, tokenHash, version);
        context = updated;
    }

    /** Stores this attempt's stage result (merged with earlier attempts', see {@link ExecutionContext#withStage}). */
    public StageResult saveStage(String stage, StageResult result) {
        save(context.withStage(stage, result));
        return context.stage(stage);
    }

    /**
     * What runs before each change a stage applies: the change is journaled in the context, in one atomic write with
     * the check that the lease still holds. A lost lease stops the stage before the change.
     */
    public StageResult.Journal journal(String stage) {
        return change -> save(context.withAttempt(stage, change.description()));
    }

    /**
     * As {@link #journal(String)}, also adding the tables a change of {@code kind} names to those saved under the
     * progress key {@code key}, in the same write, before the change (what the record keeps of it).
     */
    public <C extends Change> StageResult.Journal journal(String stage, Class<C> kind,
                                                          Function<C, List<QualifiedName>> tables, String key) {
        return change -> {
            ExecutionContext next = context.withAttempt(stage, change.description());
            if (kind.isInstance(change)) {
                next = RunRecords.withTables(next, key, tables.apply(kind.cast(change)));
            }
            save(next);
        };
    }

    /** For a change that is not a {@link Change} of a plan (a reboot decided step by step): the same guard. */
    public void journal(String stage, String description) {
        save(context.withAttempt(stage, description));
    }

    String tokenHash() {
        return tokenHash;
    }
}
