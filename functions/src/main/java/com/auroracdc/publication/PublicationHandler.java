package com.auroracdc.publication;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.cluster.ClusterBinding;
import com.auroracdc.cluster.SetupContext;
import com.auroracdc.stage.JsonHandler;
import com.auroracdc.stage.StageInput;
import com.auroracdc.stage.StageResult;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Lambda entry point of the publication stage. Runs in the cluster's VPC. Builds its Secrets Manager client
 * once per container; opens database connections only inside {@link #handle}, never during init.
 */
public final class PublicationHandler extends JsonHandler<StageInput, StageResult> {
    /** Built per invocation from the stack settings (trigger tag key, admin secret policy). */
    private final java.util.function.Supplier<ClusterBinding> binding;
    private final PublicationStage stage;

    public PublicationHandler() {
        this(AwsClients.rds(), AwsClients.secretsManager(), new PgConnector(Timeouts.defaults()),
                com.auroracdc.settings.StackSettings.lambda());
    }

    public PublicationHandler(RdsClient rds, SecretsManagerClient secrets, PgConnector connector,
                              Map<String, String> environment) {
        this(rds, secrets, connector, com.auroracdc.settings.StackSettings.fixed(environment));
    }

    public PublicationHandler(RdsClient rds, SecretsManagerClient secrets, PgConnector connector,
                              com.auroracdc.settings.StackSettings stack) {
        this(stack.perInvocation(environment -> ClusterBinding.fromEnvironment(rds, environment)),
                new PublicationStage(new SecretStore(secrets), connector));
    }

    public PublicationHandler(ClusterBinding binding, PublicationStage stage) {
        this(() -> binding, stage);
    }

    private PublicationHandler(java.util.function.Supplier<ClusterBinding> binding, PublicationStage stage) {
        super(StageInput.class);
        this.binding = binding;
        this.stage = stage;
    }

    /**
     * SnapStart priming stops short of the database (a connection opened before the snapshot would be dead after
     * restore): it loads the JDBC driver and builds the TLS context of the bundled RDS CA certificates.
     */
    @Override
    protected void primeWithoutInvoking(StageInput sample) {
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("pgjdbc is missing from the deployment package", e);
        }
        new BundledTrustSocketFactory(new java.util.Properties());
    }

    @Override
    public StageResult handle(StageInput input) {
        SetupContext context = SetupContext.require(input == null ? null : input.context(), "publication", "stage-input.json");
        // Re-checked here, not trusted from Inspect: this function may be invoked directly with any context.
        return stage.run(binding.get().verify(context, !context.dryRun()));
    }
}
