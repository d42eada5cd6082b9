package com.auroracdc.parametergroup;

import static com.auroracdc.parametergroup.Groups.CLUSTER;
import static com.auroracdc.parametergroup.Groups.FAMILY;
import static com.auroracdc.parametergroup.Groups.MANAGED;
import static com.auroracdc.parametergroup.Groups.auroraDefaults;
import static com.auroracdc.parametergroup.Groups.withUserValues;
import static com.auroracdc.parametergroup.RdsStubs.cluster;
import static com.auroracdc.parametergroup.RdsStubs.facts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import com.auroracdc.cluster.ClusterReads;
import com.auroracdc.errors.ParameterGroupFamilyException;
import com.auroracdc.errors.ParameterGroupNotFoundException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParameterGroupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParametersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultClusterParametersRequest;
import software.amazon.awssdk.services.rds.model.DescribeEngineDefaultClusterParametersResponse;
import software.amazon.awssdk.services.rds.model.EngineDefaults;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceRequest;

@ExtendWith(MockitoExtension.class)
class ParameterGroupObserverTest {
    @Mock
    private RdsClient rds;
    private RdsStubs stubs;

    @BeforeEach
    void setUp() {
        stubs = new RdsStubs(rds);
    }

    /** As the stage observes: through the direct reads, from the cluster its binding has just described. */
    private ParameterGroupState observe() {
        return new ParameterGroupObserver(new DirectParameterGroupReads(rds)).observe(facts(CLUSTER, FAMILY, "stale-from-inspect"),
                ClusterReads.direct(rds).cluster(CLUSTER));
    }

    @Test
    void observe_whenDefaultGroup_readsEngineDefaultsOverEveryPageAndSkipsClusterUsage() {
        stubs.cluster(cluster(CLUSTER, "default." + FAMILY, "in-sync", "pending-reboot"));
        stubs.group("default." + FAMILY, FAMILY, Map.of());
        stubs.engineDefaults(FAMILY, auroraDefaults(), 3);

        ParameterGroupState state = observe();

        assertThat(state.current().name()).isEqualTo("default." + FAMILY);
        assertThat(state.current().isDefault()).isTrue();
        assertThat(state.managed()).isNull();
        assertThat(state.engineDefaults()).isEqualTo(auroraDefaults());
        assertThat(state.memberStatuses()).isEqualTo(Map.of(CLUSTER + "-1", "in-sync", CLUSTER + "-2", "pending-reboot"));
        // 10 parameters in pages of 3: four calls, each following the previous marker.
        verify(rds, times(4)).describeEngineDefaultClusterParameters(any(DescribeEngineDefaultClusterParametersRequest.class));
        verify(rds).describeEngineDefaultClusterParameters(DescribeEngineDefaultClusterParametersRequest.builder()
                .dbParameterGroupFamily(FAMILY).marker(FAMILY + "-p3").build());
        verify(rds).describeDBClusterParameterGroups(DescribeDbClusterParameterGroupsRequest.builder()
                .dbClusterParameterGroupName(MANAGED).build());
        verify(rds, never()).describeDBClusters(DescribeDbClustersRequest.builder().maxRecords(100).build());
        verify(rds, never()).describeDBClusterParameters(any(DescribeDbClusterParametersRequest.class));
    }

    @Test
    void observe_whenCustomGroup_readsEveryParameterPageAndEveryClusterPage() {
        var parameters = withUserValues(auroraDefaults(), Map.of("work_mem", "65536"));
        stubs.cluster(cluster(CLUSTER, "orders-pg", "in-sync"));
        stubs.group("orders-pg", FAMILY, Map.of());
        stubs.parameters("orders-pg", parameters, 4);
        stubs.allClusters(List.of(
                List.of(cluster(CLUSTER, "orders-pg"), cluster("a", "x")),
                List.of(cluster("b", "default." + FAMILY)),
                List.of(cluster("billing", "ORDERS-PG"))));

        ParameterGroupState state = observe();

        assertThat(state.current().parameters()).isEqualTo(parameters);
        assertThat(state.otherClusters()).containsExactly("billing");
        verify(rds, times(3)).describeDBClusterParameters(any(DescribeDbClusterParametersRequest.class));
        verify(rds).describeDBClusterParameters(DescribeDbClusterParametersRequest.builder()
                .dbClusterParameterGroupName("orders-pg").marker("orders-pg-p2").build());
        verify(rds).describeDBClusters(DescribeDbClustersRequest.builder().maxRecords(100).marker("m2").build());
        // Shared: our copy's name is looked up (absent), no engine defaults are needed for a copy.
        verify(rds, never()).describeEngineDefaultClusterParameters(any(DescribeEngineDefaultClusterParametersRequest.class));
    }

