package com.auroracdc.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.DatabaseConnectionException;
import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.execution.SimExecutions;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.execution.TeardownOptions;
import com.auroracdc.internal.publication.DatabaseTeardown;
import com.auroracdc.internal.settings.LocalOnly;
import com.auroracdc.internal.settings.NetworkPath;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.settings.RepairMode;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SslMode;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.local.sim.ClusterHandle;
import com.auroracdc.local.sim.SimAws;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A teardown run again after one that finished cannot reach the database (it removed the security group that let the
 * database function in): with nothing of ours recorded there that is said, not a failure; with something recorded it
 * is the named connection error.
 */
class TeardownDatabaseHandlerTest {
    private final SimAws sim = SimAws.create();
    private final SimExecutions executions = new SimExecutions(sim);

    private StageInput teardownOfAnUnreachableDatabase(SetupRecord.Resources recorded) throws Exception {
        LocalOnly.allowForLocalRunner();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // nothing listens there once closed
        }
        ClusterHandle handle = sim.newCluster("orders").tag("materialize:cdc", "disabled").endpoint("127.0.0.1")
                .port(closed).masterUsername("admin").managedMasterSecret("admin-password").create();
        Settings settings = new Settings(List.of(), false, 1, RebootPolicy.IMMEDIATE, 30, "mz_source", List.of(), "orders",
                null, "materialize", false, false, SslMode.DISABLE, RepairMode.OFF, null, null, null, null, null,
                NetworkPath.PUBLIC_CIDRS, List.of(), true);
        ClusterFacts facts = new ClusterFacts("orders", handle.clusterArn(), "aurora-postgresql", "16.4", "provisioned",
                "aurora-postgresql16", "available", closed, handle.vpcId(), handle.securityGroupIds(),
                handle.clusterParameterGroup(), handle.writerInstanceId(), handle.readerInstanceIds(), "127.0.0.1",
                "orders", handle.masterSecretArn(), "sun:05:00-sun:05:30", Map.of());
        SetupContext context = new SetupContext("bound", sim.clock().instant().toString(), false, facts, settings, List.of());
        // The record an earlier run left, written as every run writes it: by the execution holding the lease, at its end.
        StageInput earlier = executions.bind(context, Map.of());
        SetupRecord record = new SetupRecord("orders", earlier.execution().executionId(), "2026-12-01T00:00:00Z",
                "2026-12-01T00:10:00Z", "removed", null, Map.of(), Map.of(), Map.of(), recorded);
        executions.authority().finish(executions.authority().forReport(earlier.execution()).orElseThrow(), record, record);
        return executions.bindTeardown(context, TeardownOptions.DEFAULTS);
    }

    private TeardownDatabaseHandler handler() {
        return new TeardownDatabaseHandler(sim.rds(), new DatabaseTeardown(new SecretStore(sim.secretsManager()),
                new PgConnector(Timeouts.defaults())), executions.authority());
    }

    @Test
    void unreachable_withNothingOfOursRecorded_plansNothingAndSaysSo() throws Exception {
        StageInput input = teardownOfAnUnreachableDatabase(
                new SetupRecord.Resources(null, null, null, null, null, null, "orders", List.of()));

        StageResult result = handler().handle(input);

        assertThat(result.planned()).isEmpty();
        assertThat(result.warnings()).singleElement().asString().contains("could not be reached", "pg_replication_slots");
    }

    @Test
    void unreachable_withOurPublicationRecorded_isTheNamedConnectionError() throws Exception {
        StageInput input = teardownOfAnUnreachableDatabase(
                new SetupRecord.Resources(null, null, null, "mz_source", "materialize", null, "orders", List.of()));

        assertThatThrownBy(() -> handler().handle(input)).isInstanceOf(DatabaseConnectionException.class);
    }
}
