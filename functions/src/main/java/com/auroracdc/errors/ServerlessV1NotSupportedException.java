package com.auroracdc.errors;

/** Aurora Serverless v1 cannot do logical replication. */
public final class ServerlessV1NotSupportedException extends AutopilotException {
    public ServerlessV1NotSupportedException(String message) {
        super(message);
    }

    public ServerlessV1NotSupportedException(String message, Throwable cause) {
        super(message, cause);
    }
}
