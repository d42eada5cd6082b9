package com.auroracdc.errors;

/**
 * Materialize refused the credentials (HTTP 401: wrong user or app password) or the request (HTTP 403: e.g. a network
 * policy that does not admit the caller's address). The message never holds the password.
 */
public final class MaterializeAuthenticationException extends AutopilotException {
    public MaterializeAuthenticationException(String message) {
        super(message);
    }

    public MaterializeAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
