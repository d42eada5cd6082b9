package com.auroracdc.local.run;

import com.auroracdc.errors.ExecutionNotRecognizedException;
import com.auroracdc.internal.execution.Executions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Laptop mode's answer to "is this execution running?": its executions run in this process (aws-local-stepfunctions),
 * not in Step Functions, so the runner registers each one while it runs.
 */
final class LocalExecutions implements Executions {
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    void started(String executionArn) {
        running.add(executionArn);
    }

    void ended(String executionArn, boolean unused) {
        running.remove(executionArn);
    }

    @Override
    public String requireRunning(String executionId, boolean justStarted) {
        if (!running.contains(executionId)) {
            throw new ExecutionNotRecognizedException("Execution " + executionId + " is not running in this laptop run."
                    + " Nothing was changed.");
        }
        return null; // the runner's own executions, in this process: their input is the one it handed them
    }

    @Override
    public boolean ended(String executionId) {
        return !running.contains(executionId);
    }
}
