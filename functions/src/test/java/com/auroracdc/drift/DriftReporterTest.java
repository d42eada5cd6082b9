package com.auroracdc.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.json.Json;
import com.auroracdc.report.ReportRequest.CaughtError;
import com.auroracdc.settings.RebootPolicy;
import com.auroracdc.settings.RepairMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;

class DriftReporterTest {
    private static final String SETUP_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:cdc-setup";
    private final Fakes.Rds rds = new Fakes.Rds();
    private final Fakes.Events events = new Fakes.Events();
    private final Fakes.Sfn sfn = new Fakes.Sfn();
    private final List<String> metrics = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    private DriftReporter reporter(String setupArn) {
        var config = DriftConfig.fromEnvironment(setupArn == null ? Map.of() : Map.of("SETUP_STATE_MACHINE_ARN", setupArn));
        return new DriftReporter(rds, events, sfn, config, metrics::add, log::add,
                Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
    }

    private static ClusterCheck check(String id, String statusTag, RepairMode repair, Finding... findings) {
        return new ClusterCheck(id, "arn:aws:rds:us-east-1:123456789012:cluster:" + id, statusTag, repair,
                RebootPolicy.IMMEDIATE, null, List.of(findings), null);
    }

    private static Finding finding(String id, FindingKind kind) {
        return Finding.of(id, kind, "expected", "found", "repair");
    }

    private static ReportInput input(ClusterCheck... checks) {
        return new ReportInput("run-1", "2026-11-24T10:00:00Z", List.of(), new BatchCheck("run-1", "t", List.of(checks)), null, null);
    }

    @Test
    void report_whenConvergedAndAlreadyReady_writesNothingAndPublishesNothing() {
        BatchSummary summary = reporter(SETUP_ARN).report(input(check("a", "ready", RepairMode.AUTO)));
        assertThat(rds.requests).isEmpty();
        assertThat(events.requests).isEmpty();
        assertThat(sfn.listCalls).isZero();
        assertThat(metrics).isEmpty();
        assertThat(summary.checked()).isEqualTo(1);
        assertThat(summary.drifted()).isEmpty();
    }

    @Test
    void report_whenDrifted_tagsPublishesAndCountsPerKind() throws Exception {
        BatchSummary summary = reporter(SETUP_ARN).report(input(
                check("a", "ready", RepairMode.OFF, finding("a", FindingKind.PUBLICATION), finding("a", FindingKind.SLOT_INACTIVE)),
                check("b", null, RepairMode.OFF)));
        assertThat(rds.requests(AddTagsToResourceRequest.class)).extracting(r -> r.resourceName() + "=" + r.tags().getFirst().value())
                .containsExactly("arn:aws:rds:us-east-1:123456789012:cluster:a=drifted", "arn:aws:rds:us-east-1:123456789012:cluster:b=ready");
        assertThat(events.requests).singleElement().satisfies(r -> assertThat(r.entries()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("aurora-cdc-autopilot");
            assertThat(e.detailType()).isEqualTo("Aurora CDC Drift Detected");
            assertThat(e.resources()).containsExactly("arn:aws:rds:us-east-1:123456789012:cluster:a");
            var detail = Json.MAPPER.readTree(e.detail());
            assertThat(detail.get("status").asText()).isEqualTo("drifted");
            assertThat(detail.get("repair").asText()).isEqualTo("off");
            assertThat(detail.get("findings")).hasSize(2);
            assertThat(detail.get("findings").get(0).get("kind").asText()).isEqualTo("publication");
            assertThat(detail.get("findings").get(0).get("severity").asText()).isEqualTo("critical");
        }));
        assertThat(summary.drifted()).containsExactly("a");
        assertThat(summary.findingsByKind()).isEqualTo(Map.of("publication", 1, "slot-inactive", 1));
        assertThat(metrics).hasSize(2);
        assertThat(sfn.started).isEmpty();
    }

