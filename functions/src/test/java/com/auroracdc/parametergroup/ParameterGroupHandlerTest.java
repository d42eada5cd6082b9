package com.auroracdc.parametergroup;

import static com.auroracdc.parametergroup.Groups.CLUSTER;
import static com.auroracdc.parametergroup.Groups.FAMILY;
import static com.auroracdc.parametergroup.Groups.MANAGED;
import static com.auroracdc.parametergroup.Groups.auroraDefaults;
import static com.auroracdc.parametergroup.Groups.converged;
import static com.auroracdc.parametergroup.Groups.withUserValues;
import static com.auroracdc.parametergroup.RdsStubs.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.auroracdc.errors.ExecutionNotRecognizedException;
import com.auroracdc.execution.StageInput;
import com.auroracdc.execution.TestExecutions;
import com.auroracdc.json.Json;
import com.auroracdc.stage.StageResult;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CopyDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.CreateDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;

@ExtendWith(MockitoExtension.class)
class ParameterGroupHandlerTest {
    @Mock
    private RdsClient rds;
    private RdsStubs stubs;

    @BeforeEach
    void setUp() {
        stubs = new RdsStubs(rds);
    }

    private final TestExecutions executions = new TestExecutions();

    /** The sample cluster's execution, bound as Inspect binds it; the stage is handed its handle only. */
    private StageInput event(boolean dryRun) {
        return executions.bind(TestExecutions.sampleContext(dryRun));
    }

    private ParameterGroupHandler handler() {
        return new ParameterGroupHandler(rds, executions.authority);
    }

    private void defaultGroupCluster() {
        stubs.cluster(cluster(CLUSTER, "default." + FAMILY, "in-sync", "in-sync"));
        stubs.group("default." + FAMILY, FAMILY, Map.of());
        stubs.engineDefaults(FAMILY, auroraDefaults(), 100);
    }

    private void verifyNoMutatingCall() {
        verify(rds, never()).createDBClusterParameterGroup(any(CreateDbClusterParameterGroupRequest.class));
        verify(rds, never()).copyDBClusterParameterGroup(any(CopyDbClusterParameterGroupRequest.class));
        verify(rds, never()).modifyDBClusterParameterGroup(any(ModifyDbClusterParameterGroupRequest.class));
        verify(rds, never()).modifyDBCluster(any(ModifyDbClusterRequest.class));
    }

    @Test
    void handleRequest_whenStageInputEventOnDefaultGroup_createsSetsAssociatesAndReportsFacts() throws Exception {
        defaultGroupCluster();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler().handleRequest(new java.io.ByteArrayInputStream(Json.write(event(false)).getBytes()), out, null);

        StageResult result = Json.read(out.toString(), StageResult.class);
        assertThat(result.stage()).isEqualTo("parameterGroup");
        assertThat(result.planned()).hasSize(3).isEqualTo(result.applied());
        assertThat(result.facts()).isEqualTo(Map.of("parameterGroup", MANAGED, "rebootNeeded", "true"));
        var order = inOrder(rds);
        order.verify(rds).createDBClusterParameterGroup(any(CreateDbClusterParameterGroupRequest.class));
        order.verify(rds).modifyDBClusterParameterGroup(any(ModifyDbClusterParameterGroupRequest.class));
        order.verify(rds).modifyDBCluster(ModifyDbClusterRequest.builder().dbClusterIdentifier(CLUSTER)
                .dbClusterParameterGroupName(MANAGED).applyImmediately(true).build());
    }

    @Test
    void handle_whenDryRun_plansButMakesNoMutatingCall() throws Exception {
        defaultGroupCluster();

        StageResult result = handler().handle(event(true));

        assertThat(result.dryRun()).isTrue();
        assertThat(result.planned()).hasSize(3);
        assertThat(result.applied()).isEmpty();
        verifyNoMutatingCall();
    }

    @Test
    void handle_whenConverged_makesNoMutatingCallAndNeedsNoReboot() throws Exception {
        stubs.cluster(cluster(CLUSTER, MANAGED, "in-sync", "in-sync"));
        stubs.group(MANAGED, FAMILY, ManagedGroups.tags(CLUSTER));
        stubs.parameters(MANAGED, converged(1), 3);
        stubs.allClusters(List.of(List.of(cluster(CLUSTER, MANAGED))));

        StageResult result = handler().handle(event(false));

        assertThat(result.planned()).isEmpty();
        assertThat(result.facts()).isEqualTo(Map.of("parameterGroup", MANAGED, "rebootNeeded", "false"));
        verifyNoMutatingCall();
    }

    @Test
    void handle_whenRerunAfterCrashBeforeAssociating_reusesOurGroupAndOnlyAssociates() throws Exception {
        stubs.cluster(cluster(CLUSTER, "default." + FAMILY, "in-sync", "in-sync"));
        stubs.group("default." + FAMILY, FAMILY, Map.of());
        stubs.group(MANAGED, FAMILY, ManagedGroups.tags(CLUSTER));
        stubs.parameters(MANAGED, converged(1), 100);

        StageResult result = handler().handle(event(false));

        assertThat(result.applied()).singleElement().asString().startsWith("Associate " + MANAGED);
        verify(rds, never()).createDBClusterParameterGroup(any(CreateDbClusterParameterGroupRequest.class));
        verify(rds, never()).modifyDBClusterParameterGroup(any(ModifyDbClusterParameterGroupRequest.class));
        verify(rds).modifyDBCluster(any(ModifyDbClusterRequest.class));
    }

    @Test
    void handle_whenRetriedAfterItsChangesWereMade_keepsThemAppliedAndChangesNothingMore() {
        defaultGroupCluster();
        StageInput input = event(false);
        handler().handle(input);
        stubs.cluster(cluster(CLUSTER, MANAGED, "pending-reboot", "pending-reboot"));
        stubs.group(MANAGED, FAMILY, ManagedGroups.tags(CLUSTER));
        stubs.parameters(MANAGED, converged(1), 3);
        stubs.allClusters(List.of(List.of(cluster(CLUSTER, MANAGED))));

        StageResult retried = handler().handle(input);

        assertThat(retried.applied()).hasSize(3);
        verify(rds, org.mockito.Mockito.times(1)).modifyDBCluster(any(ModifyDbClusterRequest.class));
    }

    @Test
    void handle_whenHandleMissing_isRefusedWithoutAnyCall() {
        assertThatThrownBy(() -> handler().handle(new StageInput(null)))
                .isInstanceOf(ExecutionNotRecognizedException.class).hasMessageContaining("events/stage-input.json");
        org.mockito.Mockito.verifyNoInteractions(rds);
    }
}
