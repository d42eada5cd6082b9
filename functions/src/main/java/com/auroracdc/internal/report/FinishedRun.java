package com.auroracdc.internal.report;

import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.execution.ExecutionContext;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.report.ReportRequest.CaughtError;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.lambda.RebootHandler;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An execution as Report sees it at its end: what Inspect bound ({@code context}, null when Inspect refused) and each
 * stage's result, all from the stored context, plus the error the state machine caught.
 *
 * @param changedAnything whether any stage changed (or started to change) the cluster
 */
public record FinishedRun(
        JsonNode input,
        String executionId,
        SetupContext context,
        StageResult preflight,
        StageResult parameterGroup,
        StageResult securityGroup,
        StageResult reboot,
        StageResult publication,
        StageResult materializeSource,
        StageResult privateLink,
        CaughtError error,
        boolean changedAnything) {

    /** Preflight's key in the execution's context. */
    public static final String PREFLIGHT = RunRecords.PREFLIGHT;

    public static FinishedRun of(ReportRequest request, ExecutionContext stored) {
        String executionId = request.execution() == null ? null : request.execution().executionId();
        if (stored == null) {
            return new FinishedRun(request.input(), executionId, null, null, null, null, null, null, null, null, request.error(),
                    false);
        }
        return new FinishedRun(request.input(), executionId, stored.setup(), stored.stage(PREFLIGHT),
                stored.stage(RunRecords.PARAMETER_GROUP), stored.stage(RunRecords.SECURITY_GROUP),
                stored.stage(RebootHandler.STAGE), stored.stage(RunRecords.PUBLICATION),
                stored.stage(RunRecords.MATERIALIZE_SOURCE), stored.stage(RunRecords.PRIVATE_LINK), request.error(),
                stored.changedAnything());
    }
}
