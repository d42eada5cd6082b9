package com.auroracdc.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.json.Json;
import com.auroracdc.settings.SettingsResolver;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;

/** The real-shaped inputs of events/ go through the handler the way Lambda hands them over. */
class DriftEventsTest {
    private final Fakes.Rds rds = new Fakes.Rds();

    /** What the ListTaggedClusters state passes: Parameters {runId, startedAt, event: $}. */
    private DriftRun list(String eventFile) throws Exception {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("runId", "5b0c1b9e-drift");
        input.put("startedAt", "2026-11-24T10:00:01.123Z");
        input.set("event", Json.MAPPER.readTree(Files.readString(Path.of("../events/" + eventFile))));
        // two pages, as DescribeDBClusters returns them past 100 clusters
        rds.clusters = r -> r.marker() == null
                ? DescribeDbClustersResponse.builder().marker("m1").dbClusters(
                        TaggedClustersTest.tagged("orders-prod", "g1"), TaggedClustersTest.tagged("billing", "g2")).build()
                : DescribeDbClustersResponse.builder().dbClusters(TaggedClustersTest.tagged("search", "g3")).build();
        var handler = new ListTaggedClustersHandler(new ClusterLister(rds, new SettingsResolver(Map.of()), DriftConfig.defaults()));
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(input).getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.read(out.toString(StandardCharsets.UTF_8), DriftRun.class);
    }

    @Test
    void scheduledEvent_listsEveryTaggedClusterOverAllPages() throws Exception {
        DriftRun run = list("scheduled-event.json");
        assertThat(run.runId()).isEqualTo("5b0c1b9e-drift");
        assertThat(run.clusterCount()).isEqualTo(3);
        assertThat(run.batches()).singleElement().satisfies(b -> assertThat(b.clusterIds())
                .containsExactly("orders-prod", "billing", "search"));
        assertThat(rds.requests(DescribeDbClustersRequest.class)).hasSize(2)
                .allSatisfy(r -> assertThat(r.maxRecords()).isEqualTo(100));
    }

    @Test
    void manualInput_checksOnlyTheNamedClusters() throws Exception {
        DriftRun run = list("drift-manual-input.json");
        assertThat(run.batches()).singleElement().satisfies(b -> assertThat(b.clusterIds()).containsExactly("orders-prod"));
    }
}
