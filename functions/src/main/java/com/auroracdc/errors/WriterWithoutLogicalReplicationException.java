package com.auroracdc.errors;

/** The writer came back from the setup's reboots still without logical replication: something else overrides it. */
public final class WriterWithoutLogicalReplicationException extends AutopilotException {
    public WriterWithoutLogicalReplicationException(String message) {
        super(message);
    }
}
