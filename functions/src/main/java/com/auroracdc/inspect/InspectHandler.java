package com.auroracdc.inspect;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.cluster.SetupContext;
import com.auroracdc.settings.SettingsResolver;
import com.auroracdc.settings.StackSettings;
import java.util.function.Supplier;
import com.auroracdc.stage.JsonHandler;
import java.time.Instant;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Stage 1: turns the execution input (tag event or manual input) into the {@link SetupContext} every
 * later stage receives, refusing what cannot be set up before anything changes.
 */
public final class InspectHandler extends JsonHandler<InspectRequest, SetupContext> {
    /** What the stack settings of one invocation configure. */
    private record Wiring(SettingsResolver resolver, ClusterInspector inspector, SetupLock lock) {
        static Wiring of(RdsClient rds, SfnClient sfn, java.util.Map<String, String> environment) {
            SettingsResolver resolver = new SettingsResolver(environment);
            return new Wiring(resolver, new ClusterInspector(rds, resolver), new SetupLock(sfn, resolver.triggerTagKey()));
        }
    }

    private final Supplier<Wiring> wiring;

    public InspectHandler() {
        this(AwsClients.rds(), AwsClients.sfn(), StackSettings.lambda());
    }

    public InspectHandler(RdsClient rds, SfnClient sfn, java.util.Map<String, String> environment) {
        this(rds, sfn, StackSettings.fixed(environment));
    }

    public InspectHandler(RdsClient rds, SfnClient sfn, StackSettings stack) {
        super(InspectRequest.class);
        this.wiring = stack.perInvocation(environment -> Wiring.of(rds, sfn, environment));
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
        SetupLock lock = now.lock();
        ClusterInspector inspector = now.inspector();
        SetupRequest setup = SetupRequest.parse(request.input(), resolver.triggerTagKey());
        Instant startedAt = request.startedAt() == null ? Instant.now() : Instant.parse(request.startedAt());
        if (!setup.dryRun()) {
            // First: a running setup is the likeliest reason the cluster looks busy, and the clearer error.
            lock.check(request.stateMachineArn(), request.executionId(), startedAt, setup.clusterIdentifier());
        }
        ClusterInspector.Inspection inspection = inspector.inspect(setup);
        return new SetupContext(request.executionId(), startedAt.toString(), setup.dryRun(), inspection.cluster(),
                inspection.settings(), inspection.warnings());
    }
}
