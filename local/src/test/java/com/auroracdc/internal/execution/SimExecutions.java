package com.auroracdc.internal.execution;

import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimFunctions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * For tests on the simulator that start from a context they built: an execution of the setup state machine, registered
 * as running in the simulated Step Functions and bound as Inspect binds it (its lease taken unless a dry run), whose
 * handle the stages take.
 */
public final class SimExecutions {
    public static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:autopilot-setup";
    public static final String TEARDOWN_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:autopilot-teardown";

    private final SimAws sim;
    private final ExecutionAuthority authority;
    private int executions;

    public SimExecutions(SimAws sim) {
        this.sim = sim;
        this.authority = SimFunctions.authority(sim, MACHINE, TEARDOWN_MACHINE);
    }

    public ExecutionAuthority authority() {
        return authority;
    }

    /**
     * A setup execution that holds {@code cluster}'s lease as Inspect leaves it (registered as running, its context
     * stored, the lock taken for a heartbeat): what another writer of the cluster meets while a setup runs.
     */
    public static StageInput holdAsRunningSetup(SimAws sim, String cluster) {
        var facts = new ClusterFacts(cluster, "arn:aws:rds:us-east-1:123456789012:cluster:"
                + cluster, "aurora-postgresql", "16.4", "provisioned", "aurora-postgresql16", "available", 5432, "vpc-0",
                List.of(), "default.aurora-postgresql16", cluster + "-1", List.of(), cluster + ".cluster-x",
                null, null, "sun:05:00-sun:05:30", Map.of());
        return new SimExecutions(sim).bind(new SetupContext("held", sim.clock().instant().toString(), false, facts,
                Settings.defaults(), List.of()), Map.of());
    }

    /** Binds {@code context} (its executionId replaced by a registered execution's) with these stack settings. */
    public StageInput bind(SetupContext context, Map<String, String> stack) {
        return bind(context, stack, null);
    }

    /** As {@link #bind(SetupContext, Map)}, for an execution of the teardown state machine with these options. */
    public StageInput bindTeardown(SetupContext context, TeardownOptions options) {
        return bind(context, Map.of(), options);
    }

    private StageInput bind(SetupContext context, Map<String, String> stack, TeardownOptions teardown) {
        String[] arn = new String[1];
        sim.unrecorded(() -> arn[0] = sim.sfn().registerExecution(teardown == null ? MACHINE : TEARDOWN_MACHINE,
                "bound-" + (++executions), "{}"));
        Map<String, com.auroracdc.internal.settings.SettingOrigin> origins = new TreeMap<>();
        new SettingsResolver(stack).origins(context.cluster().tags(), Map.of())
                .forEach((setting, origin) -> origins.put(setting.inputKey(), origin));
        ExecutionContext stored = new ExecutionContext(arn[0], context.cluster().identifier(), context.startedAt(),
                context.dryRun(), stack, "test", Map.of(), context.settings(), origins, Map.of(), context.cluster(),
                context.warnings(), Map.of(), Map.of(), Map.of(), teardown);
        ExecutionHandle handle = new ExecutionHandle(arn[0], UUID.randomUUID().toString());
        sim.unrecorded(() -> authority.begin(handle, com.auroracdc.internal.json.Json.MAPPER.createObjectNode(), stored));
        return new StageInput(handle);
    }
}
