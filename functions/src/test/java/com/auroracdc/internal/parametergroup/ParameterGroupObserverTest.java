package com.auroracdc.internal.parametergroup;

import static com.auroracdc.internal.parametergroup.Groups.CLUSTER;
import static com.auroracdc.internal.parametergroup.Groups.FAMILY;
import static com.auroracdc.internal.parametergroup.Groups.MANAGED;
import static com.auroracdc.internal.parametergroup.Groups.auroraDefaults;
import static com.auroracdc.internal.parametergroup.Groups.cluster;
import static com.auroracdc.internal.parametergroup.Groups.facts;
import static com.auroracdc.internal.parametergroup.Groups.withUserValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.ParameterGroupFamilyException;
import com.auroracdc.errors.ParameterGroupNotFoundException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Which reads the observer asks for, and what it makes of the answers, against a fake of {@link ParameterGroupReads}.
 * The real reads (every page, the exact requests) are tested on the simulator: ParameterGroupReadsOnSimulatorTest.
 */
class ParameterGroupObserverTest {
    private final FakeParameterGroupReads reads = new FakeParameterGroupReads();

    /** As the stage observes: from the cluster its binding has just described (Inspect's group name is stale). */
    private ParameterGroupState observe(DBCluster described) {
        return new ParameterGroupObserver(reads).observe(facts(CLUSTER, FAMILY, "stale-from-inspect"), described);
    }

    @Test
    void observe_whenDefaultGroup_readsEngineDefaultsAndSkipsClusterUsage() {
        reads.group("default." + FAMILY, FAMILY, Map.of(), Map.of()).engineDefaults(FAMILY, auroraDefaults());

        ParameterGroupState state = observe(cluster(CLUSTER, "default." + FAMILY, "in-sync", "pending-reboot"));

        assertThat(state.current().name()).isEqualTo("default." + FAMILY);
        assertThat(state.current().isDefault()).isTrue();
        assertThat(state.managed()).isNull();
        assertThat(state.engineDefaults()).isEqualTo(auroraDefaults());
        assertThat(state.memberStatuses()).isEqualTo(Map.of(CLUSTER + "-1", "in-sync", CLUSTER + "-2", "pending-reboot"));
        assertThat(reads.asked("group")).containsExactly("default." + FAMILY, MANAGED);
        assertThat(reads.asked("engineDefaults")).containsExactly(FAMILY);
        assertThat(reads.asked("clustersUsing")).isEmpty();
        assertThat(reads.asked("parameters")).as("a default group's parameters are not needed").isEmpty();
    }

    @Test
    void observe_whenCustomGroup_readsItsParametersAndEveryClusterUsingIt() {
        var parameters = withUserValues(auroraDefaults(), Map.of("work_mem", "65536"));
        reads.group("orders-pg", FAMILY, Map.of(), parameters)
                .cluster(CLUSTER, "orders-pg").cluster("a", "x").cluster("b", "default." + FAMILY).cluster("billing", "ORDERS-PG");

        ParameterGroupState state = observe(cluster(CLUSTER, "orders-pg", "in-sync"));

        assertThat(state.current().parameters()).isEqualTo(parameters);
        assertThat(state.otherClusters()).as("the cluster itself is not another").containsExactly("billing");
        assertThat(reads.asked("parameters")).containsExactly("orders-pg");
        assertThat(reads.asked("clustersUsing")).containsExactly("orders-pg");
        // Shared: our copy's name is looked up (absent), no engine defaults are needed for a copy.
        assertThat(reads.asked("group")).containsExactly("orders-pg", MANAGED);
        assertThat(reads.asked("engineDefaults")).isEmpty();
    }

    @Test
    void observe_whenDedicatedCustomGroup_looksForOurCopyButReadsNoTags() {
        reads.group("orders-pg", FAMILY, Map.of(), auroraDefaults()).cluster(CLUSTER, "orders-pg");

        ParameterGroupState state = observe(cluster(CLUSTER, "orders-pg", "in-sync"));

        assertThat(state.otherClusters()).isEmpty();
        assertThat(state.managed()).isNull();
        assertThat(reads.asked("group")).containsExactly("orders-pg", MANAGED);
        assertThat(reads.asked("tags")).isEmpty();
    }

