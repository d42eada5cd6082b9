package com.auroracdc.errors;

/** A parameter value this automation must raise has a form it cannot raise without risking a lower value, or RDS rejected the value. */
public final class UnsupportedParameterValueException extends AutopilotException {
    public UnsupportedParameterValueException(String message) {
        super(message);
    }

    public UnsupportedParameterValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
