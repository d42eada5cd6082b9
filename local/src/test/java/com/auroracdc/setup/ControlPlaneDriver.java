package com.auroracdc.setup;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.execution.ExecutionHandle;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.inspect.InspectRequest;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.reboot.RebootSchedule;
import com.auroracdc.internal.report.ReportRequest;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.lambda.AwaitRebootHandler;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import com.auroracdc.local.sim.SimFunctions;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Runs the control-plane stages (Inspect → ParameterGroup → SecurityGroup → Reboot → AwaitReboot loop) in
 * the state machine's order against the simulator, through each handler's JSON boundary as Lambda would,
 * and records which AWS operations each function called (for the IAM coverage test).
 */
final class ControlPlaneDriver {
    static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:aurora-cdc-autopilot-setup";
    private static final String PARAMETER = "/aurora-cdc-autopilot/aurora-cdc-autopilot/stack-settings";

    private final SimAws sim;
    private final Map<String, String> environment;
    private final Map<String, java.util.Set<String>> operationsByFunction = new TreeMap<>();
    private Map<String, RequestStreamHandler> functions;
    private int executions;

    ControlPlaneDriver(SimAws sim, Map<String, String> environment) {
        this.sim = sim;
        this.environment = environment;
    }

    /** The stack's database-function security group in the cluster's VPC (created once per simulator, unrecorded). */
    static String databaseFunctionSecurityGroup(SimAws sim, String vpc) {
        var existing = sim.ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("autopilot-database-function"),
                f -> f.name("vpc-id").values(vpc))).securityGroups();
        if (!existing.isEmpty()) {
            return existing.getFirst().groupId();
        }
        String[] id = new String[1];
        sim.unrecorded(() -> id[0] = sim.ec2().seedSecurityGroup(vpc, "autopilot-database-function",
                "Aurora CDC Autopilot database function", Map.of()));
        return id[0];
    }

    /**
     * For fault injection: (shape, n, timing) for each mutating call n that one whole run makes on {@code sim} (a fresh
     * simulator holding the cluster), with each fault timing.
     */
    static Stream<Arguments> everyMutatingCall(Object shape, SimAws sim, String clusterId) {
        new ControlPlaneDriver(sim).run(clusterId, false);
        long writes = sim.mutatingCallCount();
        return IntStream.rangeClosed(1, (int) writes).boxed()
                .flatMap(n -> Arrays.stream(SimAws.FaultTiming.values()).map(timing -> Arguments.of(shape, n, timing)));
    }

    ControlPlaneDriver(SimAws sim) {
        this(sim, Map.of());
    }

    record Run(SetupContext context, List<StageResult> stages) {
        List<String> applied() {
            return stages.stream().flatMap(s -> s.applied().stream()).toList();
        }

        List<String> planned() {
            return stages.stream().flatMap(s -> s.planned().stream()).toList();
        }
    }

    /**
     * One execution of the control-plane part of the setup; exceptions propagate as a Fail state would see them. The
     * execution is registered as RUNNING in the simulated Step Functions (the stages check it) and, whatever happens,
     * ends with its Report, unrecorded (it releases the lease and writes the record as a real execution's does).
     */
    Run run(String input) {
        String name = "run-" + (++executions);
        String executionId = sim.sfn().registerExecution(STATE_MACHINE_ARN, name, input);
        ExecutionHandle handle = new ExecutionHandle(executionId, UUID.randomUUID().toString());
        RuntimeException failure = null;
        try {
            return run(input, handle);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            RuntimeException failed = failure;
            sim.unrecorded(() -> {
                try {
                    SimFunctions.invoke(functions().get("ReportFunction"), new ReportRequest(parse(input), handle,
                            failed == null ? null : new ReportRequest.CaughtError(failed.getClass().getName(), "{}")));
                } catch (RuntimeException e) {
                    // the run's own outcome is what the test looks at; a report that fails too changes nothing of it
                }
                sim.sfn().finishExecution(executionId, failed == null ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED);
            });
        }
    }

    private Run run(String input, ExecutionHandle handle) {
        sim.unrecorded(() -> deploy(input));
        StageInput stage = new StageInput(handle);
        SetupContext context = invoke("Inspect", new InspectRequest(parse(input), handle, sim.clock().instant().toString()),
                SetupContext.class);
        List<StageResult> stages = new ArrayList<>();
        stages.add(invoke("ParameterGroup", stage, StageResult.class));
        stages.add(invoke("SecurityGroup", stage, StageResult.class));
        stages.add(reboot(context, stage));
        return new Run(context, stages);
    }

    /** The setup's functions wired to the simulator, reading the stack settings {@link #deploy} writes. */
    private Map<String, RequestStreamHandler> functions() {
        if (functions == null) {
            functions = SimFunctions.setup(sim, STATE_MACHINE_ARN, StackSettings.fromParameter(sim.ssm(), PARAMETER, Map.of()),
                    new com.auroracdc.internal.database.PgConnector(com.auroracdc.internal.database.Timeouts.defaults()));
        }
        return functions;
    }

    /**
     * The stack settings as deployed (the SSM parameter Inspect reads once per execution): this driver's environment,
     * the setup state machine's ARN, and the database function's group in the VPC of the cluster the input names.
     */
    private void deploy(String input) {
        Map<String, String> deployed = new java.util.HashMap<>(environment);
        String cluster = parse(input).path("clusterIdentifier").asText("");
        var instances = sim.rds().describeDBInstances(r -> r.filters(f -> f.name("db-cluster-id").values(cluster))).dbInstances();
        instances.stream().filter(i -> i.dbSubnetGroup() != null).findFirst().ifPresent(instance -> deployed.putIfAbsent(
                com.auroracdc.internal.securitygroup.DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE,
                databaseFunctionSecurityGroup(sim, instance.dbSubnetGroup().vpcId())));
        sim.ssm().deploy(PARAMETER, StackSettings.encode(deployed));
    }

    /** The state machine's Reboot loop: decide, wait as the decision says (advancing the simulated clock), decide again. */
    private StageResult reboot(SetupContext context, StageInput stage) {
        StageResult reboot = null;
        for (int round = 0; round < 1_000; round++) {
            reboot = invoke("Reboot", stage, StageResult.class);
            if (context.dryRun()) {
                return reboot;
            }
            switch (reboot.facts().get("action")) {
                case "await" -> {
                    AwaitRebootHandler.Status status = await(stage);
                    while (!status.done()) {
                        sim.clock().advance(Duration.ofSeconds(status.waitSeconds())); // the state machine's Wait state
                        status = await(stage);
                    }
                }
                case "settle" -> sim.clock().advance(Duration.ofSeconds(RebootSchedule.SETTLE_WAIT_SECONDS));
                case "wait-for-window" -> sim.clock().set(java.time.Instant.parse(reboot.facts().get("waitUntil")));
                default -> {
                    return reboot;
                }
            }
        }
        throw new IllegalStateException("the reboot loop did not end: " + reboot);
    }

    private AwaitRebootHandler.Status await(StageInput stage) {
        return invoke("AwaitReboot", stage, AwaitRebootHandler.Status.class);
    }

    /** Another setup, still running, holds {@code cluster}'s lease (the cluster need not exist). */
    void hold(String cluster) {
        com.auroracdc.internal.execution.SimExecutions.holdAsRunningSetup(sim, cluster);
    }

    Run run(String clusterId, boolean dryRun) {
        return run("{\"clusterIdentifier\": \"" + clusterId + "\", \"dryRun\": " + dryRun + "}");
    }

    private <T> T unrecorded(java.util.function.Supplier<T> action) {
        Object[] result = new Object[1];
        sim.unrecorded(() -> result[0] = action.get());
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    Map<String, java.util.Set<String>> operationsByFunction() {
        return operationsByFunction;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Serialises the input and reads the output back exactly as Lambda does, attributing the AWS calls made. */
    private <O> O invoke(String function, Object input, Class<O> outputType) {
        int before = sim.calls().size();
        try {
            return SimFunctions.invoke(functions().get(function + "Function"), input, outputType);
        } finally {
            List<SimCall> calls = sim.calls();
            var operations = operationsByFunction.computeIfAbsent(function, f -> new TreeSet<>());
            calls.subList(before, calls.size()).forEach(call -> operations.addAll(iamActions(call)));
        }
    }

    /**
     * The IAM actions a call needs: TransactWriteItems is authorized item by item, as PutItem, UpdateItem, DeleteItem or
     * ConditionCheckItem ("Using IAM with DynamoDB transactions").
     */
    static List<String> iamActions(SimCall call) {
        if (call.request() instanceof software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest transaction) {
            return transaction.transactItems().stream().map(item -> "dynamodb:" + (item.put() != null ? "PutItem"
                    : item.update() != null ? "UpdateItem" : item.delete() != null ? "DeleteItem" : "ConditionCheckItem"))
                    .distinct().toList();
        }
        return List.of(iamAction(call));
    }

    static String iamAction(SimCall call) {
        String prefix = switch (call.service()) {
            case "eventbridge" -> "events";
            case "sfn" -> "states";
            case "elbv2" -> "elasticloadbalancing";
            default -> call.service();
        };
        return prefix + ":" + call.operation();
    }
}
