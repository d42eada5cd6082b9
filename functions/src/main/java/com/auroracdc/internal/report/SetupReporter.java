package com.auroracdc.internal.report;

import com.auroracdc.internal.execution.Purpose;
import com.auroracdc.internal.inspect.SetupRequest;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.materialize.SourceStage;
import com.auroracdc.internal.privatelink.PrivateLinkPlan;
import com.auroracdc.internal.stage.StageResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** Pure: the {@link SetupReport} of an execution from what its stages returned. */
public final class SetupReporter {
    public static final String READY = "ready";
    /** MaterializeMode source: Materialize says the source and its tables run (mz_source_statuses). */
    public static final String INGESTING = "ingesting";
    public static final String PENDING_REBOOT = "pending-reboot";
    public static final String FAILED = "failed";
    public static final String DRY_RUN = "dry-run";

    private SetupReporter() {
    }

    public static SetupReport report(FinishedRun request, String triggerTagKey) {
        // In a dry run Preflight's plan is the publication stage's (the Publication state does not run).
        StageResult publication = request.publication() != null ? request.publication()
                : request.context() != null && request.context().dryRun() ? request.preflight() : null;
        List<StageResult> stages = Stream.of(request.privateLink(), request.securityGroup(), request.parameterGroup(),
                request.reboot(), publication, request.materializeSource()).filter(Objects::nonNull).toList();
        List<String> changes = new ArrayList<>();
        List<String> planned = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (request.context() != null) {
            warnings.addAll(request.context().warnings());
        }
        for (StageResult stage : stages) {
            changes.addAll(stage.applied());
            planned.addAll(stage.planned());
            warnings.addAll(stage.warnings());
        }
        boolean dryRun = request.context() != null && request.context().dryRun();
        String rebootInstructions = request.reboot() == null ? null : request.reboot().facts().get("instructions");
        String materializeSql = materializeSql(request.privateLink(), publication);

        String status;
        String error = null;
        String cause = null;
        if (request.error() != null) {
            status = FAILED;
            error = simpleName(request.error().error());
            cause = message(request.error().cause());
        } else if (dryRun) {
            status = DRY_RUN;
        } else if (rebootInstructions != null) {
            status = PENDING_REBOOT;
        } else if (request.materializeSource() != null
                && "running".equals(request.materializeSource().facts().get(SourceStage.STATUS_FACT))) {
            status = INGESTING;
        } else {
            status = READY;
        }
        String proof = publication == null ? null : publication.facts().get("proof");
        return new SetupReport(status, clusterIdentifier(request, triggerTagKey), request.executionId(), dryRun,
                changes, planned, warnings, proof, nextSteps(status, rebootInstructions, materializeSql, request.materializeSource()), error, cause);
    }

    /**
     * The SQL to run in Materialize: on the PrivateLink path, the PrivateLink connection and its principal step first
     * (the PrivateLink stage's), then the publication stage's, whose PostgreSQL connection goes through it.
     */
    private static String materializeSql(StageResult privateLink, StageResult publication) {
        String direct = publication == null ? null : publication.facts().get("materializeSql");
        String throughPrivateLink = privateLink == null ? null : privateLink.facts().get(PrivateLinkPlan.SQL_FACT);
        return direct == null || throughPrivateLink == null ? direct : throughPrivateLink + "\n" + direct;
    }

    /**
     * What the operator does next: the reboot command, the Materialize SQL once ready (or, ingesting, where to watch the
     * source the setup made), or how to apply a dry run.
     */
    private static String nextSteps(String status, String rebootInstructions, String materializeSql,
                                    StageResult materializeSource) {
        return switch (status) {
            case PENDING_REBOOT -> rebootInstructions;
            case READY -> materializeSql;
            case INGESTING -> "Materialize is ingesting this cluster: source " + materializeSource.facts()
                    .get(SourceStage.SOURCE_FACT) + " and its tables run (SELECT * FROM mz_internal.mz_source_statuses).";
            case DRY_RUN -> "This was a dry run: nothing was changed. Run the setup again without dryRun (--dry-run) to apply the plan; its"
                    + " report then holds the SQL to run in Materialize.";
            default -> null;
        };
    }

    /** The status tag value for this report, or null when the tag must not be written. */
    public static String statusTag(FinishedRun request, SetupReport report) {
        if (report.dryRun() || request.context() == null) {
            return null; // dry runs change nothing; without a context Inspect refused the cluster (or the input)
        }
        if ("SetupAlreadyRunningException".equals(report.error())) {
            return null; // the running setup owns the status
        }
        if (SetupReporter.FAILED.equals(report.status()) && !request.changedAnything()) {
            return null; // refused before any change (Preflight): the cluster is as it was, and so is its status
        }
        return report.status();
    }

    /** {@code com.auroracdc.errors.ClusterBusyException} → {@code ClusterBusyException}; other names as they are. */
    public static String simpleName(String errorName) {
        return errorName == null ? null : errorName.substring(errorName.lastIndexOf('.') + 1);
    }

    /** A Lambda error's Cause is {"errorMessage", "errorType", "stackTrace"}: keep the message only. */
    public static String message(String cause) {
        if (cause == null) {
            return null;
        }
        try {
            var node = Json.MAPPER.readTree(cause);
            return node.hasNonNull("errorMessage") ? node.get("errorMessage").asText() : cause;
        } catch (IOException e) {
            return cause;
        }
    }

    private static String clusterIdentifier(FinishedRun request, String triggerTagKey) {
        if (request.context() != null) {
            return request.context().cluster().identifier();
        }
        // A setup's input, or a teardown's (a tag event disabling or removing the trigger tag reads as a teardown only).
        for (Purpose purpose : Purpose.values()) {
            try {
                return SetupRequest.parse(request.input(), triggerTagKey, null, purpose).clusterIdentifier();
            } catch (RuntimeException e) {
                // not this purpose's input: try the next
            }
        }
        return null;
    }
}
