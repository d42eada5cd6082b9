package com.auroracdc.internal.execution;

import java.time.Instant;

/** Who holds a cluster's lock and until when (never the token). */
public record LockHolder(String executionId, Instant leaseUntil, Instant takenAt) {
    /** The holder id of a brief hold ({@link ExecutionAuthority#holdBriefly}) starts so: no execution ARN does. */
    public static final String BRIEF_PREFIX = "brief:";

    public boolean expired(Instant now) {
        return leaseUntil.isBefore(now);
    }

    /** A brief hold (the failover retarget), not an execution: it ends by itself within seconds. */
    public boolean brief() {
        return executionId != null && executionId.startsWith(BRIEF_PREFIX);
    }
}
