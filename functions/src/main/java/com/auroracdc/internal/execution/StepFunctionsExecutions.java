package com.auroracdc.internal.execution;

import com.auroracdc.errors.ExecutionNotRecognizedException;
import com.auroracdc.errors.ExecutionNotVisibleException;
import com.auroracdc.errors.InvalidSettingException;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;

/**
 * Asks Step Functions ({@code DescribeExecution}). That call is eventually consistent ("The results are best effort
 * and may not reflect very recent updates"): an execution started a moment ago may not be found yet (Inspect then
 * fails with a retryable error the state machine retries), and one stopped a moment ago may still read RUNNING (its
 * lease then still guards it: the stack's execution-ended rule releases the lock and every later write fails).
 */
public final class StepFunctionsExecutions implements Executions {
    /** The environment variable naming the stack's setup state machine (template.yaml Globals, built from its name). */
    public static final String SETUP_STATE_MACHINE_VARIABLE = Purpose.SETUP.stateMachineVariable();

    private final SfnClient sfn;
    private final Map<Purpose, String> stateMachines = new EnumMap<>(Purpose.class);

    /** @param stateMachineArn the only state machine whose executions are recognized (for the setup's purpose) */
    public StepFunctionsExecutions(SfnClient sfn, String stateMachineArn) {
        this(sfn, stateMachineArn, null);
    }

    /** @param teardownStateMachineArn the teardown state machine, or null: teardown executions are not recognized */
    public StepFunctionsExecutions(SfnClient sfn, String stateMachineArn, String teardownStateMachineArn) {
        if (stateMachineArn == null || stateMachineArn.isBlank()) {
            throw new InvalidSettingException(SETUP_STATE_MACHINE_VARIABLE, "The environment variable "
                    + SETUP_STATE_MACHINE_VARIABLE + " is not set: it names the setup state machine whose executions alone"
                    + " may act on clusters (template.yaml sets it). Deploy with the template.");
        }
        this.sfn = sfn;
        stateMachines.put(Purpose.SETUP, stateMachineArn);
        if (teardownStateMachineArn != null && !teardownStateMachineArn.isBlank()) {
            stateMachines.put(Purpose.TEARDOWN, teardownStateMachineArn);
        }
    }

    /** The stack's state machines as the function's environment names them (template.yaml Globals). */
    public static StepFunctionsExecutions fromEnvironment(SfnClient sfn, Map<String, String> environment) {
        return new StepFunctionsExecutions(sfn, environment.get(Purpose.SETUP.stateMachineVariable()),
                environment.get(Purpose.TEARDOWN.stateMachineVariable()));
    }

    @Override
    public Purpose purposeOf(String executionId) {
        String machine = stateMachineOf(executionId);
        return stateMachines.entrySet().stream().filter(e -> e.getValue().equals(machine)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    @Override
    public String requireRunning(String executionId, boolean justStarted) {
        Purpose purpose = purposeOf(executionId);
        if (purpose == null) {
            throw notOurs(executionId, "it is not an execution of the state machine"
                    + (stateMachines.size() > 1 ? "s " : " ") + String.join(" or ", stateMachines.values()));
        }
        String stateMachineArn = stateMachines.get(purpose);
        DescribeExecutionResponse execution;
        try {
            execution = sfn.describeExecution(r -> r.executionArn(executionId));
        } catch (ExecutionDoesNotExistException e) {
            if (justStarted) {
                throw new ExecutionNotVisibleException("Step Functions does not describe execution " + executionId
                        + " yet (DescribeExecution is eventually consistent); the state machine tries again shortly.", e);
            }
            throw notOurs(executionId, "Step Functions knows no such execution");
        } catch (InvalidArnException e) {
            throw notOurs(executionId, "it is not an execution ARN");
        }
        if (execution.status() != ExecutionStatus.RUNNING) {
            throw notOurs(executionId, "it is " + execution.statusAsString() + ", not RUNNING");
        }
        if (!sameMachine(stateMachineArn, execution.stateMachineArn())) {
            throw notOurs(executionId, "it runs in " + execution.stateMachineArn() + ", not in " + stateMachineArn);
        }
        return execution.input();
    }

    @Override
    public boolean ended(String executionId) {
        try {
            ExecutionStatus status = sfn.describeExecution(r -> r.executionArn(executionId)).status();
            return status != ExecutionStatus.RUNNING && status != ExecutionStatus.PENDING_REDRIVE;
        } catch (ExecutionDoesNotExistException | InvalidArnException e) {
            return false; // unknown: nothing proves it ended, so its lock stays until its lease runs out
        }
    }

    /** The state machine, or one of its versions or aliases (DescribeExecution answers the ARN the start named). */
    private static boolean sameMachine(String stateMachineArn, String describedStateMachineArn) {
        return stateMachineArn.equals(describedStateMachineArn)
                || describedStateMachineArn != null && describedStateMachineArn.startsWith(stateMachineArn + ":");
    }

    /**
     * The state machine ARN an execution ARN belongs to: {@code arn:aws:states:<region>:<account>:execution:<machine>:<name>}
     * becomes {@code arn:aws:states:<region>:<account>:stateMachine:<machine>}; null when it is not of that shape.
     */
    static String stateMachineOf(String executionArn) {
        String[] parts = executionArn == null ? new String[0] : executionArn.split(":", -1);
        if (parts.length != 8 || !"states".equals(parts[2]) || !"execution".equals(parts[5])) {
            return null;
        }
        return String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], "stateMachine", parts[6]);
    }

    private static ExecutionNotRecognizedException notOurs(String executionId, String why) {
        return new ExecutionNotRecognizedException("Execution " + executionId + " may not act on clusters: " + why
                + ". Nothing was changed. Start an execution of the stack's state machine (aws stepfunctions"
                + " start-execution --state-machine-arn <SetupStateMachineArn, TeardownStateMachineArn or"
                + " DriftStateMachineArn output>) rather than invoking its functions directly.");
    }
}
