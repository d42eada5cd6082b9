package com.auroracdc.internal.materialize;

import java.util.Locale;

/**
 * A source's or table's state, as {@code mz_internal.mz_source_statuses.status} words it ("Understand the lifecycle of
 * a source", https://materialize.com/docs/ingest-data/lifecycle-of-a-source/), plus {@link #MISSING} for an object
 * that does not exist. {@code failed} is the older versions' word for an error that does not clear by itself.
 */
public enum SourceState {
    CREATED, STARTING, RUNNING, PAUSED, STALLED, FAILED, DROPPED, MISSING;

    /**
     * The state of a status word. A word this automation does not know (a newer Materialize's) reads as
     * {@link #STARTING}: not running, not an error, so a bounded wait keeps waiting and reports it when it gives up.
     */
    public static SourceState of(String status) {
        if (status == null) {
            return CREATED;
        }
        return switch (status.strip().toLowerCase(Locale.ROOT)) {
            case "created" -> CREATED;
            case "starting" -> STARTING;
            case "running" -> RUNNING;
            case "paused" -> PAUSED;
            case "stalled" -> STALLED;
            case "failed" -> FAILED;
            case "dropped" -> DROPPED;
            default -> STARTING;
        };
    }

    /** Whether the object hit an error: {@code stalled} or {@code failed}. */
    public boolean isError() {
        return this == STALLED || this == FAILED;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
