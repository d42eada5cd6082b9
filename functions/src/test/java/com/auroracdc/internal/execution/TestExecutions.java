package com.auroracdc.internal.execution;

import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.SettingsResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * For tests of one stage: binds a context as Inspect would (in memory, every execution running), and hands out the
 * handle the stage takes. {@link #sampleContext} is the context of events' sample cluster (orders-prod).
 */
public final class TestExecutions {
    /** Step Functions that says every execution runs and none has ended. */
    public static final Executions RUNNING = new Executions() {
        @Override
        public String requireRunning(String executionId, boolean justStarted) {
            return null;
        }

        @Override
        public boolean ended(String executionId) {
            return false;
        }
    };

    public final InMemoryClusterState state = new InMemoryClusterState();
    private final java.util.List<ExecutionHandle> bound = new java.util.ArrayList<>();
    public final ExecutionAuthority authority;

    public TestExecutions(Clock clock) {
        this.authority = new ExecutionAuthority(state, RUNNING, clock);
    }

    public TestExecutions() {
        this(Clock.systemUTC());
    }

    /** Binds the context (its lease taken unless a dry run) with the default stack settings. */
    public StageInput bind(SetupContext context) {
        return bind(context, Map.of());
    }

    public StageInput bind(SetupContext context, Map<String, String> stack) {
        SettingsResolver resolver = new SettingsResolver(stack);
        Map<String, com.auroracdc.internal.settings.SettingOrigin> origins = new TreeMap<>();
        resolver.origins(context.cluster().tags(), Map.of()).forEach((setting, origin) -> origins.put(setting.inputKey(), origin));
        ExecutionContext stored = new ExecutionContext(context.executionId(), context.cluster().identifier(),
                context.startedAt(), context.dryRun(), stack, "test", Map.of(), context.settings(), origins, Map.of(),
                context.cluster(), context.warnings(), Map.of(), Map.of(), Map.of(), null);
        ExecutionHandle handle = new ExecutionHandle(context.executionId(), UUID.randomUUID().toString());
        // The latest execution a test binds holds the cluster: the one before it ended.
        state.holder(context.cluster().identifier()).ifPresent(holder -> bound.stream()
                .filter(h -> h.executionId().equals(holder.executionId())).forEach(h -> state.release(
                        new Lease(context.cluster().identifier(), h.executionId(), Tokens.hash(h.token())))));
        authority.begin(handle, null, stored);
        bound.add(handle);
        return new StageInput(handle);
    }

    /** The sample cluster's context (functions/src/test/resources/setup-context.json), as a dry run or not. */
    public static SetupContext sampleContext(boolean dryRun) {
        try (InputStream in = TestExecutions.class.getResourceAsStream("/setup-context.json")) {
            SetupContext c = Json.read(in, SetupContext.class);
            return new SetupContext(c.executionId(), c.startedAt(), dryRun, c.cluster(), c.settings(), c.warnings());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
