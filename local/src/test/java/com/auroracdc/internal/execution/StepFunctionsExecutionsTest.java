package com.auroracdc.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.ExecutionNotRecognizedException;
import com.auroracdc.errors.ExecutionNotVisibleException;
import com.auroracdc.local.sim.SimAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** Whether an execution may act on clusters, as the simulated Step Functions describes it (DescribeExecution). */
class StepFunctionsExecutionsTest {
    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:cdc-setup";
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:cdc-setup:run-1";
    private static final String INPUT = "{\"clusterIdentifier\": \"orders\"}";

    private final SimAws sim = SimAws.create();
    private final StepFunctionsExecutions executions = new StepFunctionsExecutions(sim.sfn(), MACHINE);

    /** run-1 of our state machine, started elsewhere (as by the state machine's own start). */
    private String running() {
        String[] arn = new String[1];
        sim.unrecorded(() -> arn[0] = sim.sfn().registerExecution(MACHINE, "run-1", INPUT));
        assertThat(arn[0]).isEqualTo(EXECUTION);
        return arn[0];
    }

    /**
     * The simulator starts executions of unqualified state machine ARNs only: this view of it answers DescribeExecution
     * with another state machine ARN, as Step Functions does for an execution started through a version or an alias
     * ({@code MACHINE:live}), and as no execution of ours can (a state machine named like ours plus a suffix).
     */
    private SfnClient describingStateMachine(String stateMachineArn) {
        return new SfnClient() {
            @Override
            public DescribeExecutionResponse describeExecution(DescribeExecutionRequest request) {
                return sim.sfn().describeExecution(request).toBuilder().stateMachineArn(stateMachineArn).build();
            }

            @Override
            public String serviceName() {
                return "states";
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void requireRunning_aRunningExecutionOfOurStateMachine_passes() {
        running();

        assertThatCode(() -> executions.requireRunning(EXECUTION, false)).doesNotThrowAnyException();
        assertThat(sim.callCount("DescribeExecution")).isOne();
    }

    @Test
    void requireRunning_answersTheInputTheExecutionStartedWith() {
        running();

        assertThat(executions.requireRunning(EXECUTION, true)).isEqualTo(INPUT);
    }

    @Test
    void requireRunning_startedThroughAVersionOrAlias_passes() {
        running();

        assertThatCode(() -> new StepFunctionsExecutions(describingStateMachine(MACHINE + ":live"), MACHINE)
                .requireRunning(EXECUTION, false)).doesNotThrowAnyException();
    }

    @Test
    void requireRunning_anEndedExecution_isRefusedNamingItsStatus() {
        sim.sfn().finishExecution(running(), ExecutionStatus.ABORTED);

        assertThatThrownBy(() -> executions.requireRunning(EXECUTION, false))
                .isInstanceOf(ExecutionNotRecognizedException.class).hasMessageContaining("ABORTED, not RUNNING")
                .hasMessageContaining("Nothing was changed");
    }

    @Test
    void requireRunning_anotherStateMachineWhoseNameStartsLikeOurs_isRefused() {
        running();

        assertThatThrownBy(() -> new StepFunctionsExecutions(describingStateMachine(MACHINE + "-copy"), MACHINE)
                .requireRunning(EXECUTION, false))
                .isInstanceOf(ExecutionNotRecognizedException.class).hasMessageContaining("not in " + MACHINE);
    }

    @Test
    void requireRunning_anExecutionOfAnotherStateMachine_isRefusedWithoutAsking() {
        String other = MACHINE.replace(":cdc-setup", ":other");
        String[] arn = new String[1];
        sim.unrecorded(() -> arn[0] = sim.sfn().registerExecution(other, "run-1", INPUT));
        String copy = MACHINE + "-copy";
        String[] copyArn = new String[1];
        sim.unrecorded(() -> copyArn[0] = sim.sfn().registerExecution(copy, "run-1", INPUT));

        assertThatThrownBy(() -> executions.requireRunning(arn[0], false)).isInstanceOf(ExecutionNotRecognizedException.class);
        assertThatThrownBy(() -> executions.requireRunning(copyArn[0], false))
                .isInstanceOf(ExecutionNotRecognizedException.class);
        assertThatThrownBy(() -> executions.requireRunning("run-1", false))
                .isInstanceOf(ExecutionNotRecognizedException.class);
        assertThat(sim.callCount()).isZero();
    }

    @Test
    void requireRunning_unknownExecution_isRetryableOnlyRightAfterItStarted() {
        assertThatThrownBy(() -> executions.requireRunning(EXECUTION, true)).isInstanceOf(ExecutionNotVisibleException.class);
        assertThatThrownBy(() -> executions.requireRunning(EXECUTION, false))
                .isInstanceOf(ExecutionNotRecognizedException.class).hasMessageContaining("knows no such execution");
        assertThat(sim.calls()).extracting(c -> c.outcome()).containsExactly("ExecutionDoesNotExist", "ExecutionDoesNotExist");
    }

    @Test
    void ended_onlyWhatStepFunctionsDescribesAsEnded() {
        String arn = running();
        assertThat(executions.ended(arn)).isFalse();

        sim.sfn().finishExecution(arn, ExecutionStatus.TIMED_OUT);
        assertThat(executions.ended(arn)).isTrue();
    }

    @Test
    void ended_unknownExecution_isNotProvenEnded() {
        assertThat(executions.ended(EXECUTION)).isFalse();
    }

    @Test
    void purposeOf_isTheStateMachineTheArnNames_andATeardownRunsOnlyWhereOneIsConfigured() {
        String teardownMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:cdc-teardown";
        String[] teardown = new String[1];
        sim.unrecorded(() -> teardown[0] = sim.sfn().registerExecution(teardownMachine, "t-1", INPUT));
        StepFunctionsExecutions both = new StepFunctionsExecutions(sim.sfn(), MACHINE, teardownMachine);

        assertThat(both.purposeOf(EXECUTION)).isEqualTo(Purpose.SETUP);
        assertThat(both.purposeOf(teardown[0])).isEqualTo(Purpose.TEARDOWN);
        assertThat(both.purposeOf("arn:aws:states:us-east-1:123456789012:execution:other:x")).isNull();
        assertThatCode(() -> both.requireRunning(teardown[0], false)).doesNotThrowAnyException();
        assertThat(executions.purposeOf(teardown[0])).as("no teardown state machine configured").isNull();
        assertThatThrownBy(() -> executions.requireRunning(teardown[0], false))
                .isInstanceOf(ExecutionNotRecognizedException.class);
    }

    @Test
    void requireRunning_anExecutionDescribedInTheOtherStateMachine_isRefused() {
        String teardownMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:cdc-teardown";
        running();

        assertThatThrownBy(() -> new StepFunctionsExecutions(describingStateMachine(teardownMachine), MACHINE, teardownMachine)
                .requireRunning(EXECUTION, false)).isInstanceOf(ExecutionNotRecognizedException.class)
                .hasMessageContaining("runs in " + teardownMachine);
    }
}
