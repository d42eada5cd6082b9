package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.lambda.ReportHandler;
import com.auroracdc.local.sfn.ExecutionEvent;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.pg.EmbeddedCluster;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimClock;
import com.auroracdc.local.sim.SimEventBridge;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * The real teardown state machine after the real setup, run locally with the real handlers against the simulated
 * control plane and an embedded PostgreSQL writer: what the setup made goes, what the customer had stays.
 */
class TeardownOrchestrationTest {
    private static final Map<String, Object> SETUP = Map.of("egressCidrs", "3.215.237.32/27");
    private static final String CUSTOMER_DATA = "SELECT string_agg(t, '|' ORDER BY t) FROM (SELECT c::text AS t FROM"
            + " public.customers c UNION ALL SELECT o::text FROM public.orders o UNION ALL SELECT l::text FROM"
            + " public.order_lines l UNION ALL SELECT i::text FROM billing.invoices i) rows";

    @Test
    void teardown_afterSetup_removesOnlyWhatTheSetupMadeAndASecondTeardownChangesNothing() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            String customerGroup = autopilot.describe().dbClusterParameterGroup();
            List<String> customerSecurityGroups = securityGroups(autopilot.describe());
            String customerData = query(autopilot, CUSTOMER_DATA);
            autopilot.writer().superuserIn(SampleSchema.DATABASE, "CREATE PUBLICATION customer_pub FOR TABLE public.orders",
                    "CREATE ROLE customer_reader LOGIN", "GRANT SELECT ON public.orders TO customer_reader");
            assertThat(autopilot.setup(SETUP, event -> { }).succeeded()).isTrue();
            SetupRecord.Resources made = autopilot.state().record(LocalAutopilot.CLUSTER).orElseThrow().resources();
            assertThat(made.replicaIdentityFull()).as("the record knows which tables the setup set FULL").hasSize(4);
            autopilot.writer().superuserIn(SampleSchema.DATABASE,
                    "SELECT pg_create_logical_replication_slot('materialize_0c4a1e', 'pgoutput')");

            ExecutionResult teardown = autopilot.teardown(Map.of("dropSlots", true, "restoreParameterGroup", true,
                    "revertReplicaIdentity", true), event -> { });

