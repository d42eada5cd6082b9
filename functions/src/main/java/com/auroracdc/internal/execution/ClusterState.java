package com.auroracdc.internal.execution;

import java.time.Instant;
import java.util.Optional;

/**
 * Where each cluster's lease, each execution's context, each cluster's desired-state record and the run history live
 * ({@link DynamoDbClusterState} in a deployed stack; {@link InMemoryClusterState} for a laptop run without the stack's
 * table, and for tests). Every write that depends on holding a lease is conditional on its execution and token hash,
 * in the same atomic write as the bookkeeping it guards.
 */
public interface ClusterState {
    /**
     * Takes the cluster's lock for the context's execution (free, expired, or already this execution's with this token:
     * a retried Inspect) and stores the context under the token, in one atomic write.
     *
     * @throws com.auroracdc.errors.SetupAlreadyRunningException another execution holds an unexpired lease
     * @throws com.auroracdc.errors.ExecutionNotRecognizedException the execution's context is bound to another token
     */
    Lease acquire(ExecutionContext context, String tokenHash, Instant now, Instant leaseUntil);

    /**
     * Takes the cluster's lock for a brief hold that is no execution (the failover retarget, {@link
     * ExecutionAuthority#holdBriefly}): only when it is free or its lease has run out; no context is stored. Released
     * with {@link #release}, or it runs out by itself at {@code leaseUntil}.
     *
     * @throws com.auroracdc.errors.SetupAlreadyRunningException an execution, or another brief hold, holds an unexpired
     *                                                            lease
     */
    Lease acquireBrief(String cluster, String holder, String tokenHash, Instant now, Instant leaseUntil);

    /** Stores a dry run's context (a dry run holds no lease); refused when bound to another token. */
    void storeDryRun(ExecutionContext context, String tokenHash);

    /** The stored context of an execution, read strongly consistent; empty when none was stored. */
    Optional<StoredContext> context(String executionId);

    /** Extends the lease; {@link com.auroracdc.errors.LeaseLostException} when the lock is no longer this lease's. */
    void renew(Lease lease, Instant leaseUntil);

    /** Verifies the lease still holds (a strongly consistent read); {@link com.auroracdc.errors.LeaseLostException} if not. */
    void check(Lease lease);

    /**
     * Saves a context at {@code expectedVersion} and returns the new version; with a lease (null for a dry run), extends
     * it in the same atomic write, which fails with {@link com.auroracdc.errors.LeaseLostException} when it is lost.
     */
    long save(Lease lease, Instant leaseUntil, ExecutionContext context, String tokenHash, long expectedVersion);

    /**
     * Ends an execution's hold: releases the lock, stores the desired-state record (null: leave it) and the run's
     * history entry, in one atomic write. When the lease is no longer this execution's, nothing of it is written
     * but the history entry, and the answer is false.
     */
    boolean finish(Lease lease, SetupRecord record, SetupRecord history);

    /** Releases the lock alone if this lease still holds it (the fallback when {@link #finish} cannot be written). */
    boolean release(Lease lease);

    /** Who holds the cluster's lock (strongly consistent); empty when it is free. */
    Optional<LockHolder> holder(String cluster);

    /** The desired state the cluster's last applied setup left, read strongly consistent. */
    Optional<SetupRecord> record(String cluster);
}
