package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.drift.DriftRun;
import com.auroracdc.internal.drift.list.ClusterLister;
import com.auroracdc.internal.drift.list.ListInput;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.PrimeByInvoking;
import java.util.function.Supplier;

/** Drift step 1: list the tagged clusters, in batches for the Map state. */
@PrimeByInvoking
public final class ListTaggedClustersHandler extends JsonHandler<ListInput, DriftRun> {
    /** Built per invocation from the stack settings as the last deploy set them. */
    private final Supplier<ClusterLister> lister;

    public ListTaggedClustersHandler() {
        this(DriftFunctions.lister(AwsClients.rds(), StackSettings.lambda()));
    }

    ListTaggedClustersHandler(Supplier<ClusterLister> lister) {
        super(ListInput.class);
        this.lister = lister;
    }

    @Override
    public DriftRun handle(ListInput input) {
        return lister.get().list(input);
    }
}
