package com.auroracdc.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetupMetricsTest {
    @Test
    void of_whenASetupFinishes_countsItByStatusAndMeasuresItFromTheExecutionStart() throws Exception {
        FinishedRun request = new FinishedRun(null, "exec", com.auroracdc.internal.execution.TestExecutions.sampleContext(false),
                null, null, null, null, null, null, null, null, true);
        Instant now = Instant.parse(request.context().startedAt()).plusSeconds(245);
        SetupReport report = SetupReporter.report(request, "materialize:cdc");

        JsonNode line = Json.MAPPER.readTree(SetupMetrics.of("AuroraCdcAutopilot", now, request.context().startedAt(),
                report).getFirst());

        assertThat(line.path("Status").asText()).isEqualTo(report.status());
        assertThat(line.path("Setups").asInt()).isEqualTo(1);
        assertThat(line.path("SetupDuration").asLong()).isEqualTo(245);
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.path("Namespace").asText()).isEqualTo("AuroraCdcAutopilot");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Status\"],[]]");
        assertThat(line.has("ClusterIdentifier")).as("no per-cluster metric").isFalse();
    }

    @Test
    void of_whenInspectRefusedTheInput_countsTheFailureWithoutADuration() throws Exception {
        FinishedRun request = new FinishedRun(null, "arn:aws:states:us-east-1:123456789012:execution:s:x", null, null,
                null, null, null, null, null, null, new ReportRequest.CaughtError("com.auroracdc.errors.InvalidInputException", "{}"), true);
        SetupReport report = SetupReporter.report(request, "materialize:cdc");

        List<String> lines = SetupMetrics.of("AuroraCdcAutopilot", Instant.now(), null, report);

        JsonNode line = Json.MAPPER.readTree(lines.getFirst());
        assertThat(line.path("Status").asText()).isEqualTo(SetupReporter.FAILED);
        assertThat(line.has("SetupDuration")).isFalse();
    }
}
