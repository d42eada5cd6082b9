package com.auroracdc.internal.drift.report;

import com.auroracdc.internal.drift.BatchSummary;
import com.auroracdc.internal.drift.CheckFailures;
import com.auroracdc.internal.drift.ClusterCheck;
import com.auroracdc.internal.drift.DriftConfig;
import com.auroracdc.internal.drift.DriftMetrics;
import com.auroracdc.internal.drift.DriftStatus;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.drift.Severity;
import com.auroracdc.internal.drift.repair.Repairs;
import com.auroracdc.internal.execution.StepFunctionsExecutions;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.report.ReportRequest.CaughtError;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.lambda.ReportHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Drift step 2c, per batch: metrics (EMF on stdout), the status tag (only when it changes), one "Aurora CDC
 * Drift Detected" event per cluster with findings, and with {@code repair=auto} the repairs {@link Repairs} plans. Done per batch, not in the summary, so that thousands of findings never have to fit in
 * one Step Functions state.
 */
public final class DriftReporter {
    public static final String DETAIL_TYPE = "Aurora CDC Drift Detected";
    /** Findings listed in one event; the count says how many there were. */
    static final int MAX_EVENT_FINDINGS = 25;
    /** PutEvents takes 10 entries and 256 KB per call; stay well below. */
    private static final int MAX_ENTRIES = 10;
    private static final int MAX_REQUEST_BYTES = 200_000;

    private final RdsClient rds;
    private final EventBridgeClient events;
    private final SfnClient sfn;
    private final DriftConfig config;
    private final Consumer<String> metrics;
    private final Consumer<String> log;
    private final Clock clock;

    public DriftReporter(RdsClient rds, EventBridgeClient events, SfnClient sfn, DriftConfig config,
                         Consumer<String> metrics, Consumer<String> log, Clock clock) {
        this.rds = rds;
        this.events = events;
        this.sfn = sfn;
        this.config = config;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
    }

    public BatchSummary report(ReportInput input) {
        requireRunningDriftRun(input.runId());
        List<ClusterCheck> checks = checks(input);
        Repairs.Plan repairs = new Repairs(sfn, config, log).plan(input.runId(), checks);
        int checked = 0;
        List<String> drifted = new ArrayList<>();
        List<String> uncheckable = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        Map<String, Integer> byKind = new TreeMap<>();
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (ClusterCheck reported : checks) {
            if (reported.skipped() != null) {
                gone.add(reported.cluster());
                continue;
            }
            checked++;
            ClusterCheck check = repairs.withSuspension(reported);
            String status = DriftStatus.of(check.findings());
            check.findings().forEach(f -> byKind.merge(f.kind().value(), 1, Integer::sum));
            DriftMetrics.findings(config.metricsNamespace(), clock.instant(), check.cluster(), check.findings()).forEach(metrics);
            if (status.equals(DriftStatus.UNCHECKED)) {
                uncheckable.add(check.cluster());
            } else if (!status.equals(DriftStatus.READY)) {
                drifted.add(check.cluster());
            }
            tag(check, status);
            // Information alone (a shadowed setting, a setup in progress) is counted in the metrics, not announced.
            if (check.findings().stream().anyMatch(f -> f.kind().defaultSeverity() != Severity.INFO)) {
                entries.add(event(input.runId(), check, status, repairs.label(check)));
            }
        }
        publish(entries);
        List<String> started = repairs.start();
        return new BatchSummary(checked, drifted, uncheckable, gone, byKind, started, List.of(), null);
    }

    /**
     * A batch is reported (tags, events, repairs) only for a running execution of the stack's drift state machine:
     * anyone allowed to invoke this function directly must not make it tag clusters or start setups.
     */
    private void requireRunningDriftRun(String runId) {
        if (config.driftStateMachineArn() == null) {
            return; // the local runner: no Step Functions
        }
        String executionArn = config.driftStateMachineArn().replace(":stateMachine:", ":execution:") + ":" + runId;
        new StepFunctionsExecutions(sfn, config.driftStateMachineArn()).requireRunning(executionArn, false);
    }


