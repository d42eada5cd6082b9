package com.auroracdc.internal.parametergroup;

import static com.auroracdc.internal.parametergroup.Groups.CLUSTER;
import static com.auroracdc.internal.parametergroup.Groups.FAMILY;
import static com.auroracdc.internal.parametergroup.Groups.MANAGED;
import static com.auroracdc.internal.parametergroup.Groups.facts;
import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.cluster.ClusterReads;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParameterGroupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParametersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultClusterParametersRequest;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The setup's parameter-group reads ({@link DirectParameterGroupReads}) as the observer makes them, against the
 * simulated RDS: every page of every listing (the simulator cuts them small), the exact requests, and no read more.
 * Which reads the observer asks for, and what it makes of them, is unit-tested in the functions module.
 */
class ParameterGroupReadsOnSimulatorTest {
    private final SimAws sim = SimAws.create();

    private ParameterGroupState observe() {
        var described = ClusterReads.direct(sim.rds()).cluster(CLUSTER);
        sim.clearCalls();
        return new ParameterGroupObserver(new DirectParameterGroupReads(sim.rds()))
                .observe(facts(CLUSTER, FAMILY, "stale-from-inspect"), described);
    }

    /** What a read answers with pages large enough for everything, as somebody else (not recorded). */
    private <T> T unpaged(int pageSize, Supplier<T> read) {
        sim.pageSize(1000);
        try {
            Object[] answer = new Object[1];
            sim.unrecorded(() -> answer[0] = read.get());
            @SuppressWarnings("unchecked")
            T result = (T) answer[0];
            return result;
        } finally {
            sim.pageSize(pageSize);
        }
    }

    private <T> List<T> requests(String operation, Class<T> type) {
        return sim.calls().stream().filter(c -> c.operation().equals(operation)).map(c -> type.cast(c.request())).toList();
    }

    private static int pages(int items, int pageSize) {
        return (items + pageSize - 1) / pageSize;
    }

    @Test
    void observe_whenDefaultGroup_readsEngineDefaultsOverEveryPageAndSkipsClusterUsage() {
        sim.pageSize(3);
        Scenario.DEFAULT_GROUP.build(sim, CLUSTER);

        ParameterGroupState state = observe();

        var defaults = unpaged(3, () -> new DirectParameterGroupReads(sim.rds()).engineDefaults(FAMILY));
        assertThat(defaults).hasSizeGreaterThan(3 * 3);
        assertThat(state.engineDefaults()).isEqualTo(defaults);
        assertThat(state.current().isDefault()).isTrue();
        assertThat(state.memberStatuses()).isEqualTo(Map.of(CLUSTER + "-instance-1", "in-sync", CLUSTER + "-instance-2", "in-sync"));
        var engineDefaultPages = requests("DescribeEngineDefaultClusterParameters", DescribeEngineDefaultClusterParametersRequest.class);
        assertThat(engineDefaultPages).hasSize(pages(defaults.size(), 3))
                .allSatisfy(r -> assertThat(r.dbParameterGroupFamily()).isEqualTo(FAMILY));
        assertThat(engineDefaultPages.getFirst().marker()).isNull();
        assertThat(engineDefaultPages.subList(1, engineDefaultPages.size())).extracting(DescribeEngineDefaultClusterParametersRequest::marker)
                .as("each page asked with the marker of the one before").doesNotContainNull().doesNotHaveDuplicates();
        assertThat(requests("DescribeDBClusterParameterGroups", DescribeDbClusterParameterGroupsRequest.class)).containsExactly(
                DescribeDbClusterParameterGroupsRequest.builder().dbClusterParameterGroupName("default." + FAMILY).build(),
                DescribeDbClusterParameterGroupsRequest.builder().dbClusterParameterGroupName(MANAGED).build());
        assertThat(sim.callCount("DescribeDBClusters")).as("no listing of the clusters using a default group").isZero();
        assertThat(sim.callCount("DescribeDBClusterParameters")).isZero();
    }

    @Test
    void observe_whenCustomGroup_readsEveryParameterPageAndEveryClusterPage() {
        sim.pageSize(2);
        sim.newCluster(CLUSTER).customClusterParameterGroup("orders-pg", Map.of("wal_sender_timeout", "65536"))
                .tag(Tags.DEFAULT_TRIGGER_KEY, Tags.TRIGGER_VALUE).create();
        sim.newCluster("a").customClusterParameterGroup("x", Map.of()).readers(0).create();
        sim.newCluster("b").readers(0).create();
        sim.newCluster("billing").clusterParameterGroup("orders-pg").readers(0).create();

        ParameterGroupState state = observe();

        var group = unpaged(2, () -> new DirectParameterGroupReads(sim.rds()).group("orders-pg").orElseThrow());
        var parameters = unpaged(2, () -> new DirectParameterGroupReads(sim.rds()).parameters(group));
        assertThat(state.current().parameters()).isEqualTo(parameters).hasSizeGreaterThan(2 * 2);
        assertThat(state.current().parameters().get("wal_sender_timeout").value()).isEqualTo("65536");
        assertThat(state.otherClusters()).containsExactly("billing");
        var parameterPages = requests("DescribeDBClusterParameters", DescribeDbClusterParametersRequest.class);
        assertThat(parameterPages).hasSize(pages(parameters.size(), 2))
                .allSatisfy(r -> assertThat(r.dbClusterParameterGroupName()).isEqualTo("orders-pg"));
        assertThat(parameterPages.getFirst().marker()).isNull();
        assertThat(parameterPages.subList(1, parameterPages.size())).extracting(DescribeDbClusterParametersRequest::marker)
                .doesNotContainNull().doesNotHaveDuplicates();
        var clusterPages = requests("DescribeDBClusters", DescribeDbClustersRequest.class);
        assertThat(clusterPages).as("four clusters in pages of two").hasSize(2)
                .allSatisfy(r -> assertThat(r.dbClusterIdentifier()).isNull());
        assertThat(clusterPages.get(0).marker()).isNull();
        assertThat(clusterPages.get(1).marker()).isNotNull();
        // Shared: our copy's name is looked up (absent), no engine defaults are needed for a copy, no tags.
        assertThat(requests("DescribeDBClusterParameterGroups", DescribeDbClusterParameterGroupsRequest.class))
                .extracting(DescribeDbClusterParameterGroupsRequest::dbClusterParameterGroupName).containsExactly("orders-pg", MANAGED);
        assertThat(sim.callCount("DescribeEngineDefaultClusterParameters")).isZero();
        assertThat(sim.callCount("ListTagsForResource")).isZero();
    }

    @Test
    void observe_whenOurGroupIsShared_readsItsTagsByArn() {
        sim.unrecorded(() -> sim.rds().createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(MANAGED)
                .dbParameterGroupFamily(FAMILY).description("ours").tags(ManagedGroups.tags(CLUSTER).entrySet().stream()
                        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())));
        sim.newCluster(CLUSTER).clusterParameterGroup(MANAGED).tag(Tags.DEFAULT_TRIGGER_KEY, Tags.TRIGGER_VALUE).create();
        sim.newCluster("orders-staging").clusterParameterGroup(MANAGED).readers(0).create();

        ParameterGroupState state = observe();

        assertThat(state.current().tags()).isEqualTo(ManagedGroups.tags(CLUSTER));
        assertThat(state.otherClusters()).containsExactly("orders-staging");
        assertThat(requests("ListTagsForResource", ListTagsForResourceRequest.class)).containsExactly(
                ListTagsForResourceRequest.builder().resourceName(state.current().arn()).build());
        assertThat(state.current().arn()).endsWith(":cluster-pg:" + MANAGED);
    }
}
