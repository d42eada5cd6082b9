package com.auroracdc.internal.reboot;

import java.time.Instant;
import java.util.List;

/**
 * What the wait loop waits for, stored by the Reboot stage in the execution's context (AwaitReboot reads it there,
 * never from its payload).
 *
 * @param targets    the members waited for
 * @param ourReboot  true when the stage rebooted them (done: available and in-sync); false when they were busy for
 *                   another reason before any reboot of ours (done: available; the next decision then reboots them)
 * @param startedAt  when the wait began (ISO-8601)
 * @param deadline   past it, RebootTimeoutException (ISO-8601)
 */
public record Awaiting(List<String> targets, boolean ourReboot, String startedAt, String deadline) {
    public static final String KEY = "awaiting";

    public Awaiting {
        targets = List.copyOf(targets);
    }

    public static Awaiting of(List<String> targets, boolean ourReboot, Instant startedAt, Instant deadline) {
        return new Awaiting(targets, ourReboot, startedAt.toString(), deadline.toString());
    }

    public Instant deadlineInstant() {
        return Instant.parse(deadline);
    }

    public Instant startedAtInstant() {
        return Instant.parse(startedAt);
    }

    /** Whether this member has come back as the wait requires. */
    public boolean done(MemberState member) {
        return member.available() && (!ourReboot || member.inSync());
    }
}
