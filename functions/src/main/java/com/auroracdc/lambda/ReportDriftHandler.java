package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.drift.BatchSummary;
import com.auroracdc.internal.drift.report.DriftReporter;
import com.auroracdc.internal.drift.report.ReportInput;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.internal.stage.JsonHandler;
import java.util.function.Supplier;

/** Drift step 2c (per batch): metrics, status tags, events, repair. */
public final class ReportDriftHandler extends JsonHandler<ReportInput, BatchSummary> {
    /** Built per invocation from the stack settings as the last deploy set them. */
    private final Supplier<DriftReporter> reporter;

    public ReportDriftHandler() {
        this(DriftFunctions.reporter(AwsClients.rds(), AwsClients.eventBridge(), AwsClients.sfn(), StackSettings.lambda()));
    }

    /** @param reporter called once per invocation (e.g. {@code StackSettings.perInvocation}) */
    ReportDriftHandler(Supplier<DriftReporter> reporter) {
        super(ReportInput.class);
        this.reporter = reporter;
    }

    @Override
    public BatchSummary handle(ReportInput input) {
        return reporter.get().report(input);
    }
}
