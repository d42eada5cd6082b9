package com.auroracdc.inspect;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.cluster.SetupContext;
import com.auroracdc.settings.SettingsResolver;
import com.auroracdc.stage.JsonHandler;
import java.time.Instant;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Stage 1: turns the execution input (tag event or manual input) into the {@link SetupContext} every
 * later stage receives, refusing what cannot be set up before anything changes.
 */
public final class InspectHandler extends JsonHandler<InspectRequest, SetupContext> {
    private final ClusterInspector inspector;
    private final SetupLock lock;
    private final SettingsResolver resolver;

    public InspectHandler() {
        this(AwsClients.rds(), AwsClients.sfn(), System.getenv());
    }

    public InspectHandler(RdsClient rds, SfnClient sfn, java.util.Map<String, String> environment) {
        super(InspectRequest.class);
        this.resolver = new SettingsResolver(environment);
        this.inspector = new ClusterInspector(rds, resolver);
        this.lock = new SetupLock(sfn, resolver.triggerTagKey());
    }

    /** Every outside call of this stage goes through its SDK clients: SnapStart priming may run it offline. */
    @Override
    protected boolean primeByInvoking() {
        return true;
    }

    @Override
    public SetupContext handle(InspectRequest request) {
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
