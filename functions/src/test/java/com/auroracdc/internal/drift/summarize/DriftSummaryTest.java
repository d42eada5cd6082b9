package com.auroracdc.internal.drift.summarize;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.BatchSummary;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.report.ReportRequest.CaughtError;
import com.auroracdc.lambda.DriftFunctions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftSummaryTest {
    @Test
    void summarize_whenOneBatchFailedToReport_countsItsClustersUncheckable() {
        var ok = new BatchSummary(3, List.of("a"), List.of("b"), List.of("gone"), Map.of("publication", 2, "cluster-unreachable", 1),
                List.of("a"), null, null);
        var failed = new BatchSummary(0, null, null, null, null, null, List.of("x", "y"), new CaughtError("States.Timeout", "c"));
        RunSummary summary = DriftSummary.summarize(new SummaryInput("run-1", "t", 6, List.of(), List.of(ok, failed)));
        assertThat(summary.clustersChecked()).isEqualTo(3);
        assertThat(summary.clustersDrifted()).isEqualTo(1);
        assertThat(summary.uncheckable()).containsExactly("b", "x", "y");
        assertThat(summary.findingsByKind()).isEqualTo(Map.of("check-failed", 2, "cluster-unreachable", 1, "publication", 2));
        assertThat(summary.repairsStarted()).containsExactly("a");
        assertThat(summary.gone()).containsExactly("gone");
    }

    @Test
    void handler_whenMapResultsArriveAsStepFunctionsPassesThem_readsBothShapes() throws Exception {
        String input = """
                {"runId": "run-1", "startedAt": "2026-11-24T10:00:00Z", "clusterCount": 3, "skipped": [],
                 "results": [
                   {"checked": 2, "drifted": ["a"], "uncheckable": [], "gone": [], "findingsByKind": {"publication": 1},
                    "repairsStarted": [], "failedClusterIds": []},
                   {"checked": 0, "failedClusterIds": ["c"], "error": {"Error": "States.Timeout", "Cause": "timed out"}}
                 ]}""";
        List<String> metrics = new ArrayList<>();
        var handler = DriftFunctions.summarizeDrift("AuroraCdcAutopilot", metrics::add,
                Clock.fixed(Instant.parse("2026-11-24T10:05:00Z"), ZoneOffset.UTC));
        var out = new java.io.ByteArrayOutputStream();
        handler.handleRequest(new java.io.ByteArrayInputStream(input.getBytes()), out, null);
        RunSummary summary = Json.read(out.toString(), RunSummary.class);
        assertThat(summary.clustersChecked()).isEqualTo(2);
        assertThat(summary.clustersUncheckable()).isEqualTo(1);
        assertThat(metrics).singleElement().satisfies(line -> assertThat(line).contains("\"ClustersChecked\":2")
                .contains("\"ClustersDrifted\":1").contains("\"ClustersUncheckable\":1"));
    }
}
