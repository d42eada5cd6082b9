package com.auroracdc.errors;

/** A publication with the configured name exists and was not created by this automation (and adopting it was not asked for). */
public final class ForeignPublicationException extends AutopilotException {
    public ForeignPublicationException(String message) {
        super(message);
    }

    public ForeignPublicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
