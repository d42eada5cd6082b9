package com.auroracdc.errors;

/**
 * This execution no longer holds its cluster's lease: it ran out and another setup took the cluster, or the lock was
 * released because the execution was stopped. The stage changed nothing, and no later stage of this execution will.
 */
public final class LeaseLostException extends AutopilotException {
    public LeaseLostException(String message) {
        super(message);
    }
}
