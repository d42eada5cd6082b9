package com.auroracdc.local.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Simulated Step Functions StartExecution (what the drift check's repair calls): records executions,
 * nothing runs. A name already used with the same input returns the same execution (idempotent, as for a
 * running Standard execution); with another input it fails with ExecutionAlreadyExists.
 */
public final class SimSfn implements SfnClient {
    private static final Pattern STATE_MACHINE_ARN = Pattern.compile("^arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,80}$");

    /** A started execution. */
    public record StartedExecution(Instant startDate, String stateMachineArn, String name, String executionArn, String input) {
    }

    private final SimAws aws;
    private final List<StartedExecution> started = new ArrayList<>();

    SimSfn(SimAws aws) {
        this.aws = aws;
    }

    @Override
    public String serviceName() {
        return "states";
    }

    @Override
    public void close() {
    }

    public List<StartedExecution> startedExecutions() {
        return aws.locked(() -> List.copyOf(started));
    }

    @Override
    public StartExecutionResponse startExecution(StartExecutionRequest request) {
        return aws.call("sfn", "StartExecution", SimAws.Kind.EVENT, request, SimSfn::error, (Supplier<StartExecutionResponse>) () -> {
            String machine = request.stateMachineArn();
            if (machine == null || !STATE_MACHINE_ARN.matcher(machine).matches()) {
                throw error("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + machine + "'", 400);
            }
            String name = request.name() != null ? request.name() : aws.newUuid();
            if (!NAME.matcher(name).matches()) {
                throw error("InvalidName", "Invalid Name: '" + name + "'", 400);
            }
            String input = request.input() == null ? "{}" : request.input();
            String executionArn = machine.replace(":stateMachine:", ":execution:") + ":" + name;
            for (StartedExecution execution : started) {
                if (execution.executionArn().equals(executionArn)) {
                    if (execution.input().equals(input)) {
                        return StartExecutionResponse.builder().executionArn(executionArn).startDate(execution.startDate()).build();
                    }
                    throw error("ExecutionAlreadyExists", "Execution Already Exists: '" + executionArn + "'", 400);
                }
            }
            StartedExecution execution = new StartedExecution(aws.clock().instant(), machine, name, executionArn, input);
            started.add(execution);
            return StartExecutionResponse.builder().executionArn(executionArn).startDate(execution.startDate()).build();
        });
    }

    static AwsServiceException error(String code, String message, int status) {
        AwsServiceException.Builder builder = switch (code) {
            case "ExecutionAlreadyExists" -> ExecutionAlreadyExistsException.builder();
            case "InvalidArn" -> InvalidArnException.builder();
            case "InvalidName" -> InvalidNameException.builder();
            default -> SfnException.builder();
        };
        return SimAws.build(builder, "Sfn", code, message, status);
    }
}
