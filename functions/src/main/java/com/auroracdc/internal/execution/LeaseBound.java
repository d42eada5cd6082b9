package com.auroracdc.internal.execution;

import java.time.Duration;
import java.time.Instant;

/**
 * How far each heartbeat extends a lease. Every invocation of a setup stage renews its lease when it starts (and
 * again with every save), so the lease only has to outlive the longest gap between two invocations of one
 * execution: one attempt of a Task (at most its {@code TimeoutSeconds}), then the longest back-off any of its Retry
 * rules can wait before the next attempt, then the longest fixed Wait state before the next Task. Waits whose length
 * a stage decides (the poll interval, the maintenance window) are covered by that stage: it extends the lease by
 * the wait it asks for ({@link #after}). {@code LeaseBoundTest} computes the gap from {@code statemachine/setup.asl.json}
 * and fails if {@link #HEARTBEAT} does not cover it.
 *
 * <p>So the lease needs no guess about how many attempts a stage makes, and an execution that dies without any Catch
 * (StopExecution, a timeout) frees its cluster within this bound at worst; the stack's execution-ended rule frees it
 * within about a minute.
 */
public final class LeaseBound {
    /** Longest Task attempt (Publication, 610 s) plus its longest back-off (160 s) plus the 20 s status wait, rounded up. */
    public static final Duration HEARTBEAT = Duration.ofMinutes(15);

    private LeaseBound() {
    }

    /** Until when a heartbeat at {@code now} holds the lease. */
    public static Instant from(Instant now) {
        return now.plus(HEARTBEAT);
    }

    /** Until when the lease must hold when the state machine waits {@code wait} before the next invocation. */
    public static Instant after(Instant now, Duration wait) {
        return from(now.plus(wait.isNegative() ? Duration.ZERO : wait));
    }
}
