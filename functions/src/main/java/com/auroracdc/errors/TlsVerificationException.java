package com.auroracdc.errors;

/** TLS to the database failed: the server refused TLS, its certificate does not chain to the trusted CA, or its name does not match the host. */
public final class TlsVerificationException extends AutopilotException {
    public TlsVerificationException(String message) {
        super(message);
    }

    public TlsVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
