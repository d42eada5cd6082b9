package com.auroracdc.errors;

/** The parameter group family is unknown, or a group's family does not match what the cluster needs. */
public final class ParameterGroupFamilyException extends AutopilotException {
    public ParameterGroupFamilyException(String message) {
        super(message);
    }

    public ParameterGroupFamilyException(String message, Throwable cause) {
        super(message, cause);
    }
}
