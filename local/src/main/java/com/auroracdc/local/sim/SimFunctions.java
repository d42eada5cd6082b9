package com.auroracdc.local.sim;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.StepFunctionsExecutions;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.lambda.SetupFunctions;
import com.auroracdc.lambda.TeardownFunctions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The setup's functions as a deployed stack wires them, against a simulated account: one authority over the stack's
 * table and Step Functions (both simulated, on the simulator's clock), the stack settings from the SSM parameter,
 * each handler keyed by its template.yaml logical id. Every composition that runs the setup on the simulator (the
 * local runner, the attacker suite, the orchestration tests) takes its handlers from here.
 */
public final class SimFunctions {
    private SimFunctions() {
    }

    /** The execution authority every simulated function shares, for executions of this setup state machine. */
    public static ExecutionAuthority authority(SimAws sim, String setupStateMachineArn) {
        return authority(sim, setupStateMachineArn, null);
    }

    /** As above, also for executions of this teardown state machine (null: none). */
    public static ExecutionAuthority authority(SimAws sim, String setupStateMachineArn, String teardownStateMachineArn) {
        return new ExecutionAuthority(StateTable.of(sim),
                new StepFunctionsExecutions(sim.sfn(), setupStateMachineArn, teardownStateMachineArn), sim.clock());
    }

    /**
     * Every function both state machines run, by logical id, sharing one authority over both: the setup's and the
     * teardown's own.
     */
    public static Map<String, RequestStreamHandler> all(SimAws sim, String setupStateMachineArn,
                                                        String teardownStateMachineArn, StackSettings stack,
                                                        PgConnector connector) {
        return all(sim, setupStateMachineArn, teardownStateMachineArn, stack, connector,
                MaterializeAccess.withDefaultTrust(sim.secretsManager()));
    }

    /** As above; {@code materialize} opens Materialize's SQL API (the local stand-in's, with its trust). */
    public static Map<String, RequestStreamHandler> all(SimAws sim, String setupStateMachineArn,
                                                        String teardownStateMachineArn, StackSettings stack,
                                                        PgConnector connector, MaterializeAccess materialize) {
        ExecutionAuthority authority = authority(sim, setupStateMachineArn, teardownStateMachineArn);
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>(
                SetupFunctions.of(sim.apis(), stack, authority, connector, Map.of(), materialize, sim.rds()::resolve));
        handlers.putAll(TeardownFunctions.of(sim.apis(), authority, connector, materialize));
        return handlers;
    }

    /** The setup's functions, by logical id; {@code connector} reaches the database functions' PostgreSQL. */
    public static Map<String, RequestStreamHandler> setup(SimAws sim, String setupStateMachineArn, StackSettings stack,
                                                          PgConnector connector) {
        return setup(sim, setupStateMachineArn, stack, connector, MaterializeAccess.withDefaultTrust(sim.secretsManager()));
    }

    /** As above; {@code materialize} opens Materialize's SQL API (a stand-in's, with its trust). */
    public static Map<String, RequestStreamHandler> setup(SimAws sim, String setupStateMachineArn, StackSettings stack,
                                                          PgConnector connector, MaterializeAccess materialize) {
        return SetupFunctions.of(sim.apis(), stack, authority(sim, setupStateMachineArn), connector, Map.of(), materialize,
                sim.rds()::resolve);
    }

    /** One invocation as Lambda makes it: the input serialised to JSON, the function's JSON output as text. */
    public static String invoke(RequestStreamHandler function, Object input) {
        var out = new ByteArrayOutputStream();
        try {
            function.handleRequest(new ByteArrayInputStream(Json.write(input).getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** As {@link #invoke(RequestStreamHandler, Object)}, the output read as {@code output}. */
    public static <T> T invoke(RequestStreamHandler function, Object input, Class<T> output) {
        return Json.read(invoke(function, input), output);
    }
}
