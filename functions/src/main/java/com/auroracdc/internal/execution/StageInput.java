package com.auroracdc.internal.execution;

/**
 * The input of every stage after Inspect: {@code {"execution": {"executionId": ..., "token": ...}}} as the state
 * machine passes it. Nothing else: a stage loads its settings, facts and progress from the execution's stored context.
 */
public record StageInput(ExecutionHandle execution) {
    /** The handle, or null (the authority then refuses with a named error). */
    public static ExecutionHandle handle(StageInput input) {
        return input == null ? null : input.execution();
    }
}
