package com.auroracdc.internal.parametergroup;

import static com.auroracdc.internal.parametergroup.Groups.CLUSTER;
import static com.auroracdc.internal.parametergroup.Groups.MANAGED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.ExecutionNotRecognizedException;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.execution.TestExecutions;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.lambda.ParameterGroupHandler;
import com.auroracdc.lambda.SetupFunctions;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;

/** The parameter-group stage on the simulated RDS: what it changes, in which order, and nothing when nothing is due. */
class ParameterGroupHandlerTest {
    private final SimAws sim = SimAws.create();
    private final TestExecutions executions = new TestExecutions();

    @BeforeEach
    void setUp() {
        sim.rds().statusLagReads(0); // a member reads pending-reboot as soon as a change needs a reboot
        Scenario.DEFAULT_GROUP.build(sim, CLUSTER); // Aurora PostgreSQL 16.4, a writer and a reader, default group
    }

    /** A new execution of the sample cluster (orders-prod), bound as Inspect binds it; the stage gets its handle only. */
    private StageInput event(boolean dryRun) {
        SetupContext sample = TestExecutions.sampleContext(dryRun);
        return executions.bind(new SetupContext(sample.executionId() + "-" + UUID.randomUUID(), sample.startedAt(), dryRun,
                sample.cluster(), sample.settings(), sample.warnings()));
    }

    private ParameterGroupHandler handler() {
        // The handler as the stack wires it (its own constructor is the factory's).
        return (ParameterGroupHandler) SetupFunctions.of(sim.apis(), StackSettings.fixed(Map.of()), executions.authority,
                null, Map.of()).get("ParameterGroupFunction");
    }

    private List<String> mutatingCalls() {
        return sim.calls().stream().filter(SimCall::mutating).map(SimCall::operation).toList();
    }

    /** Every member rebooted (as the reboot stage would) and back: the cluster runs its group's values. */
    private void rebootAndSettle() {
        sim.unrecorded(() -> {
            sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(CLUSTER + "-instance-1"));
            sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(CLUSTER + "-instance-2"));
        });
        sim.clock().advance(Duration.ofMinutes(5));
        sim.settle();
    }

    @Test
    void handleRequest_whenStageInputEventOnDefaultGroup_createsSetsAssociatesAndReportsFacts() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler().handleRequest(new ByteArrayInputStream(Json.write(event(false)).getBytes()), out, null);

        StageResult result = Json.read(out.toString(), StageResult.class);
        assertThat(result.stage()).isEqualTo("parameterGroup");
        assertThat(result.planned()).hasSize(3).isEqualTo(result.applied());
        assertThat(result.facts()).isEqualTo(Map.of("parameterGroup", MANAGED, "rebootNeeded", "true"));
        assertThat(mutatingCalls()).containsExactly("CreateDBClusterParameterGroup", "ModifyDBClusterParameterGroup",
                "ModifyDBCluster");
        assertThat(sim.calls()).filteredOn(c -> c.operation().equals("ModifyDBCluster")).singleElement()
                .extracting(SimCall::request).isEqualTo(ModifyDbClusterRequest.builder().dbClusterIdentifier(CLUSTER)
                        .dbClusterParameterGroupName(MANAGED).applyImmediately(true).build());
        assertThat(sim.calls()).filteredOn(c -> c.operation().equals("DescribeDBClusters")).isNotEmpty()
                .allSatisfy(c -> assertThat(((DescribeDbClustersRequest) c.request()).dbClusterIdentifier())
                        .as("the stage describes its own cluster by identifier").isEqualTo(CLUSTER));
    }

    @Test
    void handle_whenDryRun_plansButMakesNoMutatingCall() {
        StageResult result = handler().handle(event(true));

        assertThat(result.dryRun()).isTrue();
        assertThat(result.planned()).hasSize(3);
        assertThat(result.applied()).isEmpty();
        assertThat(sim.mutatingCallCount()).isZero();
    }

    @Test
    void handle_whenConverged_makesNoMutatingCallAndNeedsNoReboot() {
        handler().handle(event(false));
        rebootAndSettle();
        sim.clearCalls();

        StageResult result = handler().handle(event(false));

        assertThat(result.planned()).isEmpty();
        assertThat(result.facts()).isEqualTo(Map.of("parameterGroup", MANAGED, "rebootNeeded", "false"));
        assertThat(sim.mutatingCallCount()).isZero();
    }

    @Test
    void handle_whenRerunAfterCrashBeforeAssociating_reusesOurGroupAndOnlyAssociates() {
        sim.failOperation("ModifyDBCluster", "InternalFailure", 1);
        assertThatThrownBy(() -> handler().handle(event(false))).hasMessageContaining("ModifyDBCluster");
        sim.clearCalls();

        StageResult result = handler().handle(event(false));

        assertThat(result.applied()).singleElement().asString().startsWith("Associate " + MANAGED);
        assertThat(mutatingCalls()).containsExactly("ModifyDBCluster");
    }

    @Test
    void handle_whenRetriedAfterItsChangesWereMade_keepsThemAppliedAndChangesNothingMore() {
        StageInput input = event(false);
        handler().handle(input);

        StageResult retried = handler().handle(input);

        assertThat(retried.applied()).hasSize(3);
        assertThat(sim.mutatingCallsByOperation()).isEqualTo(Map.of("CreateDBClusterParameterGroup", 1L,
                "ModifyDBClusterParameterGroup", 1L, "ModifyDBCluster", 1L));
    }

    @Test
    void handle_whenHandleMissing_isRefusedWithoutAnyCall() {
        assertThatThrownBy(() -> handler().handle(new StageInput(null)))
                .isInstanceOf(ExecutionNotRecognizedException.class).hasMessageContaining("events/stage-input.json");
        assertThat(sim.callCount()).isZero();
    }
}
