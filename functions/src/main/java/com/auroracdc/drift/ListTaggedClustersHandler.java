package com.auroracdc.drift;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.settings.SettingsResolver;
import com.auroracdc.stage.JsonHandler;

/** Drift step 1: list the tagged clusters, in batches for the Map state. */
public final class ListTaggedClustersHandler extends JsonHandler<ListInput, DriftRun> {
    private final ClusterLister lister;

    public ListTaggedClustersHandler() {
        this(new ClusterLister(AwsClients.rds(), new SettingsResolver(System.getenv()),
                DriftConfig.fromEnvironment(System.getenv())));
    }

    public ListTaggedClustersHandler(ClusterLister lister) {
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
        return lister.list(input);
    }
}
