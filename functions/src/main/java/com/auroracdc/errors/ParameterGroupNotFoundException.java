package com.auroracdc.errors;

/** The cluster parameter group the cluster uses (or one this automation needs) does not exist. */
public final class ParameterGroupNotFoundException extends AutopilotException {
    public ParameterGroupNotFoundException(String message) {
        super(message);
    }

    public ParameterGroupNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
