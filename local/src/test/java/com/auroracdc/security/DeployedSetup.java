package com.auroracdc.security;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.execution.ClusterState;
import com.auroracdc.internal.execution.ExecutionHandle;
import com.auroracdc.internal.execution.LockHolder;
import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.securitygroup.DesiredAccess;
import com.auroracdc.internal.settings.LocalOnlySwitch;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.local.sim.ClusterBuilder;
import com.auroracdc.local.sim.ClusterHandle;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimFunctions;
import com.auroracdc.local.sim.StateTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The setup as a deployed stack runs it, for the attacker suite: the functions wired as in Lambda (the local-only
 * switch off, the stack's settings), invoked through their JSON boundary, against the simulated control plane, with
 * executions that the simulated Step Functions knows as running. The cluster's writer and the attacker's host are
 * both {@link FakePostgres} servers, so any connection a case opens is counted, whichever way it goes.
 *
 * <p>Placeholders in inputs, tags and stack values: {@code {foreign}} is another cluster's RDS-managed master
 * secret, {@code {attacker-port}} the attacker's server port.
 */
final class DeployedSetup implements AutoCloseable {
    static final String CLUSTER = "orders-prod";
    static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:autopilot-setup";

    final SimAws sim = SimAws.create();
    final FakePostgres writer = FakePostgres.start(FakePostgres.Ask.CLEARTEXT_PASSWORD);
    final FakePostgres attacker = FakePostgres.start(FakePostgres.Ask.CLEARTEXT_PASSWORD);
    /** Another cluster of the account, untagged: not the automation's to touch. */
    final ClusterHandle foreign;
    final String foreignSecret;
    final ClusterHandle cluster;
    final ClusterState state = StateTable.of(sim);
    private final Map<String, RequestStreamHandler> functions;
    private int executions;

    DeployedSetup(Map<String, String> stackValues, BiConsumer<DeployedSetup, ClusterBuilder> adjust) {
        LocalOnlySwitch.asDeployed(); // a deployed function: nothing turned the local runner's switch on
        foreign = sim.newCluster("billing-prod").managedMasterSecret("billing-master-password").readers(1).create();
        foreignSecret = foreign.masterSecretArn();
        ClusterBuilder builder = Scenario.DEFAULT_GROUP.builder(sim, CLUSTER).endpoint("127.0.0.1").port(writer.port())
                .managedMasterSecret("orders-master-password");
        adjust.accept(this, builder);
        cluster = builder.create();
        Map<String, String> stack = new LinkedHashMap<>();
        stackValues.forEach((key, value) -> stack.put(key, fill(value)));
        String[] databaseFunctionGroup = new String[1];
        sim.unrecorded(() -> databaseFunctionGroup[0] = sim.ec2().seedSecurityGroup(cluster.vpcId(),
                "autopilot-database-function", "Aurora CDC Autopilot database function", Map.of()));
        stack.putIfAbsent(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE, databaseFunctionGroup[0]);
        functions = SimFunctions.setup(sim, STATE_MACHINE, StackSettings.fixed(stack), new PgConnector(Timeouts.defaults()));
        sim.clearCalls();
    }

    String fill(String text) {
        return text.replace("{foreign}", foreignSecret).replace("{attacker-port}", Integer.toString(attacker.port()));
    }

    /** A new execution of the setup state machine, running as far as Step Functions knows; its handle. */
    ExecutionHandle startExecution(String input) {
        String[] arn = new String[1];
        sim.unrecorded(() -> arn[0] = sim.sfn().registerExecution(STATE_MACHINE, "attack-" + (++executions), input));
        return new ExecutionHandle(arn[0], UUID.randomUUID().toString());
    }

    /** An execution Inspect bound: its handle, and the context Inspect returned. */
    record Bound(ExecutionHandle execution, SetupContext context) {
        ObjectNode stageInput() {
            return DeployedSetup.stageInput(execution);
        }
    }

    /** One execution in the state machine's order, as far as the first error (which propagates, as to a Catch). */
    void run(String input) {
        ObjectNode stage = inspect(input).stageInput();
        for (String function : new String[] {"PreflightFunction", "SecurityGroupFunction", "ParameterGroupFunction",
                "RebootFunction", "PublicationFunction"}) {
            invoke(function, stage);
        }
    }

    /** Starts an execution and runs its Inspect. */
    Bound inspect(String input) {
        ExecutionHandle execution = startExecution(fill(input));
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.set("input", tree(fill(input)));
        request.set("execution", Json.MAPPER.valueToTree(execution));
        request.put("startedAt", sim.clock().instant().toString());
        return new Bound(execution, Json.convert(invoke("InspectFunction", request), SetupContext.class));
    }

    /** What the state machine hands every stage after Inspect. */
    static ObjectNode stageInput(ExecutionHandle execution) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.set("execution", Json.MAPPER.valueToTree(execution));
        return input;
    }

    /** A function invoked directly (as anyone with lambda:InvokeFunction on it can) with this payload. */
    JsonNode invoke(String function, JsonNode payload) {
        return tree(SimFunctions.invoke(functions.get(function), payload));
    }

    Optional<LockHolder> lock() {
        Optional<LockHolder>[] holder = new Optional[1];
        sim.unrecorded(() -> holder[0] = state.holder(CLUSTER));
        return holder[0];
    }

    Optional<SetupRecord> record() {
        Optional<SetupRecord>[] record = new Optional[1];
        sim.unrecorded(() -> record[0] = state.record(CLUSTER));
        return record[0];
    }

    long secretsRead() {
        return sim.callCount("GetSecretValue");
    }

    int connectionsOpened() {
        return writer.accepted() + attacker.accepted();
    }

    long mutatingCalls() {
        return sim.mutatingCallCount();
    }

    static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        writer.close();
        attacker.close();
    }
}
