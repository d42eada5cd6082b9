package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.check.ReplicationSlot;
import com.auroracdc.internal.drift.check.SlotSnapshot;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.metrics.MetricLine;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftMetricsTest {
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    private static JsonNode parse(String line) throws Exception {
        return Json.MAPPER.readTree(line);
    }

    @Test
    void findings_whenTwoKinds_emitsOneEmfLinePerKindWithClusterKindAndTotalDimensionSets() throws Exception {
        var findings = List.of(
                Finding.of("orders", FindingKind.SECURITY_GROUP_RULES, "e", "f", "r"),
                Finding.of("orders", FindingKind.SECURITY_GROUP_RULES, "e", "f", "r"),
                Finding.of("orders", FindingKind.PUBLICATION, "e", "f", "r"));
        var lines = DriftMetrics.findings("AuroraCdcAutopilot", AT, "orders", findings);
        assertThat(lines).hasSize(2);
        JsonNode line = parse(lines.get(1));
        JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(line.get("_aws").get("Timestamp").asLong()).isEqualTo(AT.toEpochMilli());
        assertThat(directive.get("Namespace").asText()).isEqualTo("AuroraCdcAutopilot");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"ClusterIdentifier\",\"Kind\"],[\"Kind\"],[]]");
        assertThat(directive.get("Metrics").toString()).isEqualTo("[{\"Name\":\"DriftFindings\",\"Unit\":\"Count\"}]");
        assertThat(line.get("ClusterIdentifier").asText()).isEqualTo("orders");
        assertThat(line.get("Kind").asText()).isEqualTo("security-group-rules");
        assertThat(line.get("DriftFindings").asInt()).isEqualTo(2);
        assertThat(parse(lines.get(0)).get("Kind").asText()).isEqualTo("publication");
    }

    @Test
    void findings_whenClean_emitsNothing() {
        assertThat(DriftMetrics.findings("ns", AT, "orders", List.of())).isEmpty();
    }

    @Test
    void slots_whenSlots_emitsRetainedWalPerMaterializeSlotAndCountsPerCluster() throws Exception {
        var snapshot = new SlotSnapshot(10, AT, 170004, List.of(
                new ReplicationSlot("debezium", "logical", "pgoutput", "db", false, "reserved", 99L, null),
                new ReplicationSlot("materialize_a", "logical", "pgoutput", "db", false, "reserved", 123L, AT),
                new ReplicationSlot("materialize_b", "logical", "pgoutput", "db", false, "lost", null, AT),
                new ReplicationSlot("materialize_c", "logical", "pgoutput", "db", true, "reserved", 7L, null)));
        var lines = snapshot.metrics("ns", "orders");
        assertThat(lines).hasSize(3);
        JsonNode first = parse(lines.get(0));
        assertThat(first.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString())
                .isEqualTo("[[\"ClusterIdentifier\",\"SlotName\"],[]]");
        assertThat(first.get("SlotName").asText()).isEqualTo("materialize_a");
        assertThat(first.get("ReplicationSlotRetainedWalBytes").asLong()).isEqualTo(123);
        assertThat(first.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(0).get("Unit").asText()).isEqualTo("Bytes");
        JsonNode counts = parse(lines.get(2));
        assertThat(counts.get("InactiveReplicationSlots").asInt()).isEqualTo(1);
        assertThat(counts.get("InvalidatedReplicationSlots").asInt()).isEqualTo(1);
        assertThat(counts.get("FreeReplicationSlots").asInt()).isEqualTo(6);
        assertThat(counts.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString())
                .isEqualTo("[[\"ClusterIdentifier\"],[]]");
    }

    @Test
    void slots_whenEverySlotIsHealthy_emitsOnlyRetainedWalSoAHealthyClusterCostsNoMoreMetrics() throws Exception {
        var snapshot = new SlotSnapshot(10, AT, 170004, List.of(
                new ReplicationSlot("materialize_a", "logical", "pgoutput", "db", true, "reserved", 123L, null)));
        var lines = snapshot.metrics("ns", "orders");
        assertThat(lines).hasSize(1);
        assertThat(parse(lines.getFirst()).has("ReplicationSlotRetainedWalBytes")).isTrue();
    }

    @Test
    void run_whenSummarised_hasNoDimensions() throws Exception {
        JsonNode line = parse(DriftMetrics.run("ns", AT, 1000, 3, 1));
        assertThat(line.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString()).isEqualTo("[[]]");
        assertThat(line.get("ClustersChecked").asInt()).isEqualTo(1000);
        assertThat(line.get("ClustersDrifted").asInt()).isEqualTo(3);
        assertThat(line.get("ClustersUncheckable").asInt()).isEqualTo(1);
    }

    @Test
    void metricLine_whenDimensionHasNoValue_refusesToEmit() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricLine.of("ns", AT).dimensionSet("Kind")
                .metric("X", 1, "Count").toJson()).isInstanceOf(IllegalStateException.class);
    }
}
