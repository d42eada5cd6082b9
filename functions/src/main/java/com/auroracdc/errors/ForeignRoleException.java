package com.auroracdc.errors;

/** A role with the replication user's name exists and was not created by this automation. */
public final class ForeignRoleException extends AutopilotException {
    public ForeignRoleException(String message) {
        super(message);
    }

    public ForeignRoleException(String message, Throwable cause) {
        super(message, cause);
    }
}
