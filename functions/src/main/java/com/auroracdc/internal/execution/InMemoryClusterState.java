package com.auroracdc.internal.execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster state of one process, with the same rules as {@link DynamoDbClusterState}: for a laptop run against an
 * account without the stack's table (its lock then only keeps this process's executions apart, which the runner says)
 * and for tests.
 */
public final class InMemoryClusterState implements ClusterState {
    private record Lock(String holder, String tokenHash, Instant leaseUntil, Instant takenAt) {
    }

    private final Map<String, Lock> locks = new HashMap<>();
    private final Map<String, StoredContext> contexts = new HashMap<>();
    private final Map<String, SetupRecord> records = new HashMap<>();
    private final List<SetupRecord> history = new ArrayList<>();

    @Override
    public synchronized Lease acquire(ExecutionContext context, String tokenHash, Instant now, Instant leaseUntil) {
        String cluster = key(context.cluster());
        Lock lock = locks.get(cluster);
        boolean ours = lock != null && lock.holder().equals(context.executionId()) && lock.tokenHash().equals(tokenHash);
        if (lock != null && !ours && !lock.leaseUntil().isBefore(now)) {
            throw LeaseMessages.held(context.cluster(), new LockHolder(lock.holder(), lock.leaseUntil(), lock.takenAt()), null);
        }
        StoredContext stored = contexts.get(context.executionId());
        if (stored != null && !stored.tokenHash().equals(tokenHash)) {
            throw LeaseMessages.boundElsewhere(context.executionId());
        }
        locks.put(cluster, new Lock(context.executionId(), tokenHash, leaseUntil, ours ? lock.takenAt() : now));
        contexts.put(context.executionId(), new StoredContext(context, tokenHash, stored == null ? 1 : stored.version() + 1));
        return new Lease(context.cluster(), context.executionId(), tokenHash);
    }

    @Override
    public synchronized Lease acquireBrief(String cluster, String holder, String tokenHash, Instant now, Instant leaseUntil) {
        Lock lock = locks.get(key(cluster));
        if (lock != null && !lock.leaseUntil().isBefore(now)) {
            throw LeaseMessages.held(cluster, new LockHolder(lock.holder(), lock.leaseUntil(), lock.takenAt()), null);
        }
        locks.put(key(cluster), new Lock(holder, tokenHash, leaseUntil, now));
        return new Lease(cluster, holder, tokenHash);
    }

    @Override
    public synchronized void storeDryRun(ExecutionContext context, String tokenHash) {
        StoredContext stored = contexts.get(context.executionId());
        if (stored != null && !stored.tokenHash().equals(tokenHash)) {
            throw LeaseMessages.boundElsewhere(context.executionId());
        }
        contexts.put(context.executionId(), new StoredContext(context, tokenHash, stored == null ? 1 : stored.version() + 1));
    }

    @Override
    public synchronized Optional<StoredContext> context(String executionId) {
        return Optional.ofNullable(contexts.get(executionId));
    }

    @Override
    public synchronized void renew(Lease lease, Instant leaseUntil) {
        Lock lock = requireHeld(lease);
        locks.put(key(lease.cluster()), new Lock(lock.holder(), lock.tokenHash(), leaseUntil, lock.takenAt()));
    }

    @Override
    public synchronized void check(Lease lease) {
        requireHeld(lease);
    }

    @Override
    public synchronized long save(Lease lease, Instant leaseUntil, ExecutionContext context, String tokenHash,
                                  long expectedVersion) {
        StoredContext stored = contexts.get(context.executionId());
        if (stored == null || !stored.tokenHash().equals(tokenHash) || stored.version() != expectedVersion) {
            throw LeaseMessages.concurrentSave(context.executionId());
        }
        if (lease != null) {
            renew(lease, leaseUntil);
        }
        contexts.put(context.executionId(), new StoredContext(context, tokenHash, expectedVersion + 1));
        return expectedVersion + 1;
    }

    @Override
    public synchronized boolean finish(Lease lease, SetupRecord record, SetupRecord entry) {
        history.add(entry);
        Lock lock = locks.get(key(lease.cluster()));
        if (lock == null || !lock.holder().equals(lease.executionId()) || !lock.tokenHash().equals(lease.tokenHash())) {
            return false;
        }
        locks.remove(key(lease.cluster()));
        if (record != null) {
            records.put(key(lease.cluster()), record);
        }
        return true;
    }

    @Override
    public synchronized boolean release(Lease lease) {
        Lock lock = locks.get(key(lease.cluster()));
        if (lock == null || !lock.holder().equals(lease.executionId()) || !lock.tokenHash().equals(lease.tokenHash())) {
            return false;
        }
        locks.remove(key(lease.cluster()));
        return true;
    }

    @Override
    public synchronized Optional<LockHolder> holder(String cluster) {
        Lock lock = locks.get(key(cluster));
        return lock == null ? Optional.empty() : Optional.of(new LockHolder(lock.holder(), lock.leaseUntil(), lock.takenAt()));
    }

    @Override
    public synchronized Optional<SetupRecord> record(String cluster) {
        return Optional.ofNullable(records.get(key(cluster)));
    }

    /** Every run entry stored so far, oldest first. */
    public synchronized List<SetupRecord> history() {
        return List.copyOf(history);
    }

    private Lock requireHeld(Lease lease) {
        Lock lock = locks.get(key(lease.cluster()));
        if (lock == null || !lock.holder().equals(lease.executionId()) || !lock.tokenHash().equals(lease.tokenHash())) {
            throw LeaseMessages.lost(lease, lock == null ? null : new LockHolder(lock.holder(), lock.leaseUntil(), lock.takenAt()));
        }
        return lock;
    }

    static String key(String cluster) {
        return cluster.toLowerCase(Locale.ROOT);
    }
}
