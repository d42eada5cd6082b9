package com.auroracdc.internal.execution;

/**
 * An execution's context as the table holds it: the hash of the token it was stored with, and its version, which
 * every save checks and increments (two attempts of one stage never overwrite each other's progress unseen).
 */
public record StoredContext(ExecutionContext context, String tokenHash, long version) {
}
