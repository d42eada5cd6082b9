package com.auroracdc.inspect;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.cluster.SetupContext;
import com.auroracdc.clusterstate.ClusterStateTable;
import com.auroracdc.settings.SettingsResolver;
import com.auroracdc.settings.StackSettings;
import java.util.function.Supplier;
import com.auroracdc.stage.JsonHandler;
import java.time.Instant;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Stage 1: turns the execution input (tag event or manual input) into the {@link SetupContext} every
 * later stage receives, refusing what cannot be set up before anything changes.
 */
public final class InspectHandler extends JsonHandler<InspectRequest, SetupContext> {
    /** What the stack settings of one invocation configure. */
    private record Wiring(SettingsResolver resolver, ClusterInspector inspector) {
        static Wiring of(RdsClient rds, java.util.Map<String, String> environment) {
            SettingsResolver resolver = new SettingsResolver(environment);
            return new Wiring(resolver, new ClusterInspector(rds, resolver));
        }
    }

    private final Supplier<Wiring> wiring;
    private final ClusterStateTable state;
    /** The region this function runs in: a tag change event naming a cluster elsewhere is refused. Null: not checked. */
    private final String region;

    public InspectHandler() {
        this(AwsClients.rds(), ClusterStateTable.fromEnvironment(AwsClients.dynamoDb(), System.getenv()), StackSettings.lambda(),
                System.getenv("AWS_REGION"));
    }

    /** @param state the lock's table; null only for the laptop runner against an account without the stack */
    public InspectHandler(RdsClient rds, ClusterStateTable state, java.util.Map<String, String> environment) {
        this(rds, state, StackSettings.fixed(environment));
    }

    public InspectHandler(RdsClient rds, ClusterStateTable state, StackSettings stack) {
        this(rds, state, stack, null);
    }

    /** @param region the function's region ({@code AWS_REGION}), or null not to compare a tag event's region with it */
    public InspectHandler(RdsClient rds, ClusterStateTable state, StackSettings stack, String region) {
        super(InspectRequest.class);
        this.wiring = stack.perInvocation(environment -> Wiring.of(rds, environment));
        this.state = state;
        this.region = region;
    }

    /** Every outside call of this stage goes through its SDK clients: SnapStart priming may run it offline. */
    @Override
    protected boolean primeByInvoking() {
        return true;
    }

    @Override
    public SetupContext handle(InspectRequest request) {
        Wiring now = wiring.get();
        SettingsResolver resolver = now.resolver();
        ClusterInspector inspector = now.inspector();
        SetupRequest setup = SetupRequest.parse(request.input(), resolver.triggerTagKey(), region);
        Instant startedAt = request.startedAt() == null ? Instant.now() : Instant.parse(request.startedAt());
        if (!setup.dryRun() && state != null) {
            // First: a running setup is the likeliest reason the cluster looks busy, and the clearer error. Every
            // exit after this point reaches Report or ReportFailure, which release the lock.
            state.takeLock(setup.clusterIdentifier(), request.executionId());
        }
        ClusterInspector.Inspection inspection = inspector.inspect(setup);
        return new SetupContext(request.executionId(), startedAt.toString(), setup.dryRun(), inspection.cluster(),
                inspection.settings(), inspection.warnings());
    }
}
