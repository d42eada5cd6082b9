package com.auroracdc.errors;

/** The database refused the admin credentials (wrong user or password, or pg_hba rejects the client). */
public final class DatabaseAuthenticationException extends AutopilotException {
    public DatabaseAuthenticationException(String message) {
        super(message);
    }

    public DatabaseAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