            assertThat(teardown.succeeded()).as(teardown.toString()).isTrue();
            assertThat(teardown.output().path("status").asText()).isEqualTo("removed");
            assertThat(teardown.statesEntered()).containsSubsequence("Inspect", "TeardownDatabase", "TeardownSecurityGroup",
                    "TeardownParameterGroup", "Reboot", "AwaitReboot", "DeleteParameterGroup", "Report");
            DBCluster after = autopilot.describe();
            assertThat(after.dbClusterParameterGroup()).isEqualTo(customerGroup);
            assertThat(securityGroups(after)).containsExactlyElementsOf(customerSecurityGroups);
            assertThat(made.parameterGroup()).startsWith("mz-cdc-");
            assertThatThrownBy(() -> autopilot.sim().rds().describeDBClusterParameterGroups(r -> r
                    .dbClusterParameterGroupName(made.parameterGroup()))).isInstanceOf(DbParameterGroupNotFoundException.class);
            assertThat(made.securityGroupId()).isNotNull();
            assertThat(autopilot.sim().ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-id")
                    .values(made.securityGroupId()))).securityGroups()).isEmpty();
            assertThat(query(autopilot, "SHOW wal_level")).as("rebooted onto the customer's group").isEqualTo("replica");
            assertThat(query(autopilot, "SELECT string_agg(pubname, ',' ORDER BY pubname) FROM pg_publication"))
                    .isEqualTo("customer_pub");
            assertThat(query(autopilot, "SELECT count(*) FROM pg_roles WHERE rolname = '" + made.replicationUser() + "'"))
                    .isEqualTo("0");
            assertThat(query(autopilot, "SELECT has_table_privilege('customer_reader', 'public.orders', 'SELECT')"))
                    .isEqualTo("t");
            assertThat(query(autopilot, "SELECT count(*) FROM pg_replication_slots")).isEqualTo("0");
            assertThat(query(autopilot, "SELECT string_agg(DISTINCT relreplident::text, ',') FROM pg_class"
                    + " WHERE relname IN ('customers', 'orders', 'order_lines', 'invoices') AND relkind = 'r'"))
                    .as("reset to DEFAULT").isEqualTo("d");
            assertThat(query(autopilot, CUSTOMER_DATA)).isEqualTo(customerData);
            assertThat(autopilot.sim().secretsManager().describeSecret(r -> r.secretId(made.replicationSecretArn()))
                    .deletedDate()).as("scheduled for deletion, with a recovery window").isNotNull();
            assertThat(autopilot.tags()).containsEntry(Tags.STATUS, "removed");
            assertThat(autopilot.sim().eventBridge().sentEvents()).extracting(SimEventBridge.SentEvent::detailType)
                    .contains(ReportHandler.COMPLETED, ReportHandler.TEARDOWN_COMPLETED);
            SetupRecord record = autopilot.state().record(LocalAutopilot.CLUSTER).orElseThrow();
            assertThat(record.outcome()).isEqualTo("removed");
            assertThat(record.resources().publication()).isNull();
            assertThat(record.resources().securityGroupId()).isNull();
            assertThat(record.resources().parameterGroup()).as("ours is gone").isNull();
            assertThat(record.resources().replicationUser()).isNull();
            assertThat(record.resources().replicationSecretArn()).isNull();
            assertThat(record.resources().replicaIdentityFull()).isEmpty();

            long writes = autopilot.sim().mutatingCallCount();
            ExecutionResult again = autopilot.teardown(Map.of("dropSlots", true, "restoreParameterGroup", true,
                    "revertReplicaIdentity", true), event -> { });
            assertThat(again.succeeded()).as(again.toString()).isTrue();
            assertThat(again.output().path("planned")).as("a second teardown plans nothing").isEmpty();
            assertThat(autopilot.sim().mutatingCallCount()).as("mutating calls of the second teardown").isEqualTo(writes);
        }
    }

    @Test
    void teardown_onPostgres13WithoutReadAvailability_removesWhatTheSetupMadeAndRebootsEveryMemberBack() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.WITHOUT_READ_AVAILABILITY, Map.of(),
                SimClock.DEFAULT_START, EmbeddedCluster.Major.OLDER)) {
            String customerGroup = autopilot.describe().dbClusterParameterGroup();
            assertThat(autopilot.setup(SETUP, event -> { }).succeeded()).isTrue();
            assertThat(query(autopilot, "SHOW server_version_num")).startsWith("13");
            SetupRecord.Resources made = autopilot.state().record(LocalAutopilot.CLUSTER).orElseThrow().resources();
            autopilot.writer().superuserIn(SampleSchema.DATABASE,
                    "SELECT pg_create_logical_replication_slot('materialize_0c4a1e', 'pgoutput')");

            ExecutionResult teardown = autopilot.teardown(Map.of("dropSlots", true, "restoreParameterGroup", true,
                    "revertReplicaIdentity", true), event -> { });

            assertThat(teardown.succeeded()).as(teardown.toString()).isTrue();
            assertThat(teardown.output().path("status").asText()).isEqualTo("removed");
            assertThat(autopilot.describe().dbClusterParameterGroup()).isEqualTo(customerGroup);
            assertThat(autopilot.describe().dbClusterMembers()).as("every member back on the customer's values")
                    .allMatch(m -> "in-sync".equals(m.dbClusterParameterGroupStatus()));
            assertThat(query(autopilot, "SHOW wal_level")).isEqualTo("replica");
            assertThat(query(autopilot, "SELECT count(*) FROM pg_publication")).isEqualTo("0");
            assertThat(query(autopilot, "SELECT count(*) FROM pg_roles WHERE rolname = '" + made.replicationUser() + "'"))
                    .isEqualTo("0");
            assertThat(query(autopilot, "SELECT count(*) FROM pg_replication_slots")).isEqualTo("0");
            assertThat(query(autopilot, "SELECT count(*) FROM pg_class WHERE relreplident = 'f' AND relkind = 'r'"
                    + " AND relnamespace::regnamespace::text IN ('public', 'billing')")).isEqualTo("0");
        }
    }

    @Test
    void teardown_byDefault_leavesTheParameterGroupAndTheSlotsAndSaysWhy() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            assertThat(autopilot.setup(SETUP, event -> { }).succeeded()).isTrue();
            SetupRecord.Resources made = autopilot.state().record(LocalAutopilot.CLUSTER).orElseThrow().resources();
            autopilot.writer().superuserIn(SampleSchema.DATABASE,
                    "SELECT pg_create_logical_replication_slot('materialize_0c4a1e', 'pgoutput')");

            ExecutionResult teardown = autopilot.teardown(Map.of(), event -> { });

            assertThat(teardown.succeeded()).as(teardown.toString()).isTrue();
            assertThat(teardown.statesEntered()).doesNotContain("AwaitReboot");
            assertThat(autopilot.describe().dbClusterParameterGroup()).isEqualTo(made.parameterGroup());
            assertThat(query(autopilot, "SELECT count(*) FROM pg_replication_slots")).isEqualTo("1");
            assertThat(teardown.output().path("warnings").toString()).contains("materialize_0c4a1e", "pg_drop_replication_slot",
                    "stays on parameter group " + made.parameterGroup(), "restoreParameterGroup",
                    "REPLICA IDENTITY is left FULL on the 4 tables", "revertReplicaIdentity");
            assertThat(autopilot.state().record(LocalAutopilot.CLUSTER).orElseThrow().resources().parameterGroup())
                    .isEqualTo(made.parameterGroup());
        }
    }

    @Test
    void teardown_dryRun_listsTheDisruptiveStepsAndChangesNothing() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            assertThat(autopilot.setup(SETUP, event -> { }).succeeded()).isTrue();
            autopilot.disableTrigger();
            long writes = autopilot.sim().mutatingCallCount();
            int ddl = autopilot.writer().ddlCount(SampleSchema.DATABASE);

            ExecutionResult plan = autopilot.teardown(Map.of("dryRun", true, "dropSlots", true,
                    "restoreParameterGroup", true), event -> { });

            assertThat(plan.succeeded()).as(plan.toString()).isTrue();
            assertThat(plan.output().path("status").asText()).isEqualTo("dry-run");
            assertThat(plan.output().path("planned").toString()).contains("Delete security group", "back to",
                    "Reboot", "Delete parameter group", "secret");
            assertThat(autopilot.sim().mutatingCallCount()).isEqualTo(writes);
            assertThat(autopilot.writer().ddlCount(SampleSchema.DATABASE)).isEqualTo(ddl);
        }
    }

    @Test
    void teardown_ofAClusterStillTaggedEnabled_isRefusedAndChangesNothing() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            assertThat(autopilot.setup(SETUP, event -> { }).succeeded()).isTrue();
            long writes = autopilot.sim().mutatingCallCount();

            ExecutionResult refused = autopilot.startTeardown(Map.of(), event -> { }, Map.of()).await();

            assertThat(refused.succeeded()).isFalse();
            assertThat(refused.error()).isEqualTo("ClusterStillEnabledException");
            assertThat(autopilot.sim().mutatingCallCount()).isEqualTo(writes);
        }
    }

    @Test
    void teardown_whileASetupHoldsTheCluster_isRefusedAndTheSetupGoesOn() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            var setup = autopilot.startWaitingForTheWindow(SETUP);
            autopilot.disableTrigger();

            ExecutionResult refused = autopilot.startTeardown(Map.of(), event -> { }, Map.of()).await();

            assertThat(refused.succeeded()).isFalse();
            assertThat(refused.error()).isEqualTo("SetupAlreadyRunningException");
            assertThat(autopilot.sim().ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                    .values("aurora-cdc-" + LocalAutopilot.CLUSTER))).securityGroups()).hasSize(1);
            setup.abort();
        }
    }

    @Test
    void setup_whileATeardownHoldsTheCluster_isRefusedAndTheTeardownGoesOn() throws Exception {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            assertThat(autopilot.setup(SETUP, event -> { }).succeeded()).isTrue();
            autopilot.disableTrigger();
            CountDownLatch waiting = new CountDownLatch(1);
            var teardown = autopilot.startTeardown(Map.of("restoreParameterGroup", true,
                    "rebootPolicy", "maintenance-window"), event -> {
                        if (event.type() == ExecutionEvent.Type.StateEntered && "WaitForMaintenanceWindow".equals(event.state())) {
                            waiting.countDown();
                        }
                    }, Map.of("WaitForMaintenanceWindow", 60_000L));
            assertThat(waiting.await(60, TimeUnit.SECONDS)).as("the teardown waits for the window").isTrue();
            autopilot.tagTrigger(Tags.TRIGGER_VALUE); // the owner changes their mind meanwhile

            ExecutionResult refused = autopilot.setup(SETUP, event -> { });

            assertThat(refused.succeeded()).isFalse();
            assertThat(refused.error()).isEqualTo("SetupAlreadyRunningException");
            assertThat(refused.causeMessage()).contains(":execution:teardown:");
            assertThat(autopilot.describe().dbClusterParameterGroup()).as("the teardown's move stands")
                    .isEqualTo("default.aurora-postgresql16");
            teardown.abort();
        }
    }

    private static List<String> securityGroups(DBCluster cluster) {
        return new ArrayList<>(cluster.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList());
    }

    private static String query(LocalAutopilot autopilot, String sql) throws Exception {
        try (Connection c = autopilot.writer().superuserConnection(SampleSchema.DATABASE);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
