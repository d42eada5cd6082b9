package com.auroracdc.internal.execution;

/**
 * Whether an execution is running in the stack's setup state machine: Step Functions in a deployed stack
 * ({@link StepFunctionsExecutions}, which knows the state machine's ARN), the runner's own registry in a laptop run.
 */
public interface Executions {
    /**
     * Throws {@link com.auroracdc.errors.ExecutionNotRecognizedException} unless {@code executionId} is a RUNNING
     * execution of the stack's setup state machine.
     *
     * @param justStarted the execution started a moment ago (Inspect): Step Functions may not describe it yet, which
     *                    is then the retryable {@link com.auroracdc.errors.ExecutionNotVisibleException}
     * @return the input the execution was started with (JSON), or null where the runner does not keep it
     */
    String requireRunning(String executionId, boolean justStarted);

    /** Whether the execution has ended (any status but RUNNING, PENDING_REDRIVE included in running). */
    boolean ended(String executionId);
}
