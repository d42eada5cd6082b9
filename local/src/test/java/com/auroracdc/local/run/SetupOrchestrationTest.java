package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.local.sfn.ExecutionEvent;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sfn.LambdaServiceError;
import com.auroracdc.local.sfn.StateMachineRunner;
import com.auroracdc.local.sim.Scenario;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.RebootDbInstanceRequest;

/**
 * The real setup state machine, run locally by aws-local-stepfunctions with the real handlers, against the
 * simulated control plane and an embedded PostgreSQL writer.
 */
class SetupOrchestrationTest {
    private static final Map<String, Object> DEFAULTS = Map.of("egressCidrs", "3.215.237.32/27");

    @Test
    void setup_whenHappyPath_endsReadyAndSecondRunChangesNothing() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            ExecutionResult first = autopilot.setup(DEFAULTS, event -> { });
            assertThat(first.succeeded()).as(first.toString()).isTrue();
            assertThat(first.output().path("status").asText()).isEqualTo("ready");
            assertThat(first.statesEntered()).contains("Inspect", "ParameterGroup", "SecurityGroup", "Reboot", "WaitForReboot",
                    "AwaitReboot", "Publication", "Report");
            assertThat(first.output().path("nextSteps").asText()).contains("CREATE SOURCE");
            assertThat(walLevel(autopilot)).as("the simulated reboot restarted the writer").isEqualTo("logical");