    @Test
    void report_whenRepairAuto_startsTheSetupOncePerRunWithItsOwnName() throws Exception {
        sfn.running.add(RepairDecision.executionName("b", "an-earlier-run"));
        BatchSummary summary = reporter(SETUP_ARN).report(input(
                check("a", "drifted", RepairMode.AUTO, finding("a", FindingKind.SECURITY_GROUP_RULES)),
                check("b", "drifted", RepairMode.AUTO, finding("b", FindingKind.PARAMETER_VALUE)),
                check("c", "slot-warning", RepairMode.AUTO, finding("c", FindingKind.SLOT_RETAINED_WAL))));
        assertThat(sfn.listCalls).isEqualTo(1);
        assertThat(sfn.started).singleElement().satisfies(r -> {
            assertThat(r.stateMachineArn()).isEqualTo(SETUP_ARN);
            assertThat(r.name()).isEqualTo(RepairDecision.executionName("a", "run-1"));
            assertThat(Json.MAPPER.readTree(r.input()).toString()).isEqualTo("{\"clusterIdentifier\":\"a\"}");
        });
        assertThat(summary.repairsStarted()).containsExactly("a");
        assertThat(repairLabels()).containsEntry("a", "started").containsEntry("b", "running");
        assertThat(log).anySatisfy(line -> assertThat(line).contains("Repair not started this time for [b]"));
    }

    @Test
    void report_whenPutEventsFails_countsFindingsTagsAndRepairsAllTheSame() {
        events.failure = new RuntimeException("HTTP 500 after 4 attempts");
        BatchSummary summary = reporter(SETUP_ARN).report(input(
                check("a", "ready", RepairMode.AUTO, finding("a", FindingKind.SECURITY_GROUP)),
                check("b", "ready", RepairMode.OFF, finding("b", FindingKind.PUBLICATION))));
        assertThat(summary.checked()).isEqualTo(2);
        assertThat(summary.drifted()).containsExactly("a", "b");
        assertThat(summary.uncheckable()).as("a failed publish is not a failed check").isEmpty();
        assertThat(summary.findingsByKind()).isEqualTo(Map.of("security-group", 1, "publication", 1));
        assertThat(rds.requests(AddTagsToResourceRequest.class)).extracting(r -> r.tags().getFirst().value())
                .containsExactly("drifted", "drifted");
        assertThat(metrics).hasSize(2);
        assertThat(summary.repairsStarted()).as("repair still runs").containsExactly("a");
        assertThat(log).anySatisfy(line -> assertThat(line).contains("2 drift event(s) could not be published")
                .contains("HTTP 500"));
    }

