package com.auroracdc.errors;

/**
 * The teardown found a {@code materialize_} replication slot in use: a Materialize source still streams from the
 * database. Raised before anything is changed; the source must be dropped in Materialize first.
 */
public final class ActiveReplicationSlotException extends AutopilotException {
    public ActiveReplicationSlotException(String message) {
        super(message);
    }

    public ActiveReplicationSlotException(String message, Throwable cause) {
        super(message, cause);
    }
}
