package com.auroracdc.cluster;

import com.auroracdc.settings.Settings;
import java.util.List;

/**
 * The context every stage after Inspect receives: who runs, on which cluster, with which settings.
 *
 * @param executionId the Step Functions execution ARN (or a local run's id); also the lock holder
 * @param startedAt   ISO-8601 instant the execution started
 * @param dryRun      plan everything, apply nothing
 * @param warnings    what Inspect found worth saying without refusing
 */
public record SetupContext(
        String executionId,
        String startedAt,
        boolean dryRun,
        ClusterFacts cluster,
        Settings settings,
        List<String> warnings) {

    public SetupContext {
        warnings = List.copyOf(warnings);
    }
}
