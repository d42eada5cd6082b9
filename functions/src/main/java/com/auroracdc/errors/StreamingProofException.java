package com.auroracdc.errors;

/** The proof that changes stream through the publication failed: the logical message was not read back. */
public final class StreamingProofException extends AutopilotException {
    public StreamingProofException(String message) {
        super(message);
    }

    public StreamingProofException(String message, Throwable cause) {
        super(message, cause);
    }
}
