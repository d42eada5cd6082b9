package com.auroracdc.errors;

/** The execution input or event is malformed: nothing was changed. */
public final class InvalidInputException extends AutopilotException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
