package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.list.ClusterLister;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.lambda.DriftFunctions;
import com.auroracdc.local.sim.SimAws;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;

/** The real-shaped inputs of events/ go through the handler the way Lambda hands them over, on the simulated RDS. */
class DriftEventsTest {
    private final SimAws sim = SimAws.create();

    /** What the ListTaggedClusters state passes: Parameters {runId, startedAt, event: $}. */
    private DriftRun list(String eventFile) throws Exception {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("runId", "5b0c1b9e-drift");
        input.put("startedAt", "2026-11-24T10:00:01.123Z");
        input.set("event", Json.MAPPER.readTree(Files.readString(Path.of("../events/" + eventFile))));
        // two pages, as DescribeDBClusters returns them past 100 clusters (the simulator past 2 here)
        sim.pageSize(2);
        for (String id : new String[] {"orders-prod", "billing", "search"}) {
            sim.newCluster(id).tag("materialize:cdc", "enabled").readers(0).create();
        }
        var handler = DriftFunctions.listTaggedClusters(() -> new ClusterLister(sim.rds(), new SettingsResolver(Map.of()), DriftConfig.defaults()));
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
                .containsExactly("billing", "orders-prod", "search")); // in listing order
        assertThat(sim.calls()).filteredOn(c -> c.operation().equals("DescribeDBClusters")).hasSize(2)
                .allSatisfy(c -> assertThat(((DescribeDbClustersRequest) c.request()).maxRecords()).isEqualTo(100));
    }

    @Test
    void manualInput_checksOnlyTheNamedClusters() throws Exception {
        DriftRun run = list("drift-manual-input.json");
        assertThat(run.batches()).singleElement().satisfies(b -> assertThat(b.clusterIds()).containsExactly("orders-prod"));
    }
}
