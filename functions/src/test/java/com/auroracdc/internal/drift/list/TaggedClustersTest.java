package com.auroracdc.internal.drift.list;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.DriftRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.Tag;

class TaggedClustersTest {
    static DBCluster cluster(String id, String engine, String mode, String group, Map<String, String> tags) {
        return DBCluster.builder().dbClusterIdentifier(id).engine(engine).engineMode(mode).dbClusterParameterGroup(group)
                .tagList(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                .build();
    }

    static DBCluster tagged(String id, String group) {
        return cluster(id, "aurora-postgresql", "provisioned", group, Map.of("materialize:cdc", "enabled"));
    }

    @Test
    void plan_whenMixedFleet_keepsTaggedAndDisabledAuroraPostgresqlAndSaysWhyOthersAreSkipped() {
        var all = List.of(
                tagged("orders", "mz-cdc-orders-aurora-postgresql16"),
                cluster("untagged", "aurora-postgresql", "provisioned", "default.aurora-postgresql16", Map.of()),
                cluster("disabled", "aurora-postgresql", "provisioned", "g", Map.of("materialize:cdc", "disabled")),
                cluster("untagged-since", "aurora-postgresql", "provisioned", "g", Map.of("materialize:cdc-status", "ready")),
                cluster("torn-down", "aurora-postgresql", "provisioned", "g", Map.of("materialize:cdc", "disabled",
                        "materialize:cdc-status", "removed")),
                cluster("torn-down-untagged", "aurora-postgresql", "provisioned", "g",
                        Map.of("materialize:cdc-status", "removed")),
                cluster("mysql", "aurora-mysql", "provisioned", "g", Map.of("materialize:cdc", "enabled")),
                cluster("mysql-off", "aurora-mysql", "provisioned", "g", Map.of("materialize:cdc", "disabled")),
                cluster("legacy", "aurora-postgresql", "serverless", "g", Map.of("materialize:cdc", "enabled")));
        DriftRun run = TaggedClusters.plan("run-1", "2026-11-24T10:00:00Z", all, "materialize:cdc", Set.of(), 25);
        // disabled, or the trigger tag gone while our status tag stays: covered for leftover slots only; one that
        // never could replicate is not even skipped, nor one a teardown finished (removed)
        assertThat(run.clusterCount()).isEqualTo(3);
        assertThat(run.batches()).containsExactly(new DriftRun.Batch(List.of("disabled", "untagged-since", "orders")));
        assertThat(run.skipped()).extracting(DriftRun.Skipped::cluster).containsExactly("mysql", "legacy");
        assertThat(run.skipped().get(1).reason()).contains("Serverless v1");
    }

    @Test
    void plan_whenCustomTriggerKey_usesIt() {
        var all = List.of(cluster("a", "aurora-postgresql", "provisioned", "g", Map.of("cdc", "enabled")),
                tagged("b", "g"));
        assertThat(TaggedClusters.plan("r", "t", all, "cdc", Set.of(), 25).batches())
                .containsExactly(new DriftRun.Batch(List.of("a")));
    }

    @Test
    void plan_when1000Clusters_makesBatchesOfTheConfiguredSizeWithSharedGroupsTogether() {
        List<DBCluster> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            all.add(tagged(String.format("c%04d", i), i % 2 == 0 ? "shared-group" : "mz-cdc-c" + i));
        }
        all.add(cluster("other", "aurora-postgresql", "provisioned", "mz-cdc-c1", Map.of()));
        DriftRun run = TaggedClusters.plan("r", "t", all, "materialize:cdc", Set.of(), 25);
        assertThat(run.batches()).hasSize(40).allSatisfy(b -> assertThat(b.clusterIds()).hasSize(25));
        // the 500 users of shared-group fill 20 whole batches, not spread over 40
        long batchesWithShared = run.batches().stream().filter(b -> b.clusterIds().stream()
                .anyMatch(id -> Integer.parseInt(id.substring(1)) % 2 == 0)).count();
        assertThat(batchesWithShared).isEqualTo(20);
        assertThat(run.sharedParameterGroups()).containsOnlyKeys("shared-group", "mz-cdc-c1");
        assertThat(run.sharedParameterGroups().get("shared-group")).hasSize(DriftRun.MAX_GROUP_USERS);
        assertThat(run.sharedParameterGroups().get("mz-cdc-c1")).containsExactly("c0001", "other");
        assertThat(com.auroracdc.internal.json.Json.write(run).length()).as("fits a Step Functions state").isLessThan(64_000);
    }

    @Test
    void plan_whenDefaultGroupIsUsedByMany_doesNotCallItShared() {
        var all = List.of(tagged("a", "default.aurora-postgresql16"), tagged("b", "default.aurora-postgresql16"));
        assertThat(TaggedClusters.plan("r", "t", all, "materialize:cdc", Set.of(), 25).sharedParameterGroups()).isEmpty();
    }

    @Test
    void plan_whenManualRunNamesClusters_checksOnlyThose() {
        var all = List.of(tagged("a", "g"), tagged("b", "g"), tagged("c", "g"));
        assertThat(TaggedClusters.plan("r", "t", all, "materialize:cdc", Set.of("b", "zz"), 25).batches())
                .containsExactly(new DriftRun.Batch(List.of("b")));
    }
}
