package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.settings.Settings;
import java.util.List;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * One cluster of a batch as the control-plane checks see it: the described cluster, the facts Inspect would
 * resolve, its desired settings, and the batch and run it belongs to: the areas' observers read through them, so
 * their calls are shared with the other clusters.
 */
public record ObservedCluster(
        DBCluster cluster,
        List<DBInstance> instances,
        ClusterFacts facts,
        Settings settings,
        BatchObservation batch,
        RunCache run,
        SetupRecord.Resources recorded) {

    public String identifier() {
        return facts.identifier();
    }
}
