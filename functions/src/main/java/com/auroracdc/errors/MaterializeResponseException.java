package com.auroracdc.errors;

/**
 * Materialize's HTTP SQL API answered, but not with the documented result: an HTTP status other than success, 401,
 * 403 or a gateway's 502/503/504 (400 and 422: the request was malformed; 500: Materialize failed), a redirect, a
 * body that is not JSON, or JSON of another shape.
 */
public final class MaterializeResponseException extends AutopilotException {
    public MaterializeResponseException(String message) {
        super(message);
    }

    public MaterializeResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
