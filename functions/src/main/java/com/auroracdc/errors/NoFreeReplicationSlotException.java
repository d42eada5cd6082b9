package com.auroracdc.errors;

/** Every replication slot (max_replication_slots) or WAL sender (max_wal_senders) is in use. */
public final class NoFreeReplicationSlotException extends AutopilotException {
    public NoFreeReplicationSlotException(String message) {
        super(message);
    }

    public NoFreeReplicationSlotException(String message, Throwable cause) {
        super(message, cause);
    }
}
