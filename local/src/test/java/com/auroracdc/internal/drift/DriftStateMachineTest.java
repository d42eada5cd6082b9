package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.cluster.ClusterBinding;
import com.auroracdc.internal.drift.check.ControlPlaneCheck;
import com.auroracdc.internal.drift.check.DatabaseCheck;
import com.auroracdc.internal.drift.check.DriftAreas;
import com.auroracdc.internal.drift.list.ClusterLister;
import com.auroracdc.internal.drift.report.DriftReporter;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.lambda.DriftFunctions;
import com.auroracdc.local.sfn.ExecutionRequest;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sfn.LambdaServiceError;
import com.auroracdc.local.sfn.LocalArns;
import com.auroracdc.local.sfn.LocalLambdaEndpoint;
import com.auroracdc.local.sfn.StateMachineRunner;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * statemachine/drift.asl.json itself, executed locally (aws-local-stepfunctions) with the real drift handlers
 * on the simulator: the data flows from state to state as the handlers expect, Lambda service errors are
 * retried, and a batch whose check fails is reported as uncheckable while the run succeeds.
 */
class DriftStateMachineTest {
    private static final Path DEFINITION = Path.of("../statemachine/drift.asl.json");
    private final DriftWorld world = new DriftWorld(Map.of(), Map.of(DriftConfig.BATCH_SIZE, "2"));
    private final LocalLambdaEndpoint lambda = LocalLambdaEndpoint.start();
    private final StateMachineRunner runner = new StateMachineRunner(lambda);

    @AfterEach
    void stop() {
        runner.close();
        lambda.close();
    }

    private void register(String failingCluster) {
        Map<String, String> env = world.environment();
        var config = DriftConfig.fromEnvironment(env);
        var controlPlane = new ControlPlaneCheck(world.sim().rds(), world.sim().ec2(), new SettingsResolver(env),
                DriftAreas.controlPlaneAreas(env, MaterializeAccess.withDefaultTrust(world.sim().secretsManager()),
                        world.privateLinkReads()));
        var reporter = new DriftReporter(world.sim().rds(), world.sim().eventBridge(), world.sim().sfn(), config,
                world.metrics()::add, world.log()::add, Clock.systemUTC());
        DatabaseCheck unreachable = new DatabaseCheck(context -> {
            throw new SQLException("Connection refused", "08001");
        }, List.of(), 2);
        lambda.register("ListTaggedClusters", DriftFunctions.listTaggedClusters(() ->
                        new ClusterLister(world.sim().rds(), new SettingsResolver(env), config)))
                .register("CheckControlPlane", failingFor(failingCluster, DriftFunctions.checkControlPlane(() -> controlPlane)))
                .register("CheckDatabases", DriftFunctions.checkDatabases(
                        ClusterBinding.fromEnvironment(world.sim().rds(), env), unreachable))
                .register("ReportDrift", DriftFunctions.reportDrift(() -> reporter))
                .register("SummarizeDrift", DriftFunctions.summarizeDrift("AuroraCdcAutopilot", world.metrics()::add,
                        Clock.systemUTC()));
    }

    /** A control-plane function that crashes on the batch holding one cluster (e.g. out of memory). */
    private static RequestStreamHandler failingFor(String cluster, RequestStreamHandler handler) {
        return (InputStream in, OutputStream out, Context context) -> {
            byte[] input = in.readAllBytes();
            if (Json.read(new String(input), BatchInput.class).clusterIds().contains(cluster)) {
                throw new IllegalStateException("crashed on purpose");
            }
            handler.handleRequest(new ByteArrayInputStream(input), out, context);
        };
    }

    private ExecutionResult run() throws Exception {
        // As Step Functions knows it: the batches are reported only for a running drift execution.
        String arn = world.sim().sfn().registerExecution(DriftWorld.DRIFT_ARN, "drift-2026-11-24T10-00", "{}");
        try {
            return runner.run(ExecutionRequest.builder(DEFINITION)
                .stateMachineName(DriftWorld.DRIFT_ARN.substring(DriftWorld.DRIFT_ARN.lastIndexOf(':') + 1))
                .substitution("ListTaggedClustersFunctionArn", LocalArns.function("ListTaggedClusters"))
                .substitution("CheckControlPlaneFunctionArn", LocalArns.function("CheckControlPlane") + ":live")
                .substitution("CheckDatabasesFunctionArn", LocalArns.function("CheckDatabases") + ":live")
                .substitution("ReportDriftFunctionArn", LocalArns.function("ReportDrift") + ":live")
                .substitution("SummarizeDriftFunctionArn", LocalArns.function("SummarizeDrift") + ":live")
                .substitution("DriftConcurrency", "2")
                .input(Files.readString(Path.of("../events/scheduled-event.json")))
                .executionName("drift-2026-11-24T10-00")
                .build());
        } finally {
            world.sim().sfn().finishExecution(arn, software.amazon.awssdk.services.sfn.model.ExecutionStatus.SUCCEEDED);
        }
    }

    @Test
    void execution_whenOneBatchCrashesAndServiceErrorsOccur_succeedsAndReportsEveryCluster() throws Exception {
        for (String id : List.of("a1", "a2", "b1", "b2", "c1")) {
            world.setUpNew(world.cluster(id));
        }
        world.sim().unrecorded(() -> world.sim().rds().modifyDBCluster(r -> r.dbClusterIdentifier("a2")
                .dbClusterParameterGroupName("default.aurora-postgresql16")));
        register("b1");
        lambda.failNext("ReportDrift", LambdaServiceError.TOO_MANY_REQUESTS, 1);
        lambda.failNext("ListTaggedClusters", LambdaServiceError.SERVICE_EXCEPTION, 1);

        ExecutionResult result = run();

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        JsonNode summary = result.output();
        assertThat(summary.get("clustersListed").asInt()).isEqualTo(5);
        assertThat(summary.get("clustersChecked").asInt()).isEqualTo(5);
        assertThat(summary.get("drifted")).extracting(JsonNode::asText).containsExactly("a2");
        // b1's batch crashed in the control-plane check: both its clusters are reported as uncheckable, and so
        // are a1 and c1, whose databases did not answer (a2 has drifted besides)
        assertThat(summary.get("uncheckable")).extracting(JsonNode::asText).containsExactlyInAnyOrder("a1", "b1", "b2", "c1");
        assertThat(summary.get("findingsByKind").get("check-failed").asInt()).isEqualTo(2);
        // every database was unreachable: a finding, not a failure (only the clusters whose check got that far)
        assertThat(summary.get("findingsByKind").get("cluster-unreachable").asInt()).isEqualTo(3);
        assertThat(lambda.invocations("ListTaggedClusters")).hasSize(2);
        assertThat(lambda.invocations("CheckControlPlane")).hasSize(3);
        assertThat(world.sim().eventBridge().sentEvents()).extracting(e -> e.detailType()).as("the setups', then the drift run's")
                .containsOnly("Aurora CDC Setup Completed", "Aurora CDC Drift Detected");
        assertThat(world.metrics()).anySatisfy(line -> assertThat(line).contains("\"ClustersChecked\":5"));
    }

    @Test
    void execution_whenNoClusterIsTagged_succeedsWithNothingChecked() throws Exception {
        world.sim().newCluster("untagged").create();
        register("none");
        ExecutionResult result = run();
        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.output().get("clustersChecked").asInt()).isZero();
        assertThat(lambda.invocations("CheckControlPlane")).isEmpty();
    }
}
