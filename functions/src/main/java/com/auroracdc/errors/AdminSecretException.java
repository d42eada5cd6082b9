package com.auroracdc.errors;

/** The admin secret is missing, unreadable or not in the expected format. */
public final class AdminSecretException extends AutopilotException {
    public AdminSecretException(String message) {
        super(message);
    }

    public AdminSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
