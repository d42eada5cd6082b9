package com.auroracdc.internal.parametergroup;

import static com.auroracdc.internal.parametergroup.Groups.CLUSTER;
import static com.auroracdc.internal.parametergroup.Groups.FAMILY;
import static com.auroracdc.internal.parametergroup.Groups.MANAGED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.ClusterBusyException;
import com.auroracdc.errors.ParameterGroupConflictException;
import com.auroracdc.errors.QuotaExceededException;
import com.auroracdc.errors.UnsupportedParameterValueException;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.AssociateGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.CopyGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.CreateGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.SetParameters;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.CopyDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.CreateDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.Tag;

/** One planned change, one RDS call: the exact request the simulated RDS received, and RDS's refusals as our errors. */
class ParameterGroupApplierTest {
    private static final List<Tag> TAGS = List.of(
            Tag.builder().key("managed-by").value("aurora-cdc-autopilot").build(),
            Tag.builder().key("materialize:cdc-cluster").value(CLUSTER).build());

    private final SimAws sim = SimAws.create();

    private ParameterGroupApplier applier() {
        return new ParameterGroupApplier(sim.rds());
    }

    /** The one call the change made (every call the applier made is recorded). */
    private Object onlyRequest() {
        assertThat(sim.calls()).hasSize(1);
        return sim.calls().getFirst().request();
    }

    private void existingGroup(String name) {
        sim.unrecorded(() -> sim.rds().createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(name)
                .dbParameterGroupFamily(FAMILY).description("d")));
    }

    @Test
    void apply_whenCreateGroup_createsItOfTheFamilyWithOurTags() {
        applier().apply(new CreateGroup(MANAGED, FAMILY, "desc", ManagedGroups.tags(CLUSTER)));

        assertThat(onlyRequest()).isEqualTo(CreateDbClusterParameterGroupRequest.builder()
                .dbClusterParameterGroupName(MANAGED).dbParameterGroupFamily(FAMILY).description("desc").tags(TAGS).build());
        assertThat(sim.rds().listTagsForResource(r -> r.resourceName(Groups.arn(MANAGED))).tagList())
                .containsExactlyInAnyOrderElementsOf(TAGS);
    }

    @Test
    void apply_whenCopyGroup_copiesSourceToOurNameWithOurTags() {
        existingGroup("team-pg");

        applier().apply(new CopyGroup("team-pg", MANAGED, "desc", ManagedGroups.tags(CLUSTER)));

        assertThat(onlyRequest()).isEqualTo(CopyDbClusterParameterGroupRequest.builder()
                .sourceDBClusterParameterGroupIdentifier("team-pg").targetDBClusterParameterGroupIdentifier(MANAGED)
                .targetDBClusterParameterGroupDescription("desc").tags(TAGS).build());
    }

    @Test
    void apply_whenSetParameters_writesExactlyThemAllPendingReboot() {
        existingGroup(MANAGED);

        applier().apply(new SetParameters(MANAGED, List.of(
                new ParameterSetting("max_worker_processes", "GREATEST({DBInstanceVCPU*2},8)", "GREATEST({DBInstanceVCPU*2},18)"),
                new ParameterSetting("rds.logical_replication", "0", "1"))));

        assertThat(onlyRequest()).isEqualTo(ModifyDbClusterParameterGroupRequest.builder()
                .dbClusterParameterGroupName(MANAGED).parameters(
                        Parameter.builder().parameterName("max_worker_processes")
                                .parameterValue("GREATEST({DBInstanceVCPU*2},18)").applyMethod(ApplyMethod.PENDING_REBOOT).build(),
                        Parameter.builder().parameterName("rds.logical_replication").parameterValue("1")
                                .applyMethod(ApplyMethod.PENDING_REBOOT).build())
                .build());
    }

    @Test
    void apply_whenAssociateGroup_modifiesClusterImmediately() {
        sim.newCluster(CLUSTER).create();
        existingGroup(MANAGED);

        applier().apply(new AssociateGroup(CLUSTER, MANAGED, "default." + FAMILY));

        assertThat(onlyRequest()).isEqualTo(ModifyDbClusterRequest.builder().dbClusterIdentifier(CLUSTER)
                .dbClusterParameterGroupName(MANAGED).applyImmediately(true).build());
    }

    @Test
    void apply_whenGroupAppearedConcurrently_throwsConflictSayingRerun() {
        existingGroup(MANAGED);

        assertThatThrownBy(() -> applier().apply(new CreateGroup(MANAGED, FAMILY, "d", ManagedGroups.tags(CLUSTER))))
                .isInstanceOf(ParameterGroupConflictException.class).hasMessageContaining("Run the setup again");
        assertThat(sim.calls()).extracting(SimCall::outcome).containsExactly("DBParameterGroupAlreadyExists");
    }

    @Test
    void apply_whenGroupQuotaReached_throwsQuotaExceeded() {
        existingGroup("team-pg");
        sim.failOperation("CopyDBClusterParameterGroup", "DBParameterGroupQuotaExceeded", 1); // the simulator has no quota

        assertThatThrownBy(() -> new ParameterGroupApplier(sim.rds())
                .apply(new CopyGroup("team-pg", MANAGED, "d", ManagedGroups.tags(CLUSTER))))
                .isInstanceOf(QuotaExceededException.class).hasMessageContaining("Service Quotas");
        assertThat(sim.calls()).extracting(SimCall::outcome).containsExactly("DBParameterGroupQuotaExceeded");
    }

    @Test
    void apply_whenRdsRejectsValue_throwsUnsupportedParameterValueWithRdsReason() {
        existingGroup(MANAGED);

        assertThatThrownBy(() -> applier().apply(new SetParameters(MANAGED,
                List.of(new ParameterSetting("max_replication_slots", "20", "2")))))
                .isInstanceOf(UnsupportedParameterValueException.class)
                .hasMessageContaining("is outside of range: 5-262143").hasMessageContaining("max_replication_slots");
        assertThat(sim.calls()).extracting(SimCall::outcome).containsExactly("InvalidParameterValue");
    }

    @Test
    void apply_whenClusterNotAvailable_throwsClusterBusy() {
        sim.newCluster(CLUSTER).status("modifying", Duration.ofMinutes(10)).create();
        existingGroup(MANAGED);

        assertThatThrownBy(() -> applier().apply(new AssociateGroup(CLUSTER, MANAGED, "x")))
                .isInstanceOf(ClusterBusyException.class).hasMessageContaining("it is modifying");
        assertThat(sim.rds().describeDBClusters(r -> r.dbClusterIdentifier(CLUSTER)).dbClusters().getFirst()
                .dbClusterParameterGroup()).isEqualTo("default." + FAMILY);
    }
}
