package com.auroracdc.internal.execution;

/**
 * All a stage is handed: which execution calls it, and the token that proves it. The setup state machine makes the
 * token ({@code States.UUID()} in its Start state) and passes it to every stage; Inspect binds it to the execution's
 * stored context and to the cluster's lease. Everything else a stage needs (settings, cluster facts, progress) it
 * loads from that context, never from its payload. The token appears in no output, log line, event or error.
 */
public record ExecutionHandle(String executionId, String token) {
    /** Logs and exceptions never show the token. */
    @Override
    public String toString() {
        return "ExecutionHandle[executionId=" + executionId + "]";
    }
}
