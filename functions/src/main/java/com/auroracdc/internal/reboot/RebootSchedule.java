package com.auroracdc.internal.reboot;

import java.time.Duration;

/**
 * How often the state machine polls a rebooting member. Quick at first (a reboot takes a minute or two), then
 * slower, so that however long the deadline (up to 1440 minutes) one member's wait takes at most
 * {@link #maxPolls(int)} rounds of the loop: a Standard execution holds at most 25,000 history events, and a
 * run past that limit fails in a way no Catch sees (no ReportFailure, no status tag).
 */
public final class RebootSchedule {
    /** The first poll waits this long; no poll waits less. */
    public static final int FIRST_WAIT_SECONDS = 30;
    /** Late polls are spaced so that about this many fit in the whole deadline. */
    static final int POLLS_PER_DEADLINE = 40;
    /** A status that lags the parameter change: read it again this often ... */
    public static final int SETTLE_WAIT_SECONDS = 20;
    /** ... at most this many times, then decide from what the parameter-group stage knows. */
    public static final int MAX_SETTLES = 6;
    /** Aurora: at most 15 readers (Aurora Replicas) per cluster. */
    public static final int MAX_READERS = 15;

    private RebootSchedule() {
    }

    /** Seconds until the next poll, {@code elapsed} after the reboot started: half the elapsed time, within bounds. */
    public static int nextWait(Duration elapsed, int deadlineMinutes) {
        long cap = Math.max(FIRST_WAIT_SECONDS, deadlineMinutes * 60L / POLLS_PER_DEADLINE);
        return (int) Math.max(FIRST_WAIT_SECONDS, Math.min(cap, elapsed.toSeconds() / 2));
    }

    /** The longest wait between two polls for this deadline. */
    public static int longestWait(int deadlineMinutes) {
        return (int) Math.max(FIRST_WAIT_SECONDS, deadlineMinutes * 60L / POLLS_PER_DEADLINE);
    }

    /** The most polls one member's wait can take before its deadline: the loop's bound, for the history budget. */
    public static int maxPolls(int deadlineMinutes) {
        long deadline = deadlineMinutes * 60L;
        long elapsed = 0;
        int polls = 1; // the poll right after the reboot, before any wait
        while (elapsed <= deadline) {
            elapsed += nextWait(Duration.ofSeconds(elapsed), deadlineMinutes);
            polls++;
        }
        return polls;
    }
}
