package com.auroracdc.errors;

/**
 * Materialize ran the request and refused one of its statements: an {@code error} inside the HTTP SQL API's
 * {@code results}. Materialize stops at the first error; the statements before it ran (in the API's extended mode DDL
 * commits at once, so they stay). The message quotes Materialize's error text and the statement, with every secret
 * value masked.
 */
public final class MaterializeStatementException extends AutopilotException {
    private final int statementIndex;
    private final String code;

    public MaterializeStatementException(String message, int statementIndex, String code) {
        super(message);
        this.statementIndex = statementIndex;
        this.code = code;
    }

    /** The position (from 0) of the refused statement in the request. */
    public int statementIndex() {
        return statementIndex;
    }

    /** Materialize's SQLSTATE for the error when it gave one (newer versions), else null. */
    public String code() {
        return code;
    }
}
