package com.auroracdc.report;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.drift.DriftConfig;
import com.auroracdc.settings.SettingsResolver;
import com.auroracdc.settings.StackSettings;
import com.auroracdc.settings.Tags;
import com.auroracdc.stage.Json;
import com.auroracdc.stage.JsonHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Stage 5, on success and on the failure path: builds the {@link SetupReport}, sets the cluster's status tag
 * (only when it changes, so a converged re-run writes nothing) and publishes "Aurora CDC Setup Completed" or
 * "Aurora CDC Setup Failed" on the event bus for users to route to notifications.
 */
public final class ReportHandler extends JsonHandler<ReportRequest, SetupReport> {
    public static final String EVENT_SOURCE = "aurora-cdc-autopilot";
    public static final String COMPLETED = "Aurora CDC Setup Completed";
    public static final String FAILED = "Aurora CDC Setup Failed";

    private final RdsClient rds;
    private final EventBridgeClient events;
    /** Stack parameters EventBusName and TriggerTagKey, read per invocation (StackSettings). */
    private record Stack(String eventBusName, String triggerTagKey) {
        static Stack of(Map<String, String> environment) {
            return new Stack(environment.getOrDefault("EVENT_BUS_NAME", "default"),
                    new SettingsResolver(environment).triggerTagKey());
        }
    }

    private final java.util.function.Supplier<Stack> stack;
    private final String metricsNamespace;

    public ReportHandler() {
        this(AwsClients.rds(), AwsClients.eventBridge(), StackSettings.lambda());
    }

    public ReportHandler(RdsClient rds, EventBridgeClient events, Map<String, String> environment) {
        this(rds, events, StackSettings.fixed(environment));
    }

    public ReportHandler(RdsClient rds, EventBridgeClient events, StackSettings settings) {
        super(ReportRequest.class);
        this.rds = rds;
        this.events = events;
        this.stack = settings.perInvocation(Stack::of);
        // Not a stack parameter: the environment's own value (no deploy changes it).
        this.metricsNamespace = System.getenv().getOrDefault(DriftConfig.METRICS_NAMESPACE, DriftConfig.DEFAULT_NAMESPACE);
    }

    /** Setups by status and setup duration, for the dashboard. */
    @Override
    protected List<String> metricLines(ReportRequest request, SetupReport report) {
        return SetupMetrics.of(metricsNamespace, Instant.now(), request, report);
    }

    /** Every outside call of this stage goes through its SDK clients: SnapStart priming may run it offline. */
    @Override
    protected boolean primeByInvoking() {
        return true;
    }

    @Override
    public SetupReport handle(ReportRequest request) {
        Stack now = stack.get();
        String eventBusName = now.eventBusName();
        SetupReport report = SetupReporter.report(request, now.triggerTagKey());
        String status = SetupReporter.statusTag(request, report);
        if (status != null && !status.equals(request.context().cluster().tags().get(Tags.STATUS))) {
            rds.addTagsToResource(r -> r.resourceName(request.context().cluster().arn())
                    .tags(t -> t.key(Tags.STATUS).value(status)));
        }
        if (report.dryRun()) {
            return report; // a dry run changes nothing and tells no one: its output is the plan
        }
        var response = events.putEvents(r -> r.entries(e -> e.source(EVENT_SOURCE).eventBusName(eventBusName)
                .detailType(report.status().equals(SetupReporter.FAILED) ? FAILED : COMPLETED)
                .resources(request.context() == null ? java.util.List.of() : java.util.List.of(request.context().cluster().arn()))
                .detail(Json.write(report))));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            // PutEvents reports failures per entry instead of throwing; the setup itself still succeeded.
            var entry = response.entries().getFirst();
            var warnings = new java.util.ArrayList<>(report.warnings());
            warnings.add("The " + eventBusName + " event bus refused the completion event (" + entry.errorCode() + ": "
                    + entry.errorMessage() + "); check the bus name and its policy.");
            return new SetupReport(report.status(), report.cluster(), report.executionId(), report.dryRun(), report.changes(),
                    report.planned(), warnings, report.proof(), report.nextSteps(), report.error(), report.cause());
        }
        return report;
    }
}
