package com.auroracdc.drift;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.stage.JsonHandler;
import java.time.Clock;

/** Drift step 2c (per batch): metrics, status tags, events, repair. */
public final class ReportDriftHandler extends JsonHandler<ReportInput, BatchSummary> {
    private final DriftReporter reporter;

    public ReportDriftHandler() {
        this(new DriftReporter(AwsClients.rds(), AwsClients.eventBridge(), AwsClients.sfn(),
                DriftConfig.fromEnvironment(System.getenv()), System.out::println, System.err::println, Clock.systemUTC()));
    }

    public ReportDriftHandler(DriftReporter reporter) {
        super(ReportInput.class);
        this.reporter = reporter;
    }

    @Override
    public BatchSummary handle(ReportInput input) {
        return reporter.report(input);
    }
}
