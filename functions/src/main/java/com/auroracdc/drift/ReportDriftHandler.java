package com.auroracdc.drift;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.settings.StackSettings;
import com.auroracdc.stage.JsonHandler;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Drift step 2c (per batch): metrics, status tags, events, repair. */
public final class ReportDriftHandler extends JsonHandler<ReportInput, BatchSummary> {
    /** Built per invocation from the stack settings as the last deploy set them. */
    private final Supplier<DriftReporter> reporter;

    public ReportDriftHandler() {
        this(AwsClients.rds(), AwsClients.eventBridge(), AwsClients.sfn(), StackSettings.lambda());
    }

    private ReportDriftHandler(RdsClient rds,
                               EventBridgeClient events,
                               SfnClient sfn, StackSettings stack) {
        this(stack.perInvocation(environment -> new DriftReporter(rds, events, sfn, DriftConfig.fromEnvironment(environment),
                System.out::println, System.err::println, Clock.systemUTC())));
    }

    public ReportDriftHandler(DriftReporter reporter) {
        this(() -> reporter);
    }

    /** @param reporter called once per invocation (e.g. {@code StackSettings.perInvocation}) */
    public ReportDriftHandler(Supplier<DriftReporter> reporter) {
        super(ReportInput.class);
        this.reporter = reporter;
    }

    @Override
    public BatchSummary handle(ReportInput input) {
        return reporter.get().report(input);
    }
}
