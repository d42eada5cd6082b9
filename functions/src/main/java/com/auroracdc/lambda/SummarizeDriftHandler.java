package com.auroracdc.lambda;

import com.auroracdc.internal.drift.DriftConfig;
import com.auroracdc.internal.drift.summarize.DriftSummary;
import com.auroracdc.internal.drift.summarize.RunSummary;
import com.auroracdc.internal.drift.summarize.SummaryInput;
import com.auroracdc.internal.stage.JsonHandler;
import java.time.Clock;
import java.util.function.Consumer;

/** Drift step 3: the run's totals (output and EMF). Calls no AWS API. */
public final class SummarizeDriftHandler extends JsonHandler<SummaryInput, RunSummary> {
    private final String namespace;
    private final Consumer<String> metrics;
    private final Clock clock;

    public SummarizeDriftHandler() {
        this(DriftConfig.fromEnvironment(System.getenv()).metricsNamespace(), System.out::println, Clock.systemUTC());
    }

    SummarizeDriftHandler(String namespace, Consumer<String> metrics, Clock clock) {
        super(SummaryInput.class);
        this.namespace = namespace;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public RunSummary handle(SummaryInput input) {
        RunSummary summary = DriftSummary.summarize(input);
        metrics.accept(DriftSummary.metrics(namespace, clock.instant(), summary));
        return summary;
    }
}