    /** The checks to report, with the batch-wide failures turned into findings. */
    static List<ClusterCheck> checks(ReportInput input) {
        if (input.batch() == null) {
            String why = reason(input.error());
            return input.clusterIds().stream().map(id -> ClusterCheck.failed(id, List.of(Finding.of(id,
                    FindingKind.CHECK_FAILED, "cluster checked", "the control-plane check of this batch failed: " + why,
                    "Look at the drift state machine's execution history; the check runs again at the next schedule."))))
                    .toList();
        }
        if (input.databaseError() == null) {
            return input.batch().clusters();
        }
        String why = reason(input.databaseError());
        return input.batch().clusters().stream().map(c -> c.database() == null ? c : c.withDatabaseFindings(List.of(
                Finding.of(c.cluster(), FindingKind.CHECK_FAILED, "database checked",
                        "the database check of this batch failed: " + why,
                        "Look at the drift database function's log (a timeout? raise its timeout or lower DriftBatchSize).")))).toList();
    }

    private static String reason(CaughtError error) {
        if (error == null) {
            return "unknown error";
        }
        String message = causeMessage(error.cause());
        return (error.error() == null ? "" : error.error()) + (message == null ? "" : ": " + message);
    }

    private static String causeMessage(String cause) {
        if (cause == null) {
            return null;
        }
        try {
            var node = Json.MAPPER.readTree(cause);
            return node.hasNonNull("errorMessage") ? node.get("errorMessage").asText() : cause;
        } catch (IOException | RuntimeException e) {
            return cause;
        }
    }

    /** Only a change is written; never on a cluster whose automation is disabled (its status is the team's). */
    private void tag(ClusterCheck check, String status) {
        if (check.arn() == null || check.disabled() || status.equals(check.statusTag())) {
            return;
        }
        if (status.equals(DriftStatus.READY) && DriftStatus.INGESTING.equals(check.statusTag())) {
            return; // the setup saw the source run; a clean check found nothing that says otherwise
        }
        try {
            rds.addTagsToResource(r -> r.resourceName(check.arn()).tags(t -> t.key(Tags.STATUS).value(status)));
        } catch (RuntimeException e) {
            // The findings still go out as metrics and events; the tag is retried at the next check.
            log.accept("Could not set " + Tags.STATUS + "=" + status + " on " + check.cluster() + ": " + CheckFailures.describe(e));
        }
    }

    private PutEventsRequestEntry event(String runId, ClusterCheck check, String status, String repair) {
        ObjectNode detail = Json.MAPPER.createObjectNode();
        detail.put("runId", runId);
        detail.put("clusterIdentifier", check.cluster());
        if (check.arn() != null) {
            detail.put("clusterArn", check.arn());
        }
        detail.put("status", status);
        detail.put("repair", repair);
        detail.put("findingCount", check.findings().size());
        detail.set("findings", Json.MAPPER.valueToTree(check.findings().stream().limit(MAX_EVENT_FINDINGS).toList()));
        return PutEventsRequestEntry.builder()
                .source(ReportHandler.EVENT_SOURCE)
                .detailType(DETAIL_TYPE)
                .eventBusName(config.eventBusName())
                .resources(check.arn() == null ? List.of() : List.of(check.arn()))
                .detail(Json.write(detail))
                .build();
    }

    private void publish(List<PutEventsRequestEntry> entries) {
        List<PutEventsRequestEntry> chunk = new ArrayList<>();
        int bytes = 0;
        for (PutEventsRequestEntry entry : entries) {
            int size = entry.detail().length() + 500;
            if (!chunk.isEmpty() && (chunk.size() == MAX_ENTRIES || bytes + size > MAX_REQUEST_BYTES)) {
                put(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(entry);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            put(chunk);
        }
    }

    /** A failed publish is tolerated like a failed tag write: the status tags and metrics carry the same findings. */
    private void put(List<PutEventsRequestEntry> chunk) {
        try {
            putOrThrow(chunk);
        } catch (RuntimeException e) {
            log.accept(chunk.size() + " drift event(s) could not be published (" + CheckFailures.describe(e) + "); the status"
                    + " tags and metrics carry the same findings, and repair goes on.");
        }
    }

    private void putOrThrow(List<PutEventsRequestEntry> chunk) {
        List<PutEventsRequestEntry> pending = chunk;
        for (int attempt = 0; attempt < 2 && !pending.isEmpty(); attempt++) {
            List<PutEventsRequestEntry> sent = pending;
            PutEventsResponse response = events.putEvents(r -> r.entries(sent));
            if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
                return;
            }
            List<PutEventsRequestEntry> failed = new ArrayList<>();
            for (int i = 0; i < response.entries().size() && i < sent.size(); i++) {
                if (response.entries().get(i).errorCode() != null) {
                    failed.add(sent.get(i));
                }
            }
            pending = failed;
        }
        if (!pending.isEmpty()) {
            log.accept(pending.size() + " drift event(s) could not be published; the metrics and status tags carry the same findings.");
        }
    }

}
