package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.ClusterBinding;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.drift.BatchCheck;
import com.auroracdc.internal.drift.CheckFailures;
import com.auroracdc.internal.drift.ClusterCheck;
import com.auroracdc.internal.drift.check.DatabaseCheck;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.internal.stage.JsonHandler;
import java.util.List;
import java.util.function.Supplier;

/**
 * Drift step 2b (per batch): inside each cluster's database; the only drift function in the VPC. Read-only.
 * No connection is opened during init (it would be dead after a SnapStart restore).
 */
public final class CheckDatabasesHandler extends JsonHandler<BatchCheck, BatchCheck> {
    /** What the stack settings of one invocation configure. */
    record Wiring(ClusterBinding binding, DatabaseCheck check) {
    }

    private final Supplier<Wiring> wiring;

    public CheckDatabasesHandler() {
        this(DriftFunctions.databaseCheck(AwsClients.rds(), new SecretStore(AwsClients.secretsManager()),
                StackSettings.lambda()));
    }

    CheckDatabasesHandler(Supplier<Wiring> wiring) {
        super(BatchCheck.class);
        this.wiring = wiring;
    }

    /**
     * SnapStart priming stops short of the databases (a connection opened before the snapshot would be dead after
     * restore): it loads the JDBC driver and builds the TLS context of the bundled RDS CA certificates.
     */
    @Override
    protected void primeWithoutInvoking(BatchCheck sample) {
        PgConnector.warmWithoutConnecting();
    }

    @Override
    public BatchCheck handle(BatchCheck input) {
        Wiring now = wiring.get();
        return now.check().check(new BatchCheck(input.runId(), input.startedAt(),
                input.clusters().stream().map(cluster -> verified(now.binding(), cluster)).toList()));
    }

    /**
     * The cluster with its database context re-checked against RDS (this function may be invoked directly with any
     * input); one that breaks a rule gets a finding and is not connected to.
     */
    private static ClusterCheck verified(ClusterBinding binding, ClusterCheck cluster) {
        if (cluster.database() == null) {
            return cluster;
        }
        try {
            SetupContext context = binding.verify(cluster.database(), false);
            return cluster.withDatabase(context);
        } catch (RuntimeException e) {
            return cluster.withDatabaseFindings(List.of(CheckFailures.finding(cluster.cluster(), "database", e, false)));
        }
    }
}
