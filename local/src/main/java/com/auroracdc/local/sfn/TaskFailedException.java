package com.auroracdc.local.sfn;

/** Fails a Task served by a {@link TaskIntegration} with the given Step Functions error name and cause. */
public final class TaskFailedException extends RuntimeException {
    private final String error;

    public TaskFailedException(String error, String cause) {
        super(cause);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
