package com.auroracdc.local.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Simulated Step Functions, as far as the automation touches it: StartExecution (the drift check's
 * repair), ListExecutions and DescribeExecution (the setup's per-cluster lock). Nothing runs: executions
 * stay RUNNING until {@link #finishExecution(String, ExecutionStatus)}. A name already used with the same
 * input returns the same execution; with another input it fails with ExecutionAlreadyExists.
 */
public final class SimSfn implements SfnClient {
    private static final Pattern STATE_MACHINE_ARN = Pattern.compile("^arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,80}$");

    /** An execution as the simulator knows it. */
    public record Execution(String executionArn, String stateMachineArn, String name, String input, ExecutionStatus status,
                            Instant startDate, Instant stopDate) {
    }

    private final SimAws aws;
    private final List<Execution> executions = new ArrayList<>();

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

    // ---- simulator controls (not AWS API) ----------------------------------------------------------

    /** Every execution started or registered so far, oldest first. */
    public List<Execution> executions() {
        return aws.locked(() -> List.copyOf(executions));
    }

    /** Makes a RUNNING execution exist, as if started elsewhere (e.g. by the local runner's interpreter); returns its ARN. */
    public String registerExecution(String stateMachineArn, String name, String input) {
        return aws.locked(() -> start(stateMachineArn, name, input).executionArn());
    }

    /** Ends an execution (SUCCEEDED, FAILED, TIMED_OUT, ABORTED). */
    public void finishExecution(String executionArn, ExecutionStatus status) {
        aws.locked(() -> {
            Execution e = find(executionArn);
            executions.set(executions.indexOf(e), new Execution(e.executionArn(), e.stateMachineArn(), e.name(), e.input(),
                    status, e.startDate(), aws.clock().instant()));
            return null;
        });
    }

    // ---- API ---------------------------------------------------------------------------------------

    @Override
    public StartExecutionResponse startExecution(StartExecutionRequest request) {
        return aws.call("sfn", "StartExecution", SimAws.Kind.EVENT, request, SimSfn::error, (Supplier<StartExecutionResponse>) () -> {
            Execution execution = start(request.stateMachineArn(), request.name(), request.input());
            return StartExecutionResponse.builder().executionArn(execution.executionArn()).startDate(execution.startDate()).build();
        });
    }

    @Override
    public ListExecutionsResponse listExecutions(ListExecutionsRequest request) {
        return aws.call("sfn", "ListExecutions", SimAws.Kind.READ, request, SimSfn::error, (Supplier<ListExecutionsResponse>) () -> {
            validArn(request.stateMachineArn());
            int maxResults = request.maxResults() == null || request.maxResults() == 0 ? 100 : request.maxResults();
            if (maxResults < 0 || maxResults > 1000) {
                throw error("ValidationException", "maxResults must be between 0 and 1000", 400);
            }
            List<Execution> matching = executions.stream()
                    .filter(e -> e.stateMachineArn().equals(request.stateMachineArn()))
                    .filter(e -> request.statusFilter() == null || e.status() == request.statusFilter())
                    .sorted(Comparator.comparing(Execution::startDate).reversed()) // most recent first, as Step Functions lists them
                    .toList();
            SimAws.Page<Execution> page = aws.page(matching, maxResults, request.nextToken(),
                    token -> error("InvalidToken", "Invalid Token: '" + token + "'", 400));
            return ListExecutionsResponse.builder()
                    .executions(page.items().stream().map(e -> ExecutionListItem.builder()
                            .executionArn(e.executionArn())
                            .stateMachineArn(e.stateMachineArn())
                            .name(e.name())
                            .status(e.status())
                            .startDate(e.startDate())
                            .stopDate(e.stopDate())
                            .build()).toList())
                    .nextToken(page.nextToken())
                    .build();
        });
    }

    @Override
    public DescribeExecutionResponse describeExecution(DescribeExecutionRequest request) {
        return aws.call("sfn", "DescribeExecution", SimAws.Kind.READ, request, SimSfn::error, (Supplier<DescribeExecutionResponse>) () -> {
            Execution e = find(request.executionArn());
            return DescribeExecutionResponse.builder()
                    .executionArn(e.executionArn())
                    .stateMachineArn(e.stateMachineArn())
                    .name(e.name())
                    .status(e.status())
                    .startDate(e.startDate())
                    .stopDate(e.stopDate())
                    .input(e.input())
                    .build();
        });
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private Execution start(String machine, String requestedName, String requestedInput) {
        validArn(machine);
        String name = requestedName != null ? requestedName : aws.newUuid();
        if (!NAME.matcher(name).matches()) {
            throw error("InvalidName", "Invalid Name: '" + name + "'", 400);
        }
        String input = requestedInput == null ? "{}" : requestedInput;
        String executionArn = machine.replace(":stateMachine:", ":execution:") + ":" + name;
        for (Execution execution : executions) {
            if (execution.executionArn().equals(executionArn)) {
                if (execution.input().equals(input) && execution.status() == ExecutionStatus.RUNNING) {
                    return execution;
                }
                throw error("ExecutionAlreadyExists", "Execution Already Exists: '" + executionArn + "'", 400);
            }
        }
        Execution execution = new Execution(executionArn, machine, name, input, ExecutionStatus.RUNNING, aws.clock().instant(), null);
        executions.add(execution);
        return execution;
    }

    private void validArn(String machine) {
        if (machine == null || !STATE_MACHINE_ARN.matcher(machine).matches()) {
            throw error("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + machine + "'", 400);
        }
    }

    private Execution find(String executionArn) {
        return executions.stream().filter(e -> e.executionArn().equals(executionArn)).findFirst()
                .orElseThrow(() -> error("ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'", 400));
    }

    static AwsServiceException error(String code, String message, int status) {
        AwsServiceException.Builder builder = switch (code) {
            case "ExecutionAlreadyExists" -> ExecutionAlreadyExistsException.builder();
            case "ExecutionDoesNotExist" -> ExecutionDoesNotExistException.builder();
            case "InvalidArn" -> InvalidArnException.builder();
            case "InvalidName" -> InvalidNameException.builder();
            case "InvalidToken" -> InvalidTokenException.builder();
            default -> SfnException.builder();
        };
        return SimAws.build(builder, "Sfn", code, message, status);
    }
}
