package com.auroracdc.inspect;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.cluster.SetupContext;
import com.auroracdc.clusterstate.ClusterStateTable;
import com.auroracdc.settings.SettingsResolver;
import com.auroracdc.stage.JsonHandler;
import java.time.Instant;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Stage 1: turns the execution input (tag event or manual input) into the {@link SetupContext} every
 * later stage receives, refusing what cannot be set up before anything changes.
 */
public final class InspectHandler extends JsonHandler<InspectRequest, SetupContext> {
    private final ClusterInspector inspector;
    private final ClusterStateTable state;
    private final SettingsResolver resolver;

    public InspectHandler() {
        this(AwsClients.rds(), ClusterStateTable.fromEnvironment(AwsClients.dynamoDb(), System.getenv()), System.getenv());
    }

    /** @param state the lock's table; null only for the laptop runner against an account without the stack */
    public InspectHandler(RdsClient rds, ClusterStateTable state, java.util.Map<String, String> environment) {
        super(InspectRequest.class);
        this.resolver = new SettingsResolver(environment);
        this.inspector = new ClusterInspector(rds, resolver);
        this.state = state;
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
