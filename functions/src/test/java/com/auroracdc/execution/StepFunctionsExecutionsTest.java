package com.auroracdc.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.auroracdc.errors.ExecutionNotRecognizedException;
import com.auroracdc.errors.ExecutionNotVisibleException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

class StepFunctionsExecutionsTest {
    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:cdc-setup";
    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:cdc-setup:run-1";

    private final SfnClient sfn = mock(SfnClient.class);
    private final StepFunctionsExecutions executions = new StepFunctionsExecutions(sfn, MACHINE);

    @SuppressWarnings("unchecked")
    private void describes(ExecutionStatus status, String stateMachineArn) {
        when(sfn.describeExecution(any(Consumer.class))).thenReturn(DescribeExecutionResponse.builder()
                .executionArn(EXECUTION).status(status).stateMachineArn(stateMachineArn).input("{\"clusterIdentifier\": \"orders\"}")
                .build());
    }

    @SuppressWarnings("unchecked")
    private void describesNothing() {
        when(sfn.describeExecution(any(Consumer.class))).thenThrow(ExecutionDoesNotExistException.builder().message("no").build());
    }

    @Test
    void requireRunning_aRunningExecutionOfOurStateMachine_passes() {
        describes(ExecutionStatus.RUNNING, MACHINE);

        assertThatCode(() -> executions.requireRunning(EXECUTION, false)).doesNotThrowAnyException();
    }

    @Test
    void requireRunning_answersTheInputTheExecutionStartedWith() {
        describes(ExecutionStatus.RUNNING, MACHINE);

        assertThat(executions.requireRunning(EXECUTION, true)).isEqualTo("{\"clusterIdentifier\": \"orders\"}");
    }

    @Test
    void requireRunning_startedThroughAVersionOrAlias_passes() {
        describes(ExecutionStatus.RUNNING, MACHINE + ":live");

        assertThatCode(() -> executions.requireRunning(EXECUTION, false)).doesNotThrowAnyException();
    }

    @Test
    void requireRunning_anEndedExecution_isRefusedNamingItsStatus() {
        describes(ExecutionStatus.ABORTED, MACHINE);

        assertThatThrownBy(() -> executions.requireRunning(EXECUTION, false))
                .isInstanceOf(ExecutionNotRecognizedException.class).hasMessageContaining("ABORTED, not RUNNING")
                .hasMessageContaining("Nothing was changed");
    }

    @Test
    void requireRunning_anotherStateMachineWhoseNameStartsLikeOurs_isRefused() {
        describes(ExecutionStatus.RUNNING, MACHINE + "-copy");

        assertThatThrownBy(() -> executions.requireRunning(EXECUTION, false))
                .isInstanceOf(ExecutionNotRecognizedException.class).hasMessageContaining("not in " + MACHINE);
    }

    @Test
    void requireRunning_anExecutionArnOfAnotherStateMachine_isRefusedWithoutAsking() {
        assertThatThrownBy(() -> executions.requireRunning(
                "arn:aws:states:us-east-1:123456789012:execution:other:run-1", false))
                .isInstanceOf(ExecutionNotRecognizedException.class);
        assertThatThrownBy(() -> executions.requireRunning("run-1", false))
                .isInstanceOf(ExecutionNotRecognizedException.class);
        verify(sfn, never()).describeExecution(any(DescribeExecutionRequest.class));
    }

    @Test
    void requireRunning_unknownExecution_isRetryableOnlyRightAfterItStarted() {
        describesNothing();

        assertThatThrownBy(() -> executions.requireRunning(EXECUTION, true)).isInstanceOf(ExecutionNotVisibleException.class);
        assertThatThrownBy(() -> executions.requireRunning(EXECUTION, false))
                .isInstanceOf(ExecutionNotRecognizedException.class).hasMessageContaining("knows no such execution");
    }

    @Test
    void ended_onlyWhatStepFunctionsDescribesAsEnded() {
        describes(ExecutionStatus.TIMED_OUT, MACHINE);
        assertThat(executions.ended(EXECUTION)).isTrue();

        describes(ExecutionStatus.RUNNING, MACHINE);
        assertThat(executions.ended(EXECUTION)).isFalse();
    }

    @Test
    void ended_unknownExecution_isNotProvenEnded() {
        describesNothing();

        assertThat(executions.ended(EXECUTION)).isFalse();
    }
}
