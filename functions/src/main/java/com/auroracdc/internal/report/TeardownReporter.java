package com.auroracdc.internal.report;

import com.auroracdc.internal.execution.ExecutionContext;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.report.ReportRequest.CaughtError;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.lambda.RebootHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Pure: the report of a teardown from its stored context: what was removed ({@code changes}), what was planned, and
 * what was deliberately left and why ({@code warnings}, each with the command or SQL to remove it by hand).
 */
public final class TeardownReporter {
    /** The status a finished teardown reports, and the status tag it leaves on the cluster. */
    public static final String REMOVED = Tags.REMOVED_STATUS;

    private TeardownReporter() {
    }

    public static SetupReport report(ExecutionContext context, String executionId, CaughtError error) {
        StageResult reboot = context.stage(RebootHandler.STAGE);
        List<StageResult> stages = Stream.of(context.stage(RunRecords.MATERIALIZE_TEARDOWN),
                context.stage(RunRecords.PRIVATE_LINK_TEARDOWN), context.stage(RunRecords.DATABASE_TEARDOWN),
                context.stage(RunRecords.SECURITY_GROUP_TEARDOWN), context.stage(RunRecords.PARAMETER_GROUP), reboot)
                .filter(Objects::nonNull).toList();
        List<String> changes = new ArrayList<>();
        List<String> planned = new ArrayList<>();
        List<String> left = new ArrayList<>(context.warnings());
        for (StageResult stage : stages) {
            changes.addAll(stage.applied());
            planned.addAll(stage.planned());
            left.addAll(stage.warnings());
        }
        String rebootInstructions = reboot == null ? null : reboot.facts().get("instructions");
        String status;
        String nextSteps;
        if (error != null) {
            status = SetupReporter.FAILED;
            nextSteps = "Fix what the error names, then run the teardown again: it plans only what is left.";
        } else if (context.dryRun()) {
            status = SetupReporter.DRY_RUN;
            nextSteps = "This was a dry run of the teardown: nothing was changed. Run it again without dryRun"
                    + " (--dry-run) to remove what is planned.";
        } else if (rebootInstructions != null) {
            status = SetupReporter.PENDING_REBOOT;
            nextSteps = rebootInstructions;
        } else {
            status = REMOVED;
            nextSteps = left.isEmpty() ? null : "Each warning names something left on purpose and how to remove it by hand.";
        }
        return new SetupReport(status, context.cluster(), executionId, context.dryRun(), changes, planned, left, null,
                nextSteps, error == null ? null : SetupReporter.simpleName(error.error()),
                error == null ? null : SetupReporter.message(error.cause()));
    }

    /** The status tag a teardown leaves, or null when it must not be written (a dry run; a refusal before any change). */
    public static String statusTag(ExecutionContext context, SetupReport report) {
        if (report.dryRun() || SetupReporter.FAILED.equals(report.status()) && !context.changedAnything()) {
            return null;
        }
        return report.status();
    }
}
