package com.auroracdc.drift;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.cluster.ClusterBinding;
import com.auroracdc.cluster.SetupContext;
import com.auroracdc.publication.PgConnector;
import com.auroracdc.publication.SecretStore;
import com.auroracdc.stage.JsonHandler;
import java.util.List;

/**
 * Drift step 2b (per batch): inside each cluster's database; the only drift function in the VPC. Read-only.
 * No connection is opened during init (it would be dead after a SnapStart restore).
 */
public final class CheckDatabasesHandler extends JsonHandler<BatchCheck, BatchCheck> {
    private final ClusterBinding binding;
    private final DatabaseCheck check;

    public CheckDatabasesHandler() {
        this(DriftConfig.fromEnvironment(System.getenv()));
    }

    private CheckDatabasesHandler(DriftConfig config) {
        this(config, new SecretStore(AwsClients.secretsManager()), DriftAreas.pgConnector(config));
    }

    private CheckDatabasesHandler(DriftConfig config, SecretStore secrets, PgConnector connector) {
        this(ClusterBinding.fromEnvironment(AwsClients.rds(), System.getenv()),
                new DatabaseCheck(new AdminDatabaseConnector(secrets, connector),
                        DriftAreas.databaseAreas(config, System.out::println, secrets, connector), config.databaseParallelism()));
    }

    public CheckDatabasesHandler(ClusterBinding binding, DatabaseCheck check) {
        super(BatchCheck.class);
        this.binding = binding;
        this.check = check;
    }

    /**
     * SnapStart priming stops short of the databases (a connection opened before the snapshot would be dead after
     * restore): it loads the JDBC driver and builds the TLS context of the bundled RDS CA certificates.
     */
    @Override
    protected void primeWithoutInvoking(BatchCheck sample) {
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("pgjdbc is missing from the deployment package", e);
        }
        new com.auroracdc.publication.BundledTrustSocketFactory(new java.util.Properties());
    }

    @Override
    public BatchCheck handle(BatchCheck input) {
        return check.check(new BatchCheck(input.runId(), input.startedAt(), input.clusters().stream().map(this::verified).toList()));
    }

    /**
     * The cluster with its database context re-checked against RDS (this function may be invoked directly with any
     * input); one that breaks a rule gets a finding and is not connected to.
     */
    private ClusterCheck verified(ClusterCheck cluster) {
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
