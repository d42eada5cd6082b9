package com.auroracdc.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.stage.StageResult;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetupReporterTest {
    private static SetupContext context() {
        return com.auroracdc.internal.execution.TestExecutions.sampleContext(false);
    }

    private static StageResult stage(String name, List<String> applied, Map<String, String> facts) {
        return new StageResult(name, false, applied, applied, List.of(), facts);
    }

    @Test
    void report_whenEveryStageSucceeded_isReadyWithMaterializeSql() throws Exception {
        var request = new FinishedRun(null, "exec-1", context(), null,
                stage("parameterGroup", List.of("Create group"), Map.of()), stage("securityGroup", List.of(), Map.of()),
                stage("reboot", List.of("Reboot writer"), Map.of("action", "await")),
                stage("publication", List.of("Create publication"), Map.of("materializeSql", "CREATE SOURCE ...")), null, null, null, true);
        SetupReport report = SetupReporter.report(request, "materialize:cdc");
        assertThat(report.status()).isEqualTo("ready");
        assertThat(report.changes()).containsExactly("Create group", "Reboot writer", "Create publication");
        assertThat(report.nextSteps()).isEqualTo("CREATE SOURCE ...");
        assertThat(SetupReporter.statusTag(request, report)).isEqualTo("ready");
    }

    @Test
    void report_whenRebootPolicyNever_isPendingRebootWithInstructions() throws Exception {
        var request = new FinishedRun(null, "exec-1", context(), null, null, null,
                stage("reboot", List.of(), Map.of("action", "pending-reboot", "instructions", "aws rds reboot-db-instance ...")), null, null, null, null, true);
        SetupReport report = SetupReporter.report(request, "materialize:cdc");
        assertThat(report.status()).isEqualTo("pending-reboot");
        assertThat(report.nextSteps()).startsWith("aws rds reboot-db-instance");
    }

    @Test
    void report_whenInspectRefused_failsWithSimpleNameAndMessageOnlyAndWritesNoTag() throws Exception {
        var input = Json.MAPPER.readTree("{\"clusterIdentifier\": \"legacy\"}");
        var cause = "{\"errorMessage\":\"Cluster legacy is Aurora Serverless v1 ...\",\"errorType\":\"com.auroracdc.errors.ServerlessV1NotSupportedException\",\"stackTrace\":[\"a\"]}";
        var request = new FinishedRun(input, "exec-2", null, null, null, null, null, null, null, null,
                new ReportRequest.CaughtError("com.auroracdc.errors.ServerlessV1NotSupportedException", cause), true);
        SetupReport report = SetupReporter.report(request, "materialize:cdc");
        assertThat(report.status()).isEqualTo("failed");
        assertThat(report.cluster()).isEqualTo("legacy");
        assertThat(report.error()).isEqualTo("ServerlessV1NotSupportedException");
        assertThat(report.cause()).isEqualTo("Cluster legacy is Aurora Serverless v1 ...");
        assertThat(SetupReporter.statusTag(request, report)).isNull();
    }

    @Test
    void report_whenInspectRefusedATeardownStartedByTheTag_stillNamesTheCluster() throws Exception {
        var event = (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of("../events/tag-change.json")));
        ((ObjectNode) event.path("detail").path("tags")).put("materialize:cdc", "disabled");
        var request = new FinishedRun(event, "exec-6", null, null, null, null, null, null, null, null,
                new ReportRequest.CaughtError("com.auroracdc.errors.SetupAlreadyRunningException", "{\"errorMessage\":\"busy\"}"),
                false);

        assertThat(SetupReporter.report(request, "materialize:cdc").cluster()).isEqualTo("orders-prod");
    }

    @Test
    void report_whenAnotherSetupHoldsTheCluster_leavesItsStatusAlone() throws Exception {
        var request = new FinishedRun(null, "exec-3", context(), null, null, null, null, null, null, null,
                new ReportRequest.CaughtError("com.auroracdc.errors.SetupAlreadyRunningException", "{\"errorMessage\":\"busy\"}"), true);
        assertThat(SetupReporter.statusTag(request, SetupReporter.report(request, "materialize:cdc"))).isNull();
    }

    @Test
    void report_whenADryRunEndedBeforeThePublicationStage_showsPreflightsPlanAsThePublicationPlan() {
        SetupContext dry = com.auroracdc.internal.execution.TestExecutions.sampleContext(true);
        var request = new FinishedRun(null, "exec-5", dry, stage("Preflight", List.of("Create publication mz_source"),
                Map.of("materializeSql", "CREATE SOURCE ...")), null, null, null, null, null, null, null, true);
        SetupReport report = SetupReporter.report(request, "materialize:cdc");
        assertThat(report.status()).isEqualTo("dry-run");
        assertThat(report.planned()).containsExactly("Create publication mz_source");
        assertThat(report.nextSteps()).as("no Materialize SQL before the cluster is ready").startsWith("This was a dry run")
                .doesNotContain("CREATE SOURCE");
    }

    @Test
    void report_whenStatesTimeout_keepsTheRawCause() throws Exception {
        var request = new FinishedRun(null, "exec-4", context(), null, null, null, null, null, null, null,
                new ReportRequest.CaughtError("States.Timeout", "Task timed out"), true);
        SetupReport report = SetupReporter.report(request, "materialize:cdc");
        assertThat(report.error()).isEqualTo("Timeout");
        assertThat(report.cause()).isEqualTo("Task timed out");
    }
}
