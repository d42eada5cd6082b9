package com.auroracdc.drift;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.settings.SettingsResolver;
import com.auroracdc.settings.StackSettings;
import com.auroracdc.stage.JsonHandler;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.RdsClient;

/** Drift step 1: list the tagged clusters, in batches for the Map state. */
public final class ListTaggedClustersHandler extends JsonHandler<ListInput, DriftRun> {
    /** Built per invocation from the stack settings as the last deploy set them. */
    private final Supplier<ClusterLister> lister;

    public ListTaggedClustersHandler() {
        this(AwsClients.rds(), StackSettings.lambda());
    }

    public ListTaggedClustersHandler(RdsClient rds,
                                     StackSettings stack) {
        this(stack.perInvocation(environment -> new ClusterLister(rds, new SettingsResolver(environment),
                DriftConfig.fromEnvironment(environment))));
    }

    public ListTaggedClustersHandler(ClusterLister lister) {
        this(() -> lister);
    }

    private ListTaggedClustersHandler(Supplier<ClusterLister> lister) {
        super(ListInput.class);
        this.lister = lister;
    }

    /** Every outside call of this step goes through its SDK clients: SnapStart priming may run it offline. */
    @Override
    protected boolean primeByInvoking() {
        return true;
    }

    @Override
    public DriftRun handle(ListInput input) {
        return lister.get().list(input);
    }
}
