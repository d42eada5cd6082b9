package com.auroracdc.internal.database;

import java.time.Duration;

/**
 * Bounds on every wait, so a hung or busy database cannot hang the Lambda.
 *
 * @param connect   TCP connect and login
 * @param socket    any single read from the server (a dead peer is noticed after this)
 * @param statement server-side statement_timeout for ordinary statements
 * @param lock      lock_timeout for DDL: while our statement queues for a lock, sessions behind it queue too, so
 *                  it never waits longer than this (the applier retries a few times, after other work)
 * @param proof     how long the streaming proof waits for its message (slot creation included)
 */
public record Timeouts(Duration connect, Duration socket, Duration statement, Duration lock, Duration proof) {
    public static Timeouts defaults() {
        return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(90),
                Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    public Timeouts withLock(Duration newLock) {
        return new Timeouts(connect, socket, statement, newLock, proof);
    }

    public Timeouts withProof(Duration newProof) {
        return new Timeouts(connect, socket, statement, lock, newProof);
    }
}
