package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.repair.RepairDecision;
import com.auroracdc.internal.drift.report.DriftReporter;
import com.auroracdc.internal.drift.report.ReportInput;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.report.ReportRequest.CaughtError;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.settings.RepairMode;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/** The drift report on the simulated RDS (status tags), EventBridge (drift events) and Step Functions (repairs). */
class DriftReporterTest {
    private static final String SETUP_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:cdc-setup";
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final SimAws sim = SimAws.create(SimAws.DEFAULT_REGION, SimAws.DEFAULT_ACCOUNT, new SimClock(NOW.minus(Duration.ofHours(1))));
    private final Set<String> clusters = new HashSet<>();
    /** What the reporter sends events to: the simulator's EventBridge unless a test needs what it does not model. */
    private EventBridgeClient events = sim.eventBridge();
    private final List<String> metrics = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    private DriftReporter reporter(String setupArn) {
        var config = DriftConfig.fromEnvironment(setupArn == null ? Map.of() : Map.of("SETUP_STATE_MACHINE_ARN", setupArn));
        return new DriftReporter(sim.rds(), events, sim.sfn(), config, metrics::add, log::add, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** The cluster's check; the cluster exists in the simulated account, so its status tag can be set. */
    private ClusterCheck check(String id, String statusTag, RepairMode repair, Finding... findings) {
        if (clusters.add(id)) {
            sim.newCluster(id).readers(0).create();
        }
        return new ClusterCheck(id, "arn:aws:rds:us-east-1:123456789012:cluster:" + id, statusTag, repair,
                RebootPolicy.IMMEDIATE, null, List.of(findings), null);
    }

    private static Finding finding(String id, FindingKind kind) {
        return Finding.of(id, kind, "expected", "found", "repair");
    }

    private static ReportInput input(ClusterCheck... checks) {
        return new ReportInput("run-1", "2026-11-24T10:00:00Z", List.of(), new BatchCheck("run-1", "t", List.of(checks)), null, null);
    }

    private <T> List<T> requests(String operation, Class<T> type) {
        return sim.calls().stream().filter(c -> c.operation().equals(operation)).map(c -> type.cast(c.request())).toList();
    }

    private List<AddTagsToResourceRequest> tagWrites() {
        return requests("AddTagsToResource", AddTagsToResourceRequest.class);
    }

    private List<PutEventsRequest> published() {
        return requests("PutEvents", PutEventsRequest.class);
    }

    private List<StartExecutionRequest> started() {
        return requests("StartExecution", StartExecutionRequest.class);
    }

    /** A setup execution started by an earlier drift run, a minute after the one before (ListExecutions: newest first). */
    private void earlierRepair(String name, ExecutionStatus status) {
        sim.clock().advance(Duration.ofMinutes(1));
        String[] arn = new String[1];
        sim.unrecorded(() -> arn[0] = sim.sfn().registerExecution(SETUP_ARN, name, "{}"));
        if (status != ExecutionStatus.RUNNING) {
            sim.sfn().finishExecution(arn[0], status);
        }
    }

    @Test
    void report_whenConvergedAndAlreadyReady_writesNothingAndPublishesNothing() {
        BatchSummary summary = reporter(SETUP_ARN).report(input(check("a", "ready", RepairMode.AUTO)));
        assertThat(sim.calls()).as("no tag, no event, no execution listed").isEmpty();
        assertThat(metrics).isEmpty();
        assertThat(summary.checked()).isEqualTo(1);
        assertThat(summary.drifted()).isEmpty();
    }

    @Test
    void report_whenDrifted_tagsPublishesAndCountsPerKind() throws Exception {
        BatchSummary summary = reporter(SETUP_ARN).report(input(
                check("a", "ready", RepairMode.OFF, finding("a", FindingKind.PUBLICATION), finding("a", FindingKind.SLOT_INACTIVE)),
                check("b", null, RepairMode.OFF)));
        assertThat(tagWrites()).extracting(r -> r.resourceName() + "=" + r.tags().getFirst().value())
                .containsExactly("arn:aws:rds:us-east-1:123456789012:cluster:a=drifted", "arn:aws:rds:us-east-1:123456789012:cluster:b=ready");
        assertThat(sim.rds().listTagsForResource(r -> r.resourceName("arn:aws:rds:us-east-1:123456789012:cluster:a")).tagList())
                .anyMatch(t -> t.key().equals("materialize:cdc-status") && t.value().equals("drifted"));
        assertThat(published()).singleElement().satisfies(r -> assertThat(r.entries()).singleElement().satisfies(e -> {
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
        assertThat(sim.eventBridge().sentEvents()).as("accepted by EventBridge").hasSize(1);
        assertThat(summary.drifted()).containsExactly("a");
        assertThat(summary.findingsByKind()).isEqualTo(Map.of("publication", 1, "slot-inactive", 1));
        assertThat(metrics).hasSize(2);
        assertThat(started()).isEmpty();
    }

    @Test
    void report_whenRepairAuto_startsTheSetupOncePerRunWithItsOwnName() throws Exception {
        earlierRepair(RepairDecision.executionName("b", "an-earlier-run"), ExecutionStatus.RUNNING);
        BatchSummary summary = reporter(SETUP_ARN).report(input(
                check("a", "drifted", RepairMode.AUTO, finding("a", FindingKind.SECURITY_GROUP_RULES)),
                check("b", "drifted", RepairMode.AUTO, finding("b", FindingKind.PARAMETER_VALUE)),
                check("c", "slot-warning", RepairMode.AUTO, finding("c", FindingKind.SLOT_RETAINED_WAL))));
        assertThat(sim.callCount("ListExecutions")).isEqualTo(1);
        assertThat(started()).singleElement().satisfies(r -> {
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
        sim.failOperation("PutEvents", "InternalException", 10); // as the SDK throws once its retries are used up
        BatchSummary summary = reporter(SETUP_ARN).report(input(
                check("a", "ready", RepairMode.AUTO, finding("a", FindingKind.SECURITY_GROUP)),
                check("b", "ready", RepairMode.OFF, finding("b", FindingKind.PUBLICATION))));
        assertThat(summary.checked()).isEqualTo(2);
        assertThat(summary.drifted()).containsExactly("a", "b");
        assertThat(summary.uncheckable()).as("a failed publish is not a failed check").isEmpty();
        assertThat(summary.findingsByKind()).isEqualTo(Map.of("security-group", 1, "publication", 1));
        assertThat(tagWrites()).extracting(r -> r.tags().getFirst().value()).containsExactly("drifted", "drifted");
        assertThat(metrics).hasSize(2);
        assertThat(summary.repairsStarted()).as("repair still runs").containsExactly("a");
        assertThat(log).anySatisfy(line -> assertThat(line).contains("2 drift event(s) could not be published")
                .contains("InternalException"));
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
        assertThat(started()).hasSize(DriftConfig.defaults().repairCap()).hasSize(5);
        assertThat(repairLabels()).containsEntry("c5", "capped").containsEntry("c49", "capped");
        BatchSummary nextRun = reporter.report(new ReportInput("run-2", "t", List.of(), new BatchCheck("run-2", "t", second), null, null));
        assertThat(nextRun.repairsStarted()).as("the next run has its own cap").hasSize(5);
    }

    @Test
    void report_whenTwoRepairsFailedInARow_suspendsRepairUntilSomeoneActs() throws Exception {
        earlierRepair(RepairDecision.executionName("a", "run-00"), ExecutionStatus.TIMED_OUT);
        earlierRepair(RepairDecision.executionName("b", "run-00"), ExecutionStatus.SUCCEEDED);
        earlierRepair(RepairDecision.executionName("a", "run-0"), ExecutionStatus.FAILED);
        earlierRepair(RepairDecision.executionName("b", "run-0"), ExecutionStatus.FAILED);
        BatchSummary summary = reporter(SETUP_ARN).report(input(
                check("a", "failed", RepairMode.AUTO, finding("a", FindingKind.PARAMETER_VALUE)),
                check("b", "failed", RepairMode.AUTO, finding("b", FindingKind.PARAMETER_VALUE))));
        assertThat(summary.repairsStarted()).as("b failed once only").containsExactly("b");
        assertThat(tagWrites()).extracting(r -> r.resourceName() + "=" + r.tags().getFirst().value())
                .contains("arn:aws:rds:us-east-1:123456789012:cluster:a=repair-suspended");
        assertThat(summary.findingsByKind()).containsEntry("repair-suspended", 1);
        assertThat(repairLabels()).containsEntry("a", "suspended");
        var detail = Json.MAPPER.readTree(published().getFirst().entries().getFirst().detail());
        assertThat(detail.get("findings").toString()).contains("repair-suspended").contains("set materialize:cdc-status=ready");

        // Someone acts: the status tag says ready again (a successful setup by hand, or the tag set by hand).
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
        assertThat(started()).isEmpty();
        assertThat(sim.callCount("ListExecutions")).isZero();
        assertThat(tagWrites()).extracting(r -> r.tags().getFirst().value()).containsOnly("pending-reboot");
        assertThat(summary.findingsByKind()).containsOnlyKeys("readers-pending-reboot", "unrelated-pending-reboot",
                "writer-pending-reboot");
    }

    /** Each cluster's repair label, from the events the reporter published (the last one per cluster). */
    private Map<String, String> repairLabels() {
        Map<String, String> labels = new java.util.TreeMap<>();
        published().forEach(r -> r.entries().forEach(e -> {
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
        assertThat(started()).isEmpty();
        assertThat(log).anySatisfy(line -> assertThat(line).contains("SETUP_STATE_MACHINE_ARN is not set"));
    }

    @Test
    void report_whenManyDriftedClusters_publishesAtMostTenEntriesPerCall() {
        List<ClusterCheck> checks = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            checks.add(check("c" + i, "drifted", RepairMode.OFF, finding("c" + i, FindingKind.REPLICA_IDENTITY)));
        }
        reporter(SETUP_ARN).report(new ReportInput("run-1", "t", List.of(), new BatchCheck("run-1", "t", checks), null, null));
        assertThat(published()).extracting(r -> r.entries().size()).containsExactly(10, 10, 3);
        assertThat(sim.eventBridge().sentEvents()).hasSize(23);
        assertThat(tagWrites()).as("status unchanged: no tag call").isEmpty();
    }

    @Test
    void report_whenSomeEntriesAreThrottled_resendsOnlyThose() {
        List<PutEventsRequest> sent = new ArrayList<>();
        events = throttlingTheFirstEntries(1, sent);
        reporter(SETUP_ARN).report(input(check("a", "drifted", RepairMode.OFF, finding("a", FindingKind.PUBLICATION)),
                check("b", "drifted", RepairMode.OFF, finding("b", FindingKind.PUBLICATION))));
        assertThat(sent).extracting(r -> r.entries().size()).containsExactly(2, 1);
        assertThat(sent.get(1).entries()).containsExactly(sent.get(0).entries().getFirst());
        assertThat(sim.eventBridge().sentEvents()).as("both accepted in the end").hasSize(2);
        assertThat(log).isEmpty();
    }

    /**
     * PutEvents also fails single entries with ThrottlingException (FailedEntryCount says how many), which the simulator's
     * EventBridge does not model (it fails malformed entries only): this view of it throttles the first {@code count}
     * entries it is sent, once each, passes the others on, and keeps every request as the caller sent it.
     */
    private EventBridgeClient throttlingTheFirstEntries(int count, List<PutEventsRequest> sent) {
        int[] left = {count};
        return new EventBridgeClient() {
            @Override
            public PutEventsResponse putEvents(PutEventsRequest request) {
                sent.add(request);
                List<PutEventsRequestEntry> passed = new ArrayList<>();
                List<Boolean> throttled = new ArrayList<>();
                for (PutEventsRequestEntry entry : request.entries()) {
                    boolean now = left[0]-- > 0;
                    throttled.add(now);
                    if (!now) {
                        passed.add(entry);
                    }
                }
                List<PutEventsResultEntry> accepted = passed.isEmpty() ? List.of()
                        : sim.eventBridge().putEvents(r -> r.entries(passed)).entries();
                List<PutEventsResultEntry> results = new ArrayList<>();
                int next = 0;
                int failed = 0;
                for (boolean t : throttled) {
                    if (t) {
                        failed++;
                        results.add(PutEventsResultEntry.builder().errorCode("ThrottlingException").errorMessage("Rate exceeded").build());
                    } else {
                        PutEventsResultEntry result = accepted.get(next++);
                        failed += result.errorCode() == null ? 0 : 1;
                        results.add(result);
                    }
                }
                return PutEventsResponse.builder().failedEntryCount(failed).entries(results).build();
            }

            @Override
            public String serviceName() {
                return "events";
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void report_whenTagWriteFails_stillPublishes() {
        sim.failOperation("AddTagsToResource", "Throttling", 1);
        BatchSummary summary = reporter(SETUP_ARN).report(input(check("a", "ready", RepairMode.OFF, finding("a", FindingKind.PUBLICATION))));
        assertThat(published()).hasSize(1);
        assertThat(summary.drifted()).containsExactly("a");
        assertThat(log).anySatisfy(line -> assertThat(line).contains("Could not set materialize:cdc-status=drifted on a"));
    }

    @Test
    void report_whenControlPlaneCheckOfTheBatchFailed_reportsEachClusterAsUncheckable() {
        var error = new CaughtError("States.Timeout", "Task timed out after 300 seconds");
        BatchSummary summary = reporter(SETUP_ARN).report(new ReportInput("run-1", "t", List.of("a", "b"), null, error, null));
        assertThat(summary.uncheckable()).containsExactly("a", "b");
        assertThat(summary.findingsByKind()).containsEntry("check-failed", 2);
        assertThat(published().getFirst().entries()).hasSize(2);
        assertThat(published().getFirst().entries().getFirst().detail()).contains("States.Timeout: Task timed out after 300 seconds");
    }

    @Test
    void report_whenDatabaseCheckOfTheBatchFailed_keepsControlPlaneFindingsAndAddsOne() {
        check("a", "ready", RepairMode.AUTO); // the cluster exists
        var withTarget = new ClusterCheck("a", "arn:aws:rds:us-east-1:123456789012:cluster:a", "ready", RepairMode.AUTO,
                RebootPolicy.IMMEDIATE, null, List.of(finding("a", FindingKind.SECURITY_GROUP_RULES)),
                new com.auroracdc.internal.cluster.SetupContext("run-1", "t", true, null, null, List.of()));
        var error = new CaughtError("com.example.Boom", "{\"errorMessage\":\"boom\",\"errorType\":\"com.example.Boom\"}");
        BatchSummary summary = reporter(SETUP_ARN).report(new ReportInput("run-1", "t", List.of("a"),
                new BatchCheck("run-1", "t", List.of(withTarget)), null, error));
        assertThat(summary.findingsByKind()).isEqualTo(Map.of("check-failed", 1, "security-group-rules", 1));
        assertThat(summary.drifted()).containsExactly("a");
        assertThat(started()).as("the control-plane drift is repaired all the same").hasSize(1);
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
        var entry = published().getFirst().entries().getFirst();
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
