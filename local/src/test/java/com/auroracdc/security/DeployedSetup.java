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
import com.auroracdc.securitygroup.SecurityGroupHandler;
import com.auroracdc.settings.LocalOnly;
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
    final String foreignSecret;
    final ClusterHandle cluster;
    private final Map<String, String> stack = new LinkedHashMap<>();

    DeployedSetup(Map<String, String> stackValues, BiConsumer<DeployedSetup, ClusterBuilder> adjust) {
        LocalOnly.refuse(); // a deployed function: nothing turned the local runner's switch on
        foreignSecret = sim.newCluster("billing-prod").managedMasterSecret("billing-master-password").create().masterSecretArn();
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
        StageResult parameterGroup = invoke(new ParameterGroupHandler(sim.rds()), stage, StageResult.class);
        String[] databaseFunctionGroup = new String[1];
        sim.unrecorded(() -> databaseFunctionGroup[0] = sim.ec2().seedSecurityGroup(cluster.vpcId(),
                "autopilot-database-function", "Aurora CDC Autopilot database function", Map.of()));
        invoke(new SecurityGroupHandler(sim.rds(), sim.ec2(), databaseFunctionGroup[0]), stage, StageResult.class);
        invoke(new RebootHandler(sim.rds(), sim.clock()), new RebootInput(context, parameterGroup, null, null), StageResult.class);
        publication(Json.write(stage));
    }

    SetupContext inspect(String input) {
        try {
            return invoke(new InspectHandler(sim.rds(), com.auroracdc.local.sim.StateTable.of(sim), stack), new InspectRequest(Json.MAPPER.readTree(fill(input)),
                    EXECUTION, sim.clock().instant().toString()), SetupContext.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The Publication function invoked directly (as anyone with lambda:InvokeFunction on it can) with this input. */
    StageResult publication(String stageInputJson) {
        var handler = new PublicationHandler(sim.rds(), sim.secretsManager(), new PgConnector(Timeouts.defaults()), stack);
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(stageInputJson.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.read(out.toString(StandardCharsets.UTF_8), StageResult.class);
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

    private <I, O> O invoke(JsonHandler<I, ?> handler, I input, Class<O> outputType) {
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(input).getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.read(out.toString(StandardCharsets.UTF_8), outputType);
    }

    @Override
    public void close() {
        writer.close();
        attacker.close();
    }
}
