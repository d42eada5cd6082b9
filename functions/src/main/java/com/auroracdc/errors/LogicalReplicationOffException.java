package com.auroracdc.errors;

/** The database does not have logical replication on (wal_level is not logical): the reboot has not taken effect. */
public final class LogicalReplicationOffException extends AutopilotException {
    public LogicalReplicationOffException(String message) {
        super(message);
    }

    public LogicalReplicationOffException(String message, Throwable cause) {
        super(message, cause);
    }
}
