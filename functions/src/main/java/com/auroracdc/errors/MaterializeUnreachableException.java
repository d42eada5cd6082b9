package com.auroracdc.errors;

/**
 * Materialize's HTTP SQL API could not be reached or did not answer in time: the host name does not resolve, the
 * connection was refused or broke, the connect or request timeout passed, or a gateway answered 502, 503 or 504 for
 * the region. Worth retrying; a statement whose answer timed out may still have run.
 */
public final class MaterializeUnreachableException extends AutopilotException {
    public MaterializeUnreachableException(String message) {
        super(message);
    }

    public MaterializeUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
