package com.auroracdc.errors;

/** An AWS quota (rules per security group, groups per interface, ...) stops the change. */
public final class QuotaExceededException extends AutopilotException {
    public QuotaExceededException(String message) {
        super(message);
    }

    public QuotaExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
