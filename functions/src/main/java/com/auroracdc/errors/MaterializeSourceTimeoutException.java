package com.auroracdc.errors;

/** The source did not reach running within the setup's bounded wait (still created, starting or paused). */
public final class MaterializeSourceTimeoutException extends AutopilotException {
    public MaterializeSourceTimeoutException(String message) {
        super(message);
    }
}