            long writes = autopilot.sim().mutatingCallCount();
            int ddl = autopilot.writer().ddlCount(SampleSchema.DATABASE);
            ExecutionResult second = autopilot.setup(DEFAULTS, event -> { });
            assertThat(second.output().path("status").asText()).isEqualTo("ready");
            assertThat(second.output().path("changes")).isEmpty();
            assertThat(second.statesEntered()).doesNotContain("WaitForReboot");
            assertThat(autopilot.sim().mutatingCallCount()).as("mutating calls of the second run").isEqualTo(writes);
            assertThat(autopilot.writer().ddlCount(SampleSchema.DATABASE)).as("DDL of the second run").isEqualTo(ddl);
        }
    }

    @Test
    void setup_whenDryRun_plansAndChangesNothing() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            int ddl = autopilot.writer().ddlCount(SampleSchema.DATABASE);
            ExecutionResult result = autopilot.setup(Map.of("dryRun", true), event -> { });
            assertThat(result.succeeded()).as(result.toString()).isTrue();
            assertThat(result.output().path("status").asText()).isEqualTo("dry-run");
            assertThat(result.output().path("planned")).isNotEmpty();
            assertThat(result.output().path("changes")).isEmpty();
            assertThat(autopilot.sim().mutatingCallCount()).isZero();
            assertThat(autopilot.writer().ddlCount(SampleSchema.DATABASE)).isEqualTo(ddl);
        }
    }

    @Test
    void setup_whenRebootPolicyNever_endsPendingRebootWithTheCommand() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            ExecutionResult result = autopilot.setup(Map.of("rebootPolicy", "never"), event -> { });
            assertThat(result.output().path("status").asText()).isEqualTo("pending-reboot");
            assertThat(result.output().path("nextSteps").asText()).contains("aws rds reboot-db-instance");
            assertThat(result.statesEntered()).doesNotContain("Publication");
            assertThat(autopilot.sim().callCount()).isPositive();
            assertThat(autopilot.sim().callCount("RebootDBInstance")).isZero();
        }
    }

    @Test
    void setup_whenMaintenanceWindow_waitsForTheWindowThenReboots() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            ExecutionResult result = autopilot.setup(Map.of("rebootPolicy", "maintenance-window"), event -> { });
            assertThat(result.output().path("status").asText()).as(result.toString()).isEqualTo("ready");
            assertThat(result.statesEntered()).containsSubsequence("Reboot", "WaitForMaintenanceWindow", "Reboot", "WaitForReboot");
        }
    }

    @Test
    void setup_whenServerlessV1_failsWithTheNamedErrorAndChangesNothing() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.SERVERLESS_V1)) {
            ExecutionResult result = autopilot.setup(Map.of(), event -> { });
            assertThat(result.succeeded()).isFalse();
            assertThat(result.error()).isEqualTo("ServerlessV1NotSupportedException");
            assertThat(result.cause()).contains("Serverless v2");
            assertThat(autopilot.sim().mutatingCallCount()).isZero();
        }
    }

    @Test
    void setup_whenRebootOutlastsTheDeadline_failsWithRebootTimeout() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.sim().rds().rebootDuration(Duration.ofMinutes(30));
            ExecutionResult result = autopilot.setup(Map.of("rebootDeadlineMinutes", 5), event -> { });
            assertThat(result.error()).isEqualTo("RebootTimeoutException");
            assertThat(result.cause()).contains("rebootDeadlineMinutes");
        }
    }

    @Test
    void setup_whenDatabasePasswordIsWrong_failsClearlyAndLeavesNothingBehind() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.sim().secretsManager().putSecretValue(r -> r.secretId(autopilot.cluster().masterSecretArn())
                    .secretString("{\"username\":\"autopilot_admin\",\"password\":\"not-the-password\"}"));
            ExecutionResult result = autopilot.setup(Map.of(), event -> { });
            assertThat(result.error()).isEqualTo("DatabaseAuthenticationException");
            assertThat(result.cause()).doesNotContain("not-the-password");
            try (Connection c = autopilot.writer().superuserConnection(SampleSchema.DATABASE)) {
                assertThat(count(c, "SELECT count(*) FROM pg_replication_slots")).isZero();
                assertThat(count(c, "SELECT count(*) FROM pg_roles WHERE rolname = 'materialize'")).isZero();
                assertThat(count(c, "SELECT count(*) FROM pg_publication")).isZero();
            }
        }
    }

    @Test
    void setup_whenLambdaThrottlesOnce_isRetriedAndSucceeds() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.lambda().injectServiceError("InspectFunction", 1, LambdaServiceError.TOO_MANY_REQUESTS);
            ExecutionResult result = autopilot.setup(Map.of(), event -> { });
            assertThat(result.output().path("status").asText()).as(result.toString()).isEqualTo("ready");
            assertThat(result.events(ExecutionEvent.Type.StateRetried)).extracting(ExecutionEvent::state).contains("Inspect");
        }
    }

    @Test
    void setup_whenAnotherSetupOfTheClusterRuns_isRefusedWhileTheFirstHoldsTheLock() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.sim().rds().rebootDuration(Duration.ofMinutes(20)); // keeps the first one in its wait loop
            CountDownLatch waiting = new CountDownLatch(1);
            StateMachineRunner.RunningExecution first = autopilot.start(Map.of(), event -> {
                if (event.type() == ExecutionEvent.Type.StateEntered && "WaitForReboot".equals(event.state())) {
                    waiting.countDown();
                }
            });
            assertThat(waiting.await(60, TimeUnit.SECONDS)).isTrue();
            ExecutionResult second = autopilot.setup(Map.of(), event -> { });
            assertThat(second.error()).isEqualTo("SetupAlreadyRunningException");
            assertThat(first.await().output().path("status").asText()).isEqualTo("ready");
        }
    }

    @Test
    void setup_whenReadAvailability_rebootsTheWriterThenEachReaderInTurnAndEndsReady() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.READ_AVAILABILITY)) {
            ExecutionResult result = autopilot.setup(DEFAULTS, event -> { });
            assertThat(result.output().path("status").asText()).as(result.toString()).isEqualTo("ready");
            String writer = autopilot.cluster().writerInstanceId();
            List<String> readers = autopilot.cluster().readerInstanceIds().stream().sorted().toList();
            assertThat(rebootedInstances(autopilot)).as("writer first, then one reader at a time")
                    .containsExactly(writer, readers.get(0), readers.get(1));
            assertThat(membersInSync(autopilot)).isTrue();
            assertThat(walLevel(autopilot)).isEqualTo("logical");
            assertThat(result.output().path("changes").toString()).contains("Reboot writer " + writer)
                    .contains("Reboot reader " + readers.get(0)).contains("Reboot reader " + readers.get(1));
            // Each reader's reboot is awaited before the next one starts.
            List<String> awaited = result.events(ExecutionEvent.Type.StateExited).stream()
                    .filter(e -> e.state().equals("Reboot"))
                    .map(e -> e.output().path("reboot").path("facts").path("targets").asText()).filter(t -> !t.isEmpty()).toList();
            assertThat(awaited).containsExactly(writer, readers.get(0), readers.get(1));
        }
    }

    @Test
    void setup_whenReaderRebootSkip_endsReadyWithTheReadersPendingAndTheirCommands() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.READ_AVAILABILITY)) {
            Map<String, Object> input = new java.util.HashMap<>(DEFAULTS);
            input.put("readerReboot", "skip");
            ExecutionResult result = autopilot.setup(input, event -> { });
            assertThat(result.output().path("status").asText()).as(result.toString()).isEqualTo("ready");
            assertThat(rebootedInstances(autopilot)).containsExactly(autopilot.cluster().writerInstanceId());
            assertThat(walLevel(autopilot)).isEqualTo("logical");
            String reader = autopilot.cluster().readerInstanceIds().getFirst();
            assertThat(result.output().path("warnings").toString())
                    .contains("aws rds reboot-db-instance --db-instance-identifier " + reader);
            var members = autopilot.sim().rds().describeDBClusters(r -> r.dbClusterIdentifier(LocalAutopilot.CLUSTER)).dbClusters()
                    .getFirst().dbClusterMembers();
            assertThat(members).filteredOn(m -> !m.isClusterWriter()).extracting(m -> m.dbClusterParameterGroupStatus())
                    .containsOnly("pending-reboot");

            ExecutionResult again = autopilot.setup(input, event -> { });
            assertThat(again.output().path("status").asText()).isEqualTo("ready");
            assertThat(rebootedInstances(autopilot)).as("pending readers never cause a second writer reboot")
                    .containsExactly(autopilot.cluster().writerInstanceId());
        }
    }

    @Test
    void setup_whenStatusLagsTheParameterChange_rebootsTheWriterExactlyOnceAndEndsReady() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.sim().rds().statusLagReads(6);
            ExecutionResult result = autopilot.setup(DEFAULTS, event -> { });
            assertThat(result.output().path("status").asText()).as(result.toString()).isEqualTo("ready");
            assertThat(result.statesEntered()).contains("WaitForStatus");
            assertThat(rebootedInstances(autopilot).stream().filter(autopilot.cluster().writerInstanceId()::equals))
                    .as("writer reboots").hasSize(1);
            assertThat(walLevel(autopilot)).isEqualTo("logical");
        }
    }

    @Test
    void setup_whenTheWriterComesBackWithoutLogicalReplication_rebootsItOnceMoreAndEndsReady() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.sim().rds().rebootsKeepOldValues(1);
            ExecutionResult result = autopilot.setup(DEFAULTS, event -> { });
            assertThat(result.output().path("status").asText()).as(result.toString()).isEqualTo("ready");
            assertThat(result.statesEntered()).containsSubsequence("Publication", "RebootAgain", "AwaitReboot", "Publication");
            assertThat(rebootedInstances(autopilot).stream().filter(autopilot.cluster().writerInstanceId()::equals)).hasSize(2);
            assertThat(walLevel(autopilot)).isEqualTo("logical");
        }
    }

    @Test
    void setup_whenTheWriterStaysWithoutLogicalReplication_failsNamedAfterOneMoreReboot() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.sim().rds().rebootsKeepOldValues(5);
            ExecutionResult result = autopilot.setup(DEFAULTS, event -> { });
            assertThat(result.error()).isEqualTo("WriterWithoutLogicalReplicationException");
            assertThat(result.cause()).contains("rds.logical_replication = 1").contains("instance-level");
            assertThat(result.statesEntered()).contains("ReportFailure");
            assertThat(rebootedInstances(autopilot).stream().filter(autopilot.cluster().writerInstanceId()::equals))
                    .as("at most one more writer reboot").hasSize(2);
        }
    }

    @Test
    void setup_whenDryRun_listsTheWriterAndReaderRebootsWithTheirEffects() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.READ_AVAILABILITY)) {
            ExecutionResult result = autopilot.setup(Map.of("dryRun", true), event -> { });
            var reboot = result.events(ExecutionEvent.Type.StateExited).stream().filter(e -> e.state().equals("Reboot"))
                    .reduce((a, b) -> b).orElseThrow().output().path("reboot");
            assertThat(reboot.path("planned")).hasSize(3);
            assertThat(reboot.path("planned").get(0).asText()).contains("Reboot writer").contains("write outage while the writer restarts");
            assertThat(reboot.path("planned").get(1).asText()).contains("Reboot reader").contains("one reader at a time");
            assertThat(reboot.path("effects").toString()).isEqualTo("[\"writer-reboot\",\"reader-reboot\",\"reader-reboot\"]");
            assertThat(result.output().path("planned").toString()).contains("Reboot writer");
            assertThat(autopilot.sim().mutatingCallCount()).isZero();
        }
    }

    private static List<String> rebootedInstances(LocalAutopilot autopilot) {
        return autopilot.sim().calls().stream().filter(c -> c.request() instanceof RebootDbInstanceRequest && c.succeeded())
                .map(c -> ((RebootDbInstanceRequest) c.request()).dbInstanceIdentifier()).toList();
    }

    private static boolean membersInSync(LocalAutopilot autopilot) {
        return autopilot.sim().rds().describeDBClusters(r -> r.dbClusterIdentifier(LocalAutopilot.CLUSTER)).dbClusters()
                .getFirst().dbClusterMembers().stream().allMatch(m -> "in-sync".equals(m.dbClusterParameterGroupStatus()));
    }

    private static String walLevel(LocalAutopilot autopilot) throws Exception {
        try (Connection c = autopilot.writer().superuserConnection(SampleSchema.DATABASE);
             ResultSet rs = c.createStatement().executeQuery("SHOW wal_level")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