    @Test
    void observe_whenOurGroupExistsFromEarlierRun_readsItsTagsAndParameters() {
        reads.group("default." + FAMILY, FAMILY, Map.of(), Map.of())
                .group(MANAGED, FAMILY, ManagedGroups.tags(CLUSTER), auroraDefaults())
                .engineDefaults(FAMILY, auroraDefaults());

        ParameterGroupState state = observe(cluster(CLUSTER, "default." + FAMILY, "in-sync"));

        assertThat(state.managed()).isEqualTo(new ParameterGroupView(MANAGED, FAMILY, Groups.arn(MANAGED),
                ManagedGroups.tags(CLUSTER), auroraDefaults()));
        assertThat(state.engineDefaults()).as("our group is the starting point, not the defaults").isEmpty();
        assertThat(reads.asked("tags")).containsExactly(Groups.arn(MANAGED));
        assertThat(reads.asked("engineDefaults")).isEmpty();
    }

    @Test
    void observe_whenOurGroupIsShared_readsItsTagsToProveOwnership() {
        reads.group(MANAGED, FAMILY, ManagedGroups.tags(CLUSTER), auroraDefaults())
                .cluster(CLUSTER, MANAGED).cluster("orders-staging", MANAGED);

        ParameterGroupState state = observe(cluster(CLUSTER, MANAGED, "in-sync"));

        assertThat(state.current().tags()).isEqualTo(ManagedGroups.tags(CLUSTER));
        assertThat(state.otherClusters()).containsExactly("orders-staging");
        assertThat(state.managed()).isNull();
        assertThat(reads.asked("group")).as("the cluster uses our group: no copy to look for").containsExactly(MANAGED);
    }

    @Test
    void observe_whenOurGroupIsTheClustersAlone_readsNoTags() {
        reads.group(MANAGED, FAMILY, ManagedGroups.tags(CLUSTER), auroraDefaults()).cluster(CLUSTER, MANAGED);

        ParameterGroupState state = observe(cluster(CLUSTER, MANAGED, "in-sync"));

        assertThat(state.current().tags()).isEmpty();
        assertThat(reads.asked("tags")).isEmpty();
    }

    @Test
    void observe_whenFamilyMismatch_readsOldGroupAndNewFamilyDefaults() {
        reads.group("orders-pg15", "aurora-postgresql15", Map.of(), auroraDefaults()).engineDefaults(FAMILY, auroraDefaults())
                .cluster(CLUSTER, "orders-pg15");

        ParameterGroupState state = observe(cluster(CLUSTER, "orders-pg15", "in-sync"));

        assertThat(state.current().family()).isEqualTo("aurora-postgresql15");
        assertThat(state.current().parameters()).isEqualTo(auroraDefaults());
        assertThat(state.engineDefaults()).isEqualTo(auroraDefaults());
        assertThat(state.otherClusters()).isEmpty();
        assertThat(reads.asked("clustersUsing")).as("a group of another family is copied anyway").isEmpty();
    }

    @Test
    void observe_whenCurrentGroupMissing_throwsParameterGroupNotFoundSayingWhatToRun() {
        assertThatThrownBy(() -> observe(cluster(CLUSTER, "deleted-pg", "in-sync")))
                .isInstanceOf(ParameterGroupNotFoundException.class)
                .hasMessageContaining("deleted-pg").hasMessageContaining("aws rds modify-db-cluster");
    }

    @Test
    void observe_whenFamilyUnknown_throwsFamilyErrorBeforeAnyRead() {
        assertThatThrownBy(() -> new ParameterGroupObserver(reads)
                .observe(facts(CLUSTER, null, "default." + FAMILY), cluster(CLUSTER, "default." + FAMILY, "in-sync")))
                .isInstanceOf(ParameterGroupFamilyException.class);
        assertThat(reads.asked).isEmpty();
    }

    @Test
    void observe_whenEngineDefaultsEmpty_throwsFamilyError() {
        reads.group("default." + FAMILY, FAMILY, Map.of(), Map.of()).engineDefaults(FAMILY, Map.of());

        assertThatThrownBy(() -> observe(cluster(CLUSTER, "default." + FAMILY, "in-sync")))
                .isInstanceOf(ParameterGroupFamilyException.class).hasMessageContaining(FAMILY);
    }
}
