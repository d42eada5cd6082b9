package com.auroracdc.security;

import com.auroracdc.cluster.SetupContext;
import com.auroracdc.inspect.InspectHandler;
import com.auroracdc.inspect.InspectRequest;
import com.auroracdc.local.sim.ClusterBuilder;
import com.auroracdc.local.sim.ClusterHandle;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.parametergroup.ParameterGroupHandler;
import com.auroracdc.publication.PgConnector;
import com.auroracdc.publication.PublicationHandler;
import com.auroracdc.publication.Timeouts;
import com.auroracdc.reboot.RebootHandler;
import com.auroracdc.reboot.RebootInput;
import com.auroracdc.securitygroup.DesiredAccess;
import com.auroracdc.securitygroup.SecurityGroupHandler;
import com.auroracdc.settings.LocalOnly;
import com.auroracdc.settings.StackSettings;
import com.auroracdc.stage.Json;
import com.auroracdc.stage.JsonHandler;
import com.auroracdc.stage.StageInput;
import com.auroracdc.stage.StageResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The setup as a deployed stack runs it, for the attacker suite: the handlers built as in Lambda (the local-only
 * switch off, the stack's settings in their environment), invoked through their JSON boundary in the state
 * machine's order, against the simulated control plane. The cluster's writer and the attacker's host are both
 * {@link FakePostgres} servers, so any connection a case opens is counted, whichever way it goes.
 *
 * <p>Placeholders in inputs, tags and stack values: {@code {foreign}} is another cluster's RDS-managed master
 * secret, {@code {attacker-port}} the attacker's server port.
 */
final class DeployedSetup implements AutoCloseable {
    static final String CLUSTER = "orders-prod";
    static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:autopilot-setup:attack";

    final SimAws sim = SimAws.create();
    final FakePostgres writer = FakePostgres.start(FakePostgres.Ask.CLEARTEXT_PASSWORD);
    final FakePostgres attacker = FakePostgres.start(FakePostgres.Ask.CLEARTEXT_PASSWORD);
    /** Another cluster of the account, untagged: not the automation's to touch. */
    final ClusterHandle foreign;
    final String foreignSecret;
    final ClusterHandle cluster;
    private final Map<String, String> stack = new LinkedHashMap<>();

    DeployedSetup(Map<String, String> stackValues, BiConsumer<DeployedSetup, ClusterBuilder> adjust) {
        LocalOnly.refuse(); // a deployed function: nothing turned the local runner's switch on
        foreign = sim.newCluster("billing-prod").managedMasterSecret("billing-master-password").readers(1).create();
        foreignSecret = foreign.masterSecretArn();
        ClusterBuilder builder = Scenario.DEFAULT_GROUP.builder(sim, CLUSTER).endpoint("127.0.0.1").port(writer.port())
                .managedMasterSecret("orders-master-password");
        adjust.accept(this, builder);
        cluster = builder.create();
        stackValues.forEach((key, value) -> stack.put(key, fill(value)));
        sim.clearCalls();
    }

    String fill(String text) {
        return text.replace("{foreign}", foreignSecret).replace("{attacker-port}", Integer.toString(attacker.port()));
    }

    /** One execution: Inspect, then every stage with Inspect's context, as far as the first error (a Catch). */
    void run(String input) {
        SetupContext context = inspect(input);
        StageInput stage = new StageInput(context);
        StageResult parameterGroup = parameterGroup(Json.write(stage));
        securityGroup(Json.write(stage));
        reboot(Json.write(new RebootInput(context, parameterGroup, null, null)));
        publication(Json.write(stage));
    }

    SetupContext inspect(String input) {
        try {
            return invoke(new InspectHandler(sim.rds(), com.auroracdc.local.sim.StateTable.of(sim), stack), Json.write(new InspectRequest(
                    Json.MAPPER.readTree(fill(input)), EXECUTION, sim.clock().instant().toString())), SetupContext.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    // Each stage function invoked directly (as anyone with lambda:InvokeFunction on it can) with this input.

    StageResult parameterGroup(String stageInputJson) {
        return invoke(new ParameterGroupHandler(sim.rds(), StackSettings.fixed(stack)), stageInputJson);
    }

    StageResult securityGroup(String stageInputJson) {
        String[] databaseFunctionGroup = new String[1];
        sim.unrecorded(() -> databaseFunctionGroup[0] = sim.ec2().seedSecurityGroup(cluster.vpcId(),
                "autopilot-database-function", "Aurora CDC Autopilot database function", Map.of()));
        Map<String, String> deployed = new LinkedHashMap<>(stack);
        deployed.put(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE, databaseFunctionGroup[0]);
        return invoke(new SecurityGroupHandler(sim.rds(), sim.ec2(), StackSettings.fixed(deployed)), stageInputJson);
    }

    StageResult reboot(String rebootInputJson) {
        return invoke(new RebootHandler(sim.rds(), sim.clock(), StackSettings.fixed(stack)), rebootInputJson);
    }

    StageResult publication(String stageInputJson) {
        return invoke(new PublicationHandler(sim.rds(), sim.secretsManager(), new PgConnector(Timeouts.defaults()), stack),
                stageInputJson);
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

    private static StageResult invoke(JsonHandler<?, StageResult> handler, String inputJson) {
        return invoke(handler, inputJson, StageResult.class);
    }

    private static <O> O invoke(JsonHandler<?, ?> handler, String inputJson, Class<O> outputType) {
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(inputJson.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.read(out.toString(StandardCharsets.UTF_8), outputType);
    }

    @Override
    public void close() {
        writer.close();
        attacker.close();
    }
}
