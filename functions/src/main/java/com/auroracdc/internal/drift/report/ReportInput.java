package com.auroracdc.internal.drift.report;

import com.auroracdc.internal.drift.BatchCheck;
import com.auroracdc.internal.report.ReportRequest.CaughtError;
import java.util.List;

/**
 * The report step's input: the whole Map iteration state. {@code batch} is null when the control-plane
 * check failed ({@code error} says why); {@code databaseError} is set when the database check failed as a
 * whole, in which case the control-plane findings are still reported.
 */
public record ReportInput(
        String runId,
        String startedAt,
        List<String> clusterIds,
        BatchCheck batch,
        CaughtError error,
        CaughtError databaseError) {

    public ReportInput {
        clusterIds = clusterIds == null ? List.of() : List.copyOf(clusterIds);
    }
}
