package com.auroracdc.clusterstate;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a setup's hold on its cluster lasts before another setup may take it over: long enough to cover the
 * longest legitimate gap between two lease renewals, short enough that an execution killed without its Catch
 * running (nothing runs after a StopExecution) does not block the cluster for long.
 *
 * <p>Renewals happen when Inspect takes the lock and after every Reboot decision. The longest gaps after that:
 * the Publication stage with its retries (6 attempts of up to 610 s plus 310 s of back-off, about 66 minutes),
 * one member's reboot wait (the reboot deadline), and the maintenance-window wait (until the window opens).
 */
public final class SetupLease {
    /** Covers the Publication stage's longest retry chain with a margin. */
    static final Duration MINIMUM = Duration.ofMinutes(75);
    /** Added to the reboot deadline: the Reboot and AwaitReboot calls around one member's reboot. */
    static final Duration REBOOT_MARGIN = Duration.ofMinutes(15);

    private SetupLease() {
    }

    /** The lease Inspect takes: it lasts until the first Reboot decision renews it. */
    public static Instant first(Instant now) {
        return now.plus(MINIMUM);
    }

    /** The lease after a Reboot decision, which may wait for the maintenance window ({@code waitUntil}, or null). */
    public static Instant afterReboot(Instant now, int rebootDeadlineMinutes, Instant waitUntil) {
        Duration span = Duration.ofMinutes(rebootDeadlineMinutes).plus(REBOOT_MARGIN);
        Instant from = waitUntil != null && waitUntil.isAfter(now) ? waitUntil : now;
        return from.plus(span.compareTo(MINIMUM) > 0 ? span : MINIMUM);
    }
}
