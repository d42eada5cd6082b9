package com.auroracdc.internal.cluster;

import com.auroracdc.errors.InvalidInputException;
import com.auroracdc.internal.settings.Settings;
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

    /**
     * The context a stage after Inspect was handed, when it has the cluster and the settings; otherwise
     * {@link InvalidInputException} naming the stage and the example input ({@code events/<example>}) to compare with.
     */
    public static SetupContext require(SetupContext context, String stage, String example) {
        if (context == null || context.cluster() == null || context.settings() == null) {
            throw new InvalidInputException("The " + stage + " stage needs {\"context\": {\"cluster\": {...}, \"settings\":"
                    + " {...}}} as Inspect returns it; compare the input with events/" + example + ".");
        }
        return context;
    }
}
