package com.auroracdc.errors;

/** The admin user lacks a privilege the stage needs (table ownership, CREATEROLE, publication rights). */
public final class DatabasePrivilegeException extends AutopilotException {
    public DatabasePrivilegeException(String message) {
        super(message);
    }

    public DatabasePrivilegeException(String message, Throwable cause) {
        super(message, cause);
    }
}