    @Test
    void observe_whenDedicatedCustomGroup_looksForOurCopyButReadsNoTags() {
        stubs.cluster(cluster(CLUSTER, "orders-pg", "in-sync"));
        stubs.group("orders-pg", FAMILY, Map.of());
        stubs.parameters("orders-pg", auroraDefaults(), 100);
        stubs.allClusters(List.of(List.of(cluster(CLUSTER, "orders-pg"))));

        ParameterGroupState state = observe();

        assertThat(state.otherClusters()).isEmpty();
        assertThat(state.managed()).isNull();
        verify(rds).describeDBClusterParameterGroups(DescribeDbClusterParameterGroupsRequest.builder()
                .dbClusterParameterGroupName(MANAGED).build());
        verify(rds, never()).listTagsForResource(any(ListTagsForResourceRequest.class));
    }

    @Test
    void observe_whenOurGroupExistsFromEarlierRun_readsItsTagsAndParameters() {
        stubs.cluster(cluster(CLUSTER, "default." + FAMILY, "in-sync"));
        stubs.group("default." + FAMILY, FAMILY, Map.of());
        stubs.group(MANAGED, FAMILY, ManagedGroups.tags(CLUSTER));
        stubs.parameters(MANAGED, auroraDefaults(), 100);

        ParameterGroupState state = observe();

        assertThat(state.managed()).isEqualTo(new ParameterGroupView(MANAGED, FAMILY, Groups.arn(MANAGED),
                ManagedGroups.tags(CLUSTER), auroraDefaults()));
        assertThat(state.engineDefaults()).isEmpty();
    }

    @Test
    void observe_whenOurGroupIsShared_readsItsTagsToProveOwnership() {
        stubs.cluster(cluster(CLUSTER, MANAGED, "in-sync"));
        stubs.group(MANAGED, FAMILY, ManagedGroups.tags(CLUSTER));
        stubs.parameters(MANAGED, auroraDefaults(), 100);
        stubs.allClusters(List.of(List.of(cluster(CLUSTER, MANAGED), cluster("orders-staging", MANAGED))));

        ParameterGroupState state = observe();

        assertThat(state.current().tags()).isEqualTo(ManagedGroups.tags(CLUSTER));
        assertThat(state.otherClusters()).containsExactly("orders-staging");
        assertThat(state.managed()).isNull();
    }

    @Test
    void observe_whenFamilyMismatch_readsOldGroupAndNewFamilyDefaults() {
        stubs.cluster(cluster(CLUSTER, "orders-pg15", "in-sync"));
        stubs.group("orders-pg15", "aurora-postgresql15", Map.of());
        stubs.parameters("orders-pg15", auroraDefaults(), 100);
        stubs.engineDefaults(FAMILY, auroraDefaults(), 100);

        ParameterGroupState state = observe();

        assertThat(state.current().family()).isEqualTo("aurora-postgresql15");
        assertThat(state.engineDefaults()).isEqualTo(auroraDefaults());
        verify(rds, never()).describeDBClusters(DescribeDbClustersRequest.builder().maxRecords(100).build());
    }

    @Test
    void observe_whenCurrentGroupMissing_throwsParameterGroupNotFoundSayingWhatToRun() {
        stubs.cluster(cluster(CLUSTER, "deleted-pg", "in-sync"));

        assertThatThrownBy(this::observe).isInstanceOf(ParameterGroupNotFoundException.class)
                .hasMessageContaining("deleted-pg").hasMessageContaining("aws rds modify-db-cluster");
    }

    @Test
    void observe_whenFamilyUnknown_throwsFamilyErrorBeforeAnyCall() {
        assertThatThrownBy(() -> new ParameterGroupObserver(new DirectParameterGroupReads(rds))
                .observe(facts(CLUSTER, null, "default." + FAMILY), cluster(CLUSTER, "default." + FAMILY, "in-sync")))
                .isInstanceOf(ParameterGroupFamilyException.class);
        verifyNoMoreInteractions(rds);
    }

    @Test
    void observe_whenEngineDefaultsEmpty_throwsFamilyError() {
        stubs.cluster(cluster(CLUSTER, "default." + FAMILY, "in-sync"));
        stubs.group("default." + FAMILY, FAMILY, Map.of());
        when(rds.describeEngineDefaultClusterParameters(any(DescribeEngineDefaultClusterParametersRequest.class)))
                .thenReturn(DescribeEngineDefaultClusterParametersResponse.builder()
                        .engineDefaults(EngineDefaults.builder().build()).build());

        assertThatThrownBy(this::observe).isInstanceOf(ParameterGroupFamilyException.class).hasMessageContaining(FAMILY);
    }
}
