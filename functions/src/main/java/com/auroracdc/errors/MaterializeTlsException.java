package com.auroracdc.errors;

/**
 * TLS to Materialize failed: its certificate does not chain to a trusted CA, does not name the host that was
 * connected to, or TLS could not be negotiated. Never retried with weaker checks.
 */
public final class MaterializeTlsException extends AutopilotException {
    public MaterializeTlsException(String message) {
        super(message);
    }

    public MaterializeTlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
