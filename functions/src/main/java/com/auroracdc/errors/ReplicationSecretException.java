package com.auroracdc.errors;

/** The replication user's secret could not be read or written in Secrets Manager (permissions, KMS, quota). */
public final class ReplicationSecretException extends AutopilotException {
    public ReplicationSecretException(String message) {
        super(message);
    }

    public ReplicationSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
