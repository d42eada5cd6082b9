package com.auroracdc.internal.report;

import java.util.List;

/**
 * The execution's final output and the detail of its EventBridge event.
 *
 * @param status        ready, pending-reboot, failed, or dry-run
 * @param changes       every change applied, by stage order
 * @param planned       every change planned (what a dry run would have done)
 * @param proof         how the publication stage proved that changes stream (null when it did not run)
 * @param nextSteps     what the operator does next: the Materialize SQL, or the reboot command
 * @param error         on failure: the error name (e.g. ServerlessV1NotSupportedException)
 * @param cause         on failure: what happened and what to do
 */
public record SetupReport(
        String status,
        String cluster,
        String executionId,
        boolean dryRun,
        List<String> changes,
        List<String> planned,
        List<String> warnings,
        String proof,
        String nextSteps,
        String error,
        String cause) {
}
