package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.ExecutionContext;
import com.auroracdc.internal.execution.Lease;
import com.auroracdc.internal.execution.Purpose;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.execution.StoredContext;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.metrics.MetricLine;
import com.auroracdc.internal.report.FinishedRun;
import com.auroracdc.internal.report.ReportRequest;
import com.auroracdc.internal.report.SetupMetrics;
import com.auroracdc.internal.report.SetupReport;
import com.auroracdc.internal.report.SetupReporter;
import com.auroracdc.internal.report.TeardownReporter;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.PrimeByInvoking;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Stage 5, on success and on the failure path. First, and depending on nothing else, it ends the execution's hold on
 * the cluster: the lock is released, and the run's record and history entry are written, in one write conditional on
 * the lease (so only the holder ever writes the record). Then the {@link SetupReport} is built from the execution's
 * stored context, never from the payload; the cluster's status tag is set (only when it changes) and "Aurora CDC
 * Setup Completed" or "Aurora CDC Setup Failed" is published: failures of either are warnings, not a failed report.
 */
@PrimeByInvoking
public final class ReportHandler extends JsonHandler<ReportRequest, SetupReport> {
    public static final String EVENT_SOURCE = "aurora-cdc-autopilot";
    public static final String COMPLETED = "Aurora CDC Setup Completed";
    public static final String FAILED = "Aurora CDC Setup Failed";
    public static final String TEARDOWN_COMPLETED = "Aurora CDC Teardown Completed";
    public static final String TEARDOWN_FAILED = "Aurora CDC Teardown Failed";

    private final RdsClient rds;
    private final EventBridgeClient events;
    private final ExecutionAuthority authority;
    private final String metricsNamespace;

    public ReportHandler() {
        this(AwsClients.rds(), AwsClients.eventBridge(), ExecutionAuthority.lambda());
    }

    ReportHandler(RdsClient rds, EventBridgeClient events, ExecutionAuthority authority) {
        super(ReportRequest.class);
        this.rds = rds;
        this.events = events;
        this.authority = authority;
        // Not a stack parameter: the environment's own value (no deploy changes it).
        this.metricsNamespace = System.getenv().getOrDefault(MetricLine.NAMESPACE_VARIABLE, MetricLine.DEFAULT_NAMESPACE);
    }

    /** Setups by status and setup duration, for the dashboard. */
    @Override
    protected List<String> metricLines(ReportRequest request, SetupReport report) {
        FinishedRun run = lastRun.get();
        lastRun.remove();
        return SetupMetrics.of(metricsNamespace, Instant.now(),
                run == null || run.context() == null ? null : run.context().startedAt(), report);
    }

    /** The run {@link #handle} reported, for {@link #metricLines} right after it on the same thread. */
    private final ThreadLocal<FinishedRun> lastRun = new ThreadLocal<>();

    @Override
    public SetupReport handle(ReportRequest request) {
        Optional<StoredContext> stored = authority.forReport(request.execution());
        ExecutionContext context = stored.map(StoredContext::context).orElse(null);
        FinishedRun run = FinishedRun.of(request, context);
        lastRun.set(run);
        Map<String, String> stack = context == null ? Map.of() : context.stack();
        boolean teardown = context != null ? context.purpose() == Purpose.TEARDOWN
                : authority.purposeOf(request.execution().executionId()) == Purpose.TEARDOWN;
        SetupReport report = context != null && teardown
                ? TeardownReporter.report(context, run.executionId(), request.error())
                : SetupReporter.report(run, new SettingsResolver(stack).triggerTagKey());
        if (stored.isPresent()) {
            finish(stored.get(), report);
        }
        if (report.dryRun()) {
            return report; // a dry run changes nothing and tells no one: its output is the plan
        }
        List<String> warnings = new ArrayList<>(report.warnings());
        tag(run, teardown && context != null ? TeardownReporter.statusTag(context, report)
                : SetupReporter.statusTag(run, report), warnings);
        publish(report, context, teardown, stack.getOrDefault("EVENT_BUS_NAME", "default"), warnings);
        return warnings.size() == report.warnings().size() ? report : new SetupReport(report.status(), report.cluster(),
                report.executionId(), report.dryRun(), report.changes(), report.planned(), warnings, report.proof(),
                report.nextSteps(), report.error(), report.cause());
    }

    /**
     * Releases the lock with the record and history entry; if that write fails for any reason but a lost lease, the
     * lock is released alone before the error goes on (ReportFailure then writes the history).
     */
    private void finish(StoredContext stored, SetupReport report) {
        ExecutionContext context = stored.context();
        if (context.dryRun()) {
            return;
        }
        try {
            SetupRecord previous = authority.state().record(context.cluster()).orElse(null);
            SetupRecord entry = RunRecords.entry(context, previous, report.status(), report.error(), authority.clock().instant());
            authority.finish(stored, RunRecords.record(context, entry, !SetupReporter.FAILED.equals(report.status())), entry);
        } catch (RuntimeException e) {
            authority.state().release(new Lease(context.cluster(), context.executionId(),
                    stored.tokenHash()));
            throw e;
        }
    }

    private void tag(FinishedRun run, String status, List<String> warnings) {
        if (status == null || status.equals(run.context().cluster().tags().get(Tags.STATUS))) {
            return;
        }
        try {
            rds.addTagsToResource(r -> r.resourceName(run.context().cluster().arn()).tags(t -> t.key(Tags.STATUS).value(status)));
        } catch (RuntimeException e) {
            // e.g. the trigger tag removed meanwhile: the template's tag condition then denies it. The report stands.
            warnings.add("The status tag " + Tags.STATUS + "=" + status + " could not be written (" + e.getClass().getSimpleName()
                    + "); the execution's output and event carry the same status.");
        }
    }

    private void publish(SetupReport report, ExecutionContext context, boolean teardown, String eventBusName,
                         List<String> warnings) {
        boolean failed = report.status().equals(SetupReporter.FAILED);
        String detailType = teardown ? failed ? TEARDOWN_FAILED : TEARDOWN_COMPLETED : failed ? FAILED : COMPLETED;
        try {
            var response = events.putEvents(r -> r.entries(e -> e.source(EVENT_SOURCE).eventBusName(eventBusName)
                    .detailType(detailType)
                    .resources(context == null ? List.of() : List.of(context.facts().arn()))
                    .detail(Json.write(report))));
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                // PutEvents reports failures per entry instead of throwing; the setup itself still succeeded.
                var entry = response.entries().getFirst();
                warnings.add("The " + eventBusName + " event bus refused the completion event (" + entry.errorCode() + ": "
                        + entry.errorMessage() + "); check the bus name and its policy.");
            }
        } catch (RuntimeException e) {
            warnings.add("The completion event could not be published on " + eventBusName + " (" + e.getClass().getSimpleName()
                    + "); check the bus name and the function's events:PutEvents permission.");
        }
    }
}