    @Test
    void report_whenFiftyClustersDrifted_startsNoMoreSetupsThanTheCapAcrossTheRunsBatches() {
        List<ClusterCheck> first = new ArrayList<>();
        List<ClusterCheck> second = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            (i < 25 ? first : second).add(check("c" + i, "drifted", RepairMode.AUTO, finding("c" + i, FindingKind.PARAMETER_VALUE)));
        }
        DriftReporter reporter = reporter(SETUP_ARN);
        BatchSummary one = reporter.report(new ReportInput("run-1", "t", List.of(), new BatchCheck("run-1", "t", first), null, null));
        BatchSummary two = reporter.report(new ReportInput("run-1", "t", List.of(), new BatchCheck("run-1", "t", second), null, null));
        assertThat(one.repairsStarted()).containsExactly("c0", "c1", "c2", "c3", "c4");
        assertThat(two.repairsStarted()).as("the first batch used the run's cap").isEmpty();
        assertThat(sfn.started).hasSize(DriftConfig.defaults().repairCap()).hasSize(5);
        assertThat(repairLabels()).containsEntry("c5", "capped").containsEntry("c49", "capped");
        BatchSummary nextRun = reporter.report(new ReportInput("run-2", "t", List.of(), new BatchCheck("run-2", "t", second), null, null));
        assertThat(nextRun.repairsStarted()).as("the next run has its own cap").hasSize(5);
    }

    @Test
    void report_whenTwoRepairsFailedInARow_suspendsRepairUntilSomeoneActs() throws Exception {
        sfn.finished(RepairDecision.executionName("a", "run-0"), software.amazon.awssdk.services.sfn.model.ExecutionStatus.FAILED);
        sfn.finished(RepairDecision.executionName("a", "run-00"), software.amazon.awssdk.services.sfn.model.ExecutionStatus.TIMED_OUT);
        sfn.finished(RepairDecision.executionName("b", "run-0"), software.amazon.awssdk.services.sfn.model.ExecutionStatus.FAILED);
        sfn.finished(RepairDecision.executionName("b", "run-00"), software.amazon.awssdk.services.sfn.model.ExecutionStatus.SUCCEEDED);
        BatchSummary summary = reporter(SETUP_ARN).report(input(
                check("a", "failed", RepairMode.AUTO, finding("a", FindingKind.PARAMETER_VALUE)),
                check("b", "failed", RepairMode.AUTO, finding("b", FindingKind.PARAMETER_VALUE))));
        assertThat(summary.repairsStarted()).as("b failed once only").containsExactly("b");
        assertThat(rds.requests(AddTagsToResourceRequest.class)).extracting(r -> r.resourceName() + "=" + r.tags().getFirst().value())
                .contains("arn:aws:rds:us-east-1:123456789012:cluster:a=repair-suspended");
        assertThat(summary.findingsByKind()).containsEntry("repair-suspended", 1);
        assertThat(repairLabels()).containsEntry("a", "suspended");
        var detail = Json.MAPPER.readTree(events.requests.getFirst().entries().getFirst().detail());
        assertThat(detail.get("findings").toString()).contains("repair-suspended").contains("set materialize:cdc-status=ready");

        // Someone acts: the status tag says ready again (a successful setup by hand, or the tag set by hand).
        sfn.started.clear();
        BatchSummary after = reporter(SETUP_ARN).report(new ReportInput("run-9", "t", List.of(), new BatchCheck("run-9", "t",
                List.of(check("a", "ready", RepairMode.AUTO, finding("a", FindingKind.PARAMETER_VALUE)))), null, null));
        assertThat(after.repairsStarted()).containsExactly("a");
    }

    @Test
    void report_whenReadersOnlyOrAnUnrelatedChangeWaitForAReboot_warnsAndRepairsNothing() {
        BatchSummary summary = reporter(SETUP_ARN).report(input(
                check("a", "ready", RepairMode.AUTO, finding("a", FindingKind.READERS_PENDING_REBOOT)),
                check("b", "ready", RepairMode.AUTO, finding("b", FindingKind.UNRELATED_PENDING_REBOOT)),
                check("c", "ready", RepairMode.AUTO, finding("c", FindingKind.WRITER_PENDING_REBOOT))));
        assertThat(sfn.started).isEmpty();
        assertThat(sfn.listCalls).isZero();
        assertThat(rds.requests(AddTagsToResourceRequest.class)).extracting(r -> r.tags().getFirst().value())
                .containsOnly("pending-reboot");
        assertThat(summary.findingsByKind()).containsOnlyKeys("readers-pending-reboot", "unrelated-pending-reboot",
                "writer-pending-reboot");
    }

    private Map<String, String> repairLabels() {
        Map<String, String> labels = new java.util.TreeMap<>();
        events.requests.forEach(r -> r.entries().forEach(e -> {
            try {
                var detail = Json.MAPPER.readTree(e.detail());
                labels.put(detail.get("clusterIdentifier").asText(), detail.get("repair").asText());
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        }));
        return labels;
    }

    @Test
    void report_whenRepairAutoButNoSetupStateMachine_saysSoAndStartsNothing() {
        reporter(null).report(input(check("a", "drifted", RepairMode.AUTO, finding("a", FindingKind.PUBLICATION))));
        assertThat(sfn.started).isEmpty();
        assertThat(log).anySatisfy(line -> assertThat(line).contains("SETUP_STATE_MACHINE_ARN is not set"));
    }

    @Test
    void report_whenManyDriftedClusters_publishesAtMostTenEntriesPerCall() {
        List<ClusterCheck> checks = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            checks.add(check("c" + i, "drifted", RepairMode.OFF, finding("c" + i, FindingKind.REPLICA_IDENTITY)));
        }
        reporter(SETUP_ARN).report(new ReportInput("run-1", "t", List.of(), new BatchCheck("run-1", "t", checks), null, null));
        assertThat(events.requests).extracting(r -> r.entries().size()).containsExactly(10, 10, 3);
        assertThat(rds.requests).as("status unchanged: no tag call").isEmpty();
    }

    @Test
    void report_whenSomeEntriesAreThrottled_resendsOnlyThose() {
        events.failNext = 1;
        reporter(SETUP_ARN).report(input(check("a", "drifted", RepairMode.OFF, finding("a", FindingKind.PUBLICATION)),
                check("b", "drifted", RepairMode.OFF, finding("b", FindingKind.PUBLICATION))));
        assertThat(events.requests).extracting(r -> r.entries().size()).containsExactly(2, 1);
        assertThat(log).isEmpty();
    }

    @Test
    void report_whenTagWriteFails_stillPublishes() {
        rds.tagFailure = new RuntimeException("throttled");
        BatchSummary summary = reporter(SETUP_ARN).report(input(check("a", "ready", RepairMode.OFF, finding("a", FindingKind.PUBLICATION))));
        assertThat(events.requests).hasSize(1);
        assertThat(summary.drifted()).containsExactly("a");
        assertThat(log).anySatisfy(line -> assertThat(line).contains("Could not set materialize:cdc-status=drifted on a"));
    }

    @Test
    void report_whenControlPlaneCheckOfTheBatchFailed_reportsEachClusterAsUncheckable() {
        var error = new CaughtError("States.Timeout", "Task timed out after 300 seconds");
        BatchSummary summary = reporter(SETUP_ARN).report(new ReportInput("run-1", "t", List.of("a", "b"), null, error, null));
        assertThat(summary.uncheckable()).containsExactly("a", "b");
        assertThat(summary.findingsByKind()).containsEntry("check-failed", 2);
        assertThat(events.requests.getFirst().entries()).hasSize(2);
        assertThat(events.requests.getFirst().entries().getFirst().detail()).contains("States.Timeout: Task timed out after 300 seconds");
    }

    @Test
    void report_whenDatabaseCheckOfTheBatchFailed_keepsControlPlaneFindingsAndAddsOne() {
        var withTarget = new ClusterCheck("a", "arn:aws:rds:us-east-1:123456789012:cluster:a", "ready", RepairMode.AUTO,
                RebootPolicy.IMMEDIATE, null, List.of(finding("a", FindingKind.SECURITY_GROUP_RULES)),
                new com.auroracdc.cluster.SetupContext("run-1", "t", true, null, null, List.of()));
        var error = new CaughtError("com.example.Boom", "{\"errorMessage\":\"boom\",\"errorType\":\"com.example.Boom\"}");
        BatchSummary summary = reporter(SETUP_ARN).report(new ReportInput("run-1", "t", List.of("a"),
                new BatchCheck("run-1", "t", List.of(withTarget)), null, error));
        assertThat(summary.findingsByKind()).isEqualTo(Map.of("check-failed", 1, "security-group-rules", 1));
        assertThat(summary.drifted()).containsExactly("a");
        assertThat(sfn.started).as("the control-plane drift is repaired all the same").hasSize(1);
    }

    @Test
    void report_whenClusterWasDeleted_countsItGone() {
        BatchSummary summary = reporter(SETUP_ARN).report(input(ClusterCheck.skipped("x", "deleted")));
        assertThat(summary.gone()).containsExactly("x");
        assertThat(summary.checked()).isZero();
    }

    @Test
    void event_hasTheShapeOfTheDocumentedExample() throws Exception {
        var example = Json.MAPPER.readTree(java.nio.file.Files.readString(java.nio.file.Path.of("../events/drift-detected.json")));
        reporter(SETUP_ARN).report(input(check("orders-prod", "ready", RepairMode.AUTO,
                finding("orders-prod", FindingKind.SECURITY_GROUP_RULES), finding("orders-prod", FindingKind.SLOT_INACTIVE))));
        var entry = events.requests.getFirst().entries().getFirst();
        assertThat(entry.detailType()).isEqualTo(example.get("detail-type").asText());
        assertThat(entry.source()).isEqualTo(example.get("source").asText());
        var detail = Json.MAPPER.readTree(entry.detail());
        assertThat(fieldNames(detail)).isEqualTo(fieldNames(example.get("detail")));
        assertThat(fieldNames(detail.get("findings").get(0))).isEqualTo(fieldNames(example.get("detail").get("findings").get(0)));
        assertThat(detail.get("repair").asText()).isEqualTo(example.get("detail").get("repair").asText());
    }

    private static java.util.Set<String> fieldNames(com.fasterxml.jackson.databind.JsonNode node) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
