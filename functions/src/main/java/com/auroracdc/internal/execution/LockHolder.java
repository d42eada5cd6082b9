package com.auroracdc.internal.execution;

import java.time.Instant;

/** Who holds a cluster's lock and until when (never the token). */
public record LockHolder(String executionId, Instant leaseUntil, Instant takenAt) {
    public boolean expired(Instant now) {
        return leaseUntil.isBefore(now);
    }
}
