package com.auroracdc.internal.execution;

/**
 * Whether an execution is running in one of the stack's state machines (setup, teardown): Step Functions in a deployed stack
 * ({@link StepFunctionsExecutions}, which knows the state machine's ARN), the runner's own registry in a laptop run.
 */
public interface Executions {
    /**
     * Throws {@link com.auroracdc.errors.ExecutionNotRecognizedException} unless {@code executionId} is a RUNNING
     * execution of one of the stack's state machines (setup or teardown), the one its ARN names.
     *
     * @param justStarted the execution started a moment ago (Inspect): Step Functions may not describe it yet, which
     *                    is then the retryable {@link com.auroracdc.errors.ExecutionNotVisibleException}
     * @return the input the execution was started with (JSON), or null where the runner does not keep it
     */
    String requireRunning(String executionId, boolean justStarted);

    /**
     * What the execution is for, by the state machine its ARN names (its status is not asked): null when that is none
     * of the stack's. {@link #requireRunning} then confirms it runs there.
     */
    default Purpose purposeOf(String executionId) {
        return Purpose.SETUP;
    }

    /** Whether the execution has ended (any status but RUNNING, PENDING_REDRIVE included in running). */
    boolean ended(String executionId);
}
