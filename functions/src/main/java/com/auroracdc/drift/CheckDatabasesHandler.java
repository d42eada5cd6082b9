package com.auroracdc.drift;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.cluster.ClusterBinding;
import com.auroracdc.cluster.SetupContext;
import com.auroracdc.database.BundledTrustSocketFactory;
import com.auroracdc.database.PgConnector;
import com.auroracdc.database.SecretStore;
import com.auroracdc.settings.StackSettings;
import com.auroracdc.stage.JsonHandler;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Drift step 2b (per batch): inside each cluster's database; the only drift function in the VPC. Read-only.
 * No connection is opened during init (it would be dead after a SnapStart restore).
 */
public final class CheckDatabasesHandler extends JsonHandler<BatchCheck, BatchCheck> {
    /** What the stack settings of one invocation configure. */
    private record Wiring(ClusterBinding binding, DatabaseCheck check) {
    }

    private final Supplier<Wiring> wiring;

    public CheckDatabasesHandler() {
        this(AwsClients.rds(), new SecretStore(AwsClients.secretsManager()), StackSettings.lambda());
    }

    private CheckDatabasesHandler(RdsClient rds, SecretStore secrets, StackSettings stack) {
        this(rds, stack, environment -> {
            DriftConfig config = DriftConfig.fromEnvironment(environment);
            PgConnector connector = DriftAreas.pgConnector(config);
            return new DatabaseCheck(new AdminDatabaseConnector(secrets, connector),
                    DriftAreas.databaseAreas(config, System.out::println, secrets, connector), config.databaseParallelism());
        });
    }

    /** Built per invocation from the stack settings: the cluster binding, and the check {@code check} makes of them. */
    public CheckDatabasesHandler(RdsClient rds, StackSettings stack,
                                 Function<Map<String, String>, DatabaseCheck> check) {
        this(stack.perInvocation(environment ->
                new Wiring(ClusterBinding.fromEnvironment(rds, environment), check.apply(environment))));
    }

    public CheckDatabasesHandler(ClusterBinding binding, DatabaseCheck check) {
        this(() -> new Wiring(binding, check));
    }

    private CheckDatabasesHandler(Supplier<Wiring> wiring) {
        super(BatchCheck.class);
        this.wiring = wiring;
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
        new BundledTrustSocketFactory(new Properties());
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
