package com.auroracdc.setup;

import com.auroracdc.cluster.SetupContext;
import com.auroracdc.inspect.InspectHandler;
import com.auroracdc.inspect.InspectRequest;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import com.auroracdc.parametergroup.ParameterGroupHandler;
import com.auroracdc.reboot.AwaitRebootHandler;
import com.auroracdc.reboot.RebootCheck;
import com.auroracdc.reboot.RebootHandler;
import com.auroracdc.reboot.RebootInput;
import com.auroracdc.reboot.RebootSchedule;
import com.auroracdc.securitygroup.SecurityGroupHandler;
import com.auroracdc.settings.StackSettings;
import com.auroracdc.stage.Json;
import com.auroracdc.stage.JsonHandler;
import com.auroracdc.stage.StageInput;
import com.auroracdc.stage.StageResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Runs the control-plane stages (Inspect → ParameterGroup → SecurityGroup → Reboot → AwaitReboot loop) in
 * the state machine's order against the simulator, through each handler's JSON boundary as Lambda would,
 * and records which AWS operations each function called (for the IAM coverage test).
 */
final class ControlPlaneDriver {
    static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:aurora-cdc-autopilot-setup";

    private final SimAws sim;
    private final Map<String, String> environment;
    private final Map<String, java.util.Set<String>> operationsByFunction = new TreeMap<>();
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

    /** One execution of the control-plane part of the setup; exceptions propagate as a Fail state would see them. */
    Run run(String input) {
        String executionId = STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:") + ":run-" + (++executions);
        var state = com.auroracdc.local.sim.StateTable.of(sim);
        try {
            return run(input, executionId, state);
        } finally {
            // what Report or ReportFailure does at the end of every execution
            sim.unrecorded(() -> lockedCluster(input).ifPresent(cluster -> state.releaseLock(cluster, executionId)));
        }
    }

    private java.util.Optional<String> lockedCluster(String input) {
        try {
            return java.util.Optional.of(com.auroracdc.inspect.SetupRequest.parse(Json.MAPPER.valueToTree(parse(input)),
                    new com.auroracdc.settings.SettingsResolver(environment).triggerTagKey()).clusterIdentifier());
        } catch (RuntimeException e) {
            return java.util.Optional.empty(); // an input naming no cluster takes no lock
        }
    }

    private Run run(String input, String executionId, com.auroracdc.clusterstate.ClusterStateTable state) {
        // The stack settings as deployed: the SSM parameter each function reads per invocation.
        StackSettings stack = deploy(environment);
        SetupContext context = invoke("Inspect", new InspectHandler(sim.rds(), state, stack),
                new InspectRequest(Json.MAPPER.valueToTree(parse(input)), executionId, sim.clock().instant().toString()),
                SetupContext.class);
        Map<String, String> withGroup = new java.util.HashMap<>(environment);
        withGroup.put(com.auroracdc.securitygroup.DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE,
                unrecorded(() -> databaseFunctionSecurityGroup(sim, context.cluster().vpcId())));
        stack = deploy(withGroup);
        StageInput stageInput = new StageInput(context);
        List<StageResult> stages = new ArrayList<>();
        StageResult parameterGroup = invoke("ParameterGroup", new ParameterGroupHandler(sim.rds(), stack), stageInput, StageResult.class);
        stages.add(parameterGroup);
        stages.add(invoke("SecurityGroup", new SecurityGroupHandler(sim.rds(), sim.ec2(), stack), stageInput, StageResult.class));
        stages.add(reboot(context, parameterGroup, stack));
        return new Run(context, stages);
    }

    private StackSettings deploy(Map<String, String> settings) {
        String parameter = "/aurora-cdc-autopilot/aurora-cdc-autopilot/stack-settings";
        sim.ssm().deploy(parameter, StackSettings.encode(settings));
        return StackSettings.fromParameter(sim.ssm(), parameter, Map.of());
    }

    /** The state machine's Reboot loop: decide, wait as the decision says (advancing the simulated clock), decide again. */
    private StageResult reboot(SetupContext context, StageResult parameterGroup, StackSettings stack) {
        StageResult reboot = null;
        for (int round = 0; round < 1_000; round++) {
            reboot = invoke("Reboot", new RebootHandler(sim.rds(), sim.clock(), stack),
                    new RebootInput(context, parameterGroup, reboot, null), StageResult.class);
            if (context.dryRun()) {
                return reboot;
            }
            switch (reboot.facts().get("action")) {
                case "await" -> {
                    AwaitRebootHandler.Status status = await(context, reboot);
                    while (!status.done()) {
                        sim.clock().advance(Duration.ofSeconds(status.waitSeconds())); // the state machine's Wait state
                        status = await(context, reboot);
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

    private AwaitRebootHandler.Status await(SetupContext context, StageResult reboot) {
        return invoke("AwaitReboot", new AwaitRebootHandler(sim.rds(), sim.clock()), new RebootCheck(context, reboot),
                AwaitRebootHandler.Status.class);
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
    private <I, O> O invoke(String function, JsonHandler<I, ?> handler, I input, Class<O> outputType) {
        int before = sim.calls().size();
        try {
            var out = new ByteArrayOutputStream();
            handler.handleRequest(new java.io.ByteArrayInputStream(Json.write(input).getBytes()), out, null);
            return Json.read(out.toString(), outputType);
        } finally {
            List<SimCall> calls = sim.calls();
            var operations = operationsByFunction.computeIfAbsent(function, f -> new TreeSet<>());
            calls.subList(before, calls.size()).forEach(call -> operations.add(iamAction(call)));
        }
    }

    static String iamAction(SimCall call) {
        String prefix = switch (call.service()) {
            case "eventbridge" -> "events";
            case "sfn" -> "states";
            default -> call.service();
        };
        return prefix + ":" + call.operation();
    }
}
