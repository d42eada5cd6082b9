package com.auroracdc.internal.parametergroup;

import static com.auroracdc.internal.parametergroup.Groups.CLUSTER;
import static com.auroracdc.internal.parametergroup.Groups.FAMILY;
import static com.auroracdc.internal.parametergroup.Groups.MANAGED;
import static com.auroracdc.internal.parametergroup.Groups.auroraDefaults;
import static com.auroracdc.internal.parametergroup.Groups.converged;
import static com.auroracdc.internal.parametergroup.Groups.custom;
import static com.auroracdc.internal.parametergroup.Groups.defaultGroup;
import static com.auroracdc.internal.parametergroup.Groups.ours;
import static com.auroracdc.internal.parametergroup.Groups.sources;
import static com.auroracdc.internal.parametergroup.Groups.state;
import static com.auroracdc.internal.parametergroup.Groups.withUserValues;
import static com.auroracdc.internal.parametergroup.Groups.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.ParameterGroupConflictException;
import com.auroracdc.errors.ParameterGroupFamilyException;
import com.auroracdc.errors.UnsupportedParameterValueException;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.AssociateGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.CopyGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.CreateGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.SetParameters;
import com.auroracdc.internal.settings.Tags;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterGroupPlannerTest {
    private static final Map<String, String> FIRST_RUN_VALUES = Map.of(
            "rds.logical_replication", "1",
            "max_logical_replication_workers", "7",
            "max_worker_processes", "GREATEST({DBInstanceVCPU*2},18)");

    @Test
    void plan_whenDefaultGroup_createsTaggedGroupOfClusterFamilySetsValuesAndAssociates() {
        ParameterGroupPlan plan = ParameterGroupPlanner.plan(
                state(defaultGroup(), List.of(), null, auroraDefaults()), sources(1));

        assertThat(plan.changes()).hasSize(3);
        assertThat(plan.changes().get(0)).isEqualTo(new CreateGroup(MANAGED, FAMILY,
                "Aurora CDC Autopilot: logical replication for cluster orders-prod (aurora-postgresql16)",
                Map.of(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE, ManagedGroups.CLUSTER_TAG, CLUSTER)));
        assertThat(plan.changes().get(1)).isInstanceOf(SetParameters.class);
        assertThat(((SetParameters) plan.changes().get(1)).groupName()).isEqualTo(MANAGED);
        // 20 slots and senders by default already cover 3 x 1 + 4 = 7: untouched.
        assertThat(written(plan)).isEqualTo(FIRST_RUN_VALUES);
        assertThat(plan.changes().get(2)).isEqualTo(new AssociateGroup(CLUSTER, MANAGED, "default." + FAMILY));
        assertThat(plan.facts()).containsEntry("parameterGroup", MANAGED).containsEntry("rebootNeeded", "true");
    }

    @Test
    void plan_whenDedicatedCustomGroup_copiesItAndLeavesTheCustomersGroupAlone() {
        var current = custom("orders-pg", FAMILY, withUserValues(auroraDefaults(), Map.of("work_mem", "65536")));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state(current, List.of(), null, Map.of()), sources(1));

        assertThat(plan.changes().getFirst()).isInstanceOf(CopyGroup.class);
        assertThat(((CopyGroup) plan.changes().getFirst()).tags())
                .containsEntry(ManagedGroups.SOURCE_TAG, "orders-pg")
                .containsEntry(ManagedGroups.SOURCE_FINGERPRINT_TAG, ManagedGroups.fingerprint(current.parameters()));
        assertThat(plan.changes()).filteredOn(SetParameters.class::isInstance)
                .allSatisfy(c -> assertThat(((SetParameters) c).groupName()).isEqualTo(MANAGED));
        assertThat(plan.changes().getLast()).isEqualTo(new AssociateGroup(CLUSTER, MANAGED, "orders-pg"));
        assertThat(plan.parameterGroup()).isEqualTo(MANAGED);
    }

    @Test
    void plan_whenDedicatedCustomGroupAndStackOptsIn_modifiesInPlaceWithoutAssociating() {
        var current = custom("orders-pg", FAMILY, withUserValues(auroraDefaults(), Map.of("work_mem", "65536")));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state(current, List.of(), null, Map.of()), sources(1),
                ParameterGroupPlanner.InPlace.SOLE_USER);

        assertThat(plan.changes()).hasSize(1).allSatisfy(c -> assertThat(c).isInstanceOf(SetParameters.class));
        assertThat(((SetParameters) plan.changes().getFirst()).groupName()).isEqualTo("orders-pg");
        assertThat(written(plan)).isEqualTo(FIRST_RUN_VALUES).doesNotContainKey("work_mem");
        assertThat(plan.parameterGroup()).isEqualTo("orders-pg");
        assertThat(plan.rebootNeeded()).isTrue();
    }

    @Test
    void plan_whenCustomGroupShared_copiesItAndRepointsOnlyThisCluster() {
        var shared = custom("team-pg", FAMILY, withUserValues(auroraDefaults(), Map.of(
                "work_mem", "65536", "max_replication_slots", "30")));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(
                state(shared, List.of("billing-prod"), null, Map.of()), sources(1));

        assertThat(plan.changes().getFirst()).isEqualTo(new CopyGroup("team-pg", MANAGED,
                "Aurora CDC Autopilot: logical replication for cluster orders-prod (aurora-postgresql16), copied from team-pg",
                ManagedGroups.copyTags(CLUSTER, "team-pg", ManagedGroups.fingerprint(shared.parameters()))));
        assertThat(plan.changes()).filteredOn(SetParameters.class::isInstance)
                .allSatisfy(c -> assertThat(((SetParameters) c).groupName()).isEqualTo(MANAGED));
        // The copy already holds the customer's values: nothing but ours is written, 30 slots stay.
        assertThat(written(plan)).isEqualTo(FIRST_RUN_VALUES);
        assertThat(plan.changes().getLast()).isEqualTo(new AssociateGroup(CLUSTER, MANAGED, "team-pg"));
        assertThat(plan.changes()).noneMatch(c -> c instanceof SetParameters s && s.groupName().equals("team-pg"));
    }

    @Test
    void plan_whenFamilyMismatch_createsGroupOfRightFamilyCarryingUserValuesThatExistThere() {
        var old = custom("orders-pg15", "aurora-postgresql15", withUserValues(auroraDefaults(), Map.of(
                "work_mem", "65536",
                "timezone", "Europe/Paris",
                "max_replication_slots", "40",
                "vacuum_defer_cleanup_age", "1000")));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state(old, List.of(), null, auroraDefaults()), sources(1));

        assertThat(plan.changes().getFirst()).isInstanceOf(CreateGroup.class);
        assertThat(((CreateGroup) plan.changes().getFirst()).family()).isEqualTo(FAMILY);
        Map<String, String> expected = new HashMap<>(FIRST_RUN_VALUES);
        expected.putAll(Map.of("work_mem", "65536", "timezone", "Europe/Paris", "max_replication_slots", "40"));
        assertThat(written(plan)).isEqualTo(expected);
        assertThat(plan.warnings()).singleElement().asString().contains("vacuum_defer_cleanup_age");
        assertThat(plan.changes().getLast()).isEqualTo(new AssociateGroup(CLUSTER, MANAGED, "orders-pg15"));
    }

    @Test
    void plan_whenFamilyMismatchAndCarriedValueTooLow_raisesItAfterCarrying() {
        var old = custom("orders-pg15", "aurora-postgresql15",
                withUserValues(auroraDefaults(), Map.of("max_replication_slots", "5")));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state(old, List.of(), null, auroraDefaults()), sources(1));

        assertThat(written(plan)).containsEntry("max_replication_slots", "7");
    }

    @Test
    void plan_whenDefaultGroupAndOurGroupAlreadyCreated_reusesItAndWritesOnlyWhatIsMissing() {
        // The earlier run created the group and wrote the first parameter before it crashed.
        var partial = ours(MANAGED, FAMILY, withUserValues(auroraDefaults(), Map.of("rds.logical_replication", "1")));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(
                state(defaultGroup(), List.of(), partial, Map.of()), sources(1));

        assertThat(plan.changes()).noneMatch(c -> c instanceof CreateGroup || c instanceof CopyGroup);
        assertThat(written(plan)).isEqualTo(Map.of(
                "max_logical_replication_workers", "7",
                "max_worker_processes", "GREATEST({DBInstanceVCPU*2},18)"));
        assertThat(plan.changes().getLast()).isEqualTo(new AssociateGroup(CLUSTER, MANAGED, "default." + FAMILY));
    }

    @Test
    void plan_whenSharedGroupAlreadyCopiedAndConfigured_onlyAssociates() {
        var shared = custom("team-pg", FAMILY, auroraDefaults());
        var copy = ours(MANAGED, FAMILY, converged(1));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state(shared, List.of("billing-prod"), copy, Map.of()), sources(1));

        assertThat(plan.changes()).containsExactly(new AssociateGroup(CLUSTER, MANAGED, "team-pg"));
    }

    @Test
    void plan_whenReservedNameTakenByForeignGroup_refusesWithConflict() {
        var foreign = custom(MANAGED, FAMILY, auroraDefaults());

        assertThatThrownBy(() -> ParameterGroupPlanner.plan(state(defaultGroup(), List.of(), foreign, Map.of()), sources(1)))
                .isInstanceOf(ParameterGroupConflictException.class)
                .hasMessageContaining(MANAGED).hasMessageContaining("managed-by");
    }

    @Test
    void plan_whenOurGroupHasOtherFamily_refusesWithFamilyError() {
        var wrongFamily = ours(MANAGED, "aurora-postgresql15", auroraDefaults());

        assertThatThrownBy(() -> ParameterGroupPlanner.plan(state(defaultGroup(), List.of(), wrongFamily, Map.of()), sources(1)))
                .isInstanceOf(ParameterGroupFamilyException.class)
                .hasMessageContaining("aurora-postgresql15");
    }

    @Test
    void plan_whenOurGroupIsSharedLater_modifiesInPlaceAndWarns() {
        var current = ours(MANAGED, FAMILY, auroraDefaults());

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state(current, List.of("orders-staging"), null, Map.of()), sources(1));

        assertThat(plan.changes()).allSatisfy(c -> assertThat(c).isInstanceOf(SetParameters.class));
        assertThat(plan.warnings()).singleElement().asString().contains("orders-staging");
    }

    @Test
    void plan_whenSharedGroupCarriesReservedNameButNotOurTags_refuses() {
        var current = custom(MANAGED, FAMILY, auroraDefaults());

        assertThatThrownBy(() -> ParameterGroupPlanner.plan(state(current, List.of("orders-staging"), null, Map.of()), sources(1)))
                .isInstanceOf(ParameterGroupConflictException.class);
    }

    @Test
    void plan_whenCustomerValuesHigher_keepsThem() {
        var current = custom("orders-pg", FAMILY, withUserValues(auroraDefaults(), Map.of(
                "rds.logical_replication", "1",
                "max_replication_slots", "50",
                "max_wal_senders", "60",
                "max_logical_replication_workers", "40",
                "max_worker_processes", "100")));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state(current, List.of(), null, Map.of()), sources(5),
                ParameterGroupPlanner.InPlace.SOLE_USER);

        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void plan_whenCustomerValueLowerThanFloor_raisesOnlyToTheFloor() {
        var current = custom("orders-pg", FAMILY, withUserValues(auroraDefaults(), Map.of(
                "max_replication_slots", "12", "max_wal_senders", "30")));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state(current, List.of(), null, Map.of()), sources(5));

        // 3 x 5 + 4 = 19
        assertThat(written(plan)).containsEntry("max_replication_slots", "19").doesNotContainKey("max_wal_senders");
    }

    @Test
    void plan_whenValuesAreFormulas_raisesTheirFloorAndKeepsTheirScaling() {
        var current = custom("orders-pg", FAMILY, withUserValues(auroraDefaults(), Map.of(
                "max_replication_slots", "{DBInstanceVCPU*4}",
                "max_wal_senders", "GREATEST({DBInstanceVCPU},40)",
                "max_logical_replication_workers", "SUM({DBInstanceVCPU},2)")));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state(current, List.of(), null, Map.of()), sources(1));

        assertThat(written(plan))
                .containsEntry("max_replication_slots", "GREATEST({DBInstanceVCPU*4},7)")
                .doesNotContainKey("max_wal_senders")
                .containsEntry("max_logical_replication_workers", "SUM({DBInstanceVCPU},7)")
                .containsEntry("max_worker_processes", "GREATEST({DBInstanceVCPU*2},18)");
    }

    @Test
    void plan_whenValueIsLeastOfFormula_refusesAndSaysWhatToSet() {
        var current = custom("orders-pg", FAMILY, withUserValues(auroraDefaults(), Map.of(
                "max_replication_slots", "LEAST({DBInstanceClassMemory/1000000000},4)")));

        assertThatThrownBy(() -> ParameterGroupPlanner.plan(state(current, List.of(), null, Map.of()), sources(1)))
                .isInstanceOf(UnsupportedParameterValueException.class)
                .hasMessageContaining("max_replication_slots").hasMessageContaining("at least 7");
    }

    @Test
    void plan_whenSizing_followsThreeSlotsPerSourcePlusReserve() {
        ParameterGroupPlan plan = ParameterGroupPlanner.plan(
                state(defaultGroup(), List.of(), null, auroraDefaults()), sources(10));

        // 3 x 10 + 4 = 34 for slots, senders and logical replication workers.
        assertThat(written(plan))
                .containsEntry("max_replication_slots", "34")
                .containsEntry("max_wal_senders", "34")
                .containsEntry("max_logical_replication_workers", "34");
    }

    @Test
    void plan_whenSizingWorkerProcesses_coversLogicalWorkersAutovacuumAndParallelWorkers() {
        var current = custom("orders-pg", FAMILY, withUserValues(auroraDefaults(), Map.of(
                "autovacuum_max_workers", "6",
                "max_parallel_workers", "GREATEST({DBInstanceVCPU/2},16)",
                "max_worker_processes", "20")));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state(current, List.of(), null, Map.of()), sources(2));

        // max_logical_replication_workers raised to 3 x 2 + 4 = 10; 10 + 6 + 16 = 32.
        assertThat(written(plan))
                .containsEntry("max_logical_replication_workers", "10")
                .containsEntry("max_worker_processes", "32")
                .doesNotContainKeys("autovacuum_max_workers", "max_parallel_workers");
    }

    @Test
    void plan_whenParameterHasNoValue_usesPostgresBuiltInDefault() {
        Map<String, ClusterParameter> parameters = new LinkedHashMap<>(auroraDefaults());
        parameters.put("max_wal_senders", new ClusterParameter("max_wal_senders", null, "engine-default", "static", true));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(
                state(custom("orders-pg", FAMILY, parameters), List.of(), null, Map.of()), sources(1),
                ParameterGroupPlanner.InPlace.SOLE_USER);

        // Built-in 10 >= 7: nothing to do; built-in max_logical_replication_workers 4 < 7: raised.
        assertThat(written(plan)).doesNotContainKey("max_wal_senders").containsEntry("max_logical_replication_workers", "7");
        assertThat(plan.changes().getFirst().description()).contains("max_logical_replication_workers (default) -> 7");
    }

    @Test
    void plan_whenConvergedAndMembersInSync_plansNothingAndNeedsNoReboot() {
        var current = ours(MANAGED, FAMILY, converged(1));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state(current, List.of(), null, Map.of()), sources(1));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.warnings()).isEmpty();
        assertThat(plan.facts()).isEqualTo(Map.of("parameterGroup", MANAGED, "rebootNeeded", "false"));
    }

    @Test
    void plan_whenConvergedButMemberPendingReboot_plansNothingButNeedsReboot() {
        var state = new ParameterGroupState(CLUSTER, FAMILY, ours(MANAGED, FAMILY, converged(1)), List.of(), null,
                Map.of(), Map.of("orders-prod-1", "pending-reboot", "orders-prod-2", "in-sync"));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state, sources(1));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.rebootNeeded()).isTrue();
    }

    @Test
    void plan_whenMoreThanTwentyParameters_batchesAtMostTwentyPerCall() {
        Map<String, String> userValues = new HashMap<>();
        Map<String, ClusterParameter> newFamily = new LinkedHashMap<>(auroraDefaults());
        for (int i = 0; i < 45; i++) {
            userValues.put("custom_" + i, "v" + i);
            newFamily.put("custom_" + i, new ClusterParameter("custom_" + i, null, "engine-default", "dynamic", true));
        }
        var old = custom("orders-pg15", "aurora-postgresql15", withUserValues(newFamily, userValues));

        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state(old, List.of(), null, newFamily), sources(1));

        List<SetParameters> batches = plan.changes().stream()
                .filter(SetParameters.class::isInstance).map(SetParameters.class::cast).toList();
        assertThat(batches).hasSize(3).allSatisfy(b -> assertThat(b.settings()).hasSizeLessThanOrEqualTo(20));
        assertThat(written(plan)).hasSize(45 + 3);
    }

    @Test
    void plan_whenFamilyHasNoLogicalReplicationParameter_refuses() {
        Map<String, ClusterParameter> parameters = new LinkedHashMap<>(auroraDefaults());
        parameters.remove("rds.logical_replication");

        assertThatThrownBy(() -> ParameterGroupPlanner.plan(
                state(custom("orders-pg", FAMILY, parameters), List.of(), null, Map.of()), sources(1)))
                .isInstanceOf(ParameterGroupFamilyException.class)
                .hasMessageContaining("rds.logical_replication");
    }

    @Test
    void plan_whenApplied_describesEveryChangeForTheExecutionHistory() {
        ParameterGroupPlan plan = ParameterGroupPlanner.plan(
                state(defaultGroup(), List.of(), null, auroraDefaults()), sources(1));

        assertThat(plan.changes().get(1).description()).isEqualTo("Set in " + MANAGED + ": "
                + "max_logical_replication_workers (default) -> 7, "
                + "max_worker_processes GREATEST({DBInstanceVCPU*2},8) -> GREATEST({DBInstanceVCPU*2},18), "
                + "rds.logical_replication 0 -> 1 (pending-reboot)");
    }

    @Test
    void inPlace_fromEnvironment_onlyTheExactOptInModifiesACustomersGroup() {
        assertThat(ParameterGroupPlanner.InPlace.fromEnvironment(Map.of(ParameterGroupPlanner.InPlace.VARIABLE, "true")))
                .isEqualTo(ParameterGroupPlanner.InPlace.SOLE_USER);
        for (String value : List.of("false", "TRUE", "yes", "")) {
            assertThat(ParameterGroupPlanner.InPlace.fromEnvironment(Map.of(ParameterGroupPlanner.InPlace.VARIABLE, value)))
                    .as(value).isEqualTo(ParameterGroupPlanner.InPlace.NEVER);
        }
        assertThat(ParameterGroupPlanner.InPlace.fromEnvironment(Map.of())).isEqualTo(ParameterGroupPlanner.InPlace.NEVER);
    }
}
