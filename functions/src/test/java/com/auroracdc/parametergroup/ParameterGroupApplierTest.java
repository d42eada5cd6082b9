package com.auroracdc.parametergroup;

import static com.auroracdc.parametergroup.Groups.CLUSTER;
import static com.auroracdc.parametergroup.Groups.FAMILY;
import static com.auroracdc.parametergroup.Groups.MANAGED;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import com.auroracdc.errors.ClusterBusyException;
import com.auroracdc.errors.ParameterGroupConflictException;
import com.auroracdc.errors.QuotaExceededException;
import com.auroracdc.errors.UnsupportedParameterValueException;
import com.auroracdc.parametergroup.ParameterGroupChange.AssociateGroup;
import com.auroracdc.parametergroup.ParameterGroupChange.CopyGroup;
import com.auroracdc.parametergroup.ParameterGroupChange.CreateGroup;
import com.auroracdc.parametergroup.ParameterGroupChange.SetParameters;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.CopyDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.CreateDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.DbParameterGroupAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupQuotaExceededException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

@ExtendWith(MockitoExtension.class)
class ParameterGroupApplierTest {
    private static final List<Tag> TAGS = List.of(
            Tag.builder().key("managed-by").value("aurora-cdc-autopilot").build(),
            Tag.builder().key("materialize:cdc-cluster").value(CLUSTER).build());

    @Mock
    private RdsClient rds;

    private ParameterGroupApplier applier() {
        return new ParameterGroupApplier(rds);
    }

    @Test
    void apply_whenCreateGroup_createsItOfTheFamilyWithOurTags() {
        applier().apply(new CreateGroup(MANAGED, FAMILY, "desc", ManagedGroups.tags(CLUSTER)));

        verify(rds).createDBClusterParameterGroup(CreateDbClusterParameterGroupRequest.builder()
                .dbClusterParameterGroupName(MANAGED).dbParameterGroupFamily(FAMILY).description("desc").tags(TAGS).build());
        verifyNoMoreInteractions(rds);
    }

    @Test
    void apply_whenCopyGroup_copiesSourceToOurNameWithOurTags() {
        applier().apply(new CopyGroup("team-pg", MANAGED, "desc", ManagedGroups.tags(CLUSTER)));

        verify(rds).copyDBClusterParameterGroup(CopyDbClusterParameterGroupRequest.builder()
                .sourceDBClusterParameterGroupIdentifier("team-pg").targetDBClusterParameterGroupIdentifier(MANAGED)
                .targetDBClusterParameterGroupDescription("desc").tags(TAGS).build());
        verifyNoMoreInteractions(rds);
    }

    @Test
    void apply_whenSetParameters_writesExactlyThemAllPendingReboot() {
        applier().apply(new SetParameters(MANAGED, List.of(
                new ParameterSetting("max_worker_processes", "GREATEST({DBInstanceVCPU*2},8)", "GREATEST({DBInstanceVCPU*2},18)"),
                new ParameterSetting("rds.logical_replication", "0", "1"))));

        verify(rds).modifyDBClusterParameterGroup(ModifyDbClusterParameterGroupRequest.builder()
                .dbClusterParameterGroupName(MANAGED).parameters(
                        Parameter.builder().parameterName("max_worker_processes")
                                .parameterValue("GREATEST({DBInstanceVCPU*2},18)").applyMethod(ApplyMethod.PENDING_REBOOT).build(),
                        Parameter.builder().parameterName("rds.logical_replication").parameterValue("1")
                                .applyMethod(ApplyMethod.PENDING_REBOOT).build())
                .build());
        verifyNoMoreInteractions(rds);
    }

    @Test
    void apply_whenAssociateGroup_modifiesClusterImmediately() {
        applier().apply(new AssociateGroup(CLUSTER, MANAGED, "default." + FAMILY));

        verify(rds).modifyDBCluster(ModifyDbClusterRequest.builder().dbClusterIdentifier(CLUSTER)
                .dbClusterParameterGroupName(MANAGED).applyImmediately(true).build());
        verifyNoMoreInteractions(rds);
    }

    @Test
    void setParameters_whenMoreThanTwenty_cannotBeBuilt() {
        List<ParameterSetting> many = java.util.stream.IntStream.range(0, 21)
                .mapToObj(i -> new ParameterSetting("p" + i, null, "1")).toList();
        assertThatThrownBy(() -> new SetParameters(MANAGED, many)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void apply_whenGroupAppearedConcurrently_throwsConflictSayingRerun() {
        when(rds.createDBClusterParameterGroup(any(CreateDbClusterParameterGroupRequest.class)))
                .thenThrow(DbParameterGroupAlreadyExistsException.builder().message("exists").build());

        assertThatThrownBy(() -> applier().apply(new CreateGroup(MANAGED, FAMILY, "d", ManagedGroups.tags(CLUSTER))))
                .isInstanceOf(ParameterGroupConflictException.class).hasMessageContaining("Run the setup again");
    }

    @Test
    void apply_whenGroupQuotaReached_throwsQuotaExceeded() {
        when(rds.copyDBClusterParameterGroup(any(CopyDbClusterParameterGroupRequest.class)))
                .thenThrow(DbParameterGroupQuotaExceededException.builder().message("quota").build());

        assertThatThrownBy(() -> applier().apply(new CopyGroup("team-pg", MANAGED, "d", ManagedGroups.tags(CLUSTER))))
                .isInstanceOf(QuotaExceededException.class).hasMessageContaining("Service Quotas");
    }

    @Test
    void apply_whenRdsRejectsValue_throwsUnsupportedParameterValue() {
        when(rds.modifyDBClusterParameterGroup(any(ModifyDbClusterParameterGroupRequest.class)))
                .thenThrow(RdsException.builder().awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidParameterValue")
                        .errorMessage("The function syntax you have provided is invalid").build()).build());

        assertThatThrownBy(() -> applier().apply(new SetParameters(MANAGED,
                List.of(new ParameterSetting("max_worker_processes", "8", "GREATEST({x},18)")))))
                .isInstanceOf(UnsupportedParameterValueException.class)
                .hasMessageContaining("function syntax").hasMessageContaining("max_worker_processes");
    }

    @Test
    void apply_whenClusterNotAvailable_throwsClusterBusy() {
        when(rds.modifyDBCluster(any(ModifyDbClusterRequest.class)))
                .thenThrow(InvalidDbClusterStateException.builder().awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("InvalidDBClusterStateFault").errorMessage("cluster is modifying").build()).build());

        assertThatThrownBy(() -> applier().apply(new AssociateGroup(CLUSTER, MANAGED, "x")))
                .isInstanceOf(ClusterBusyException.class).hasMessageContaining("cluster is modifying");
    }
}
