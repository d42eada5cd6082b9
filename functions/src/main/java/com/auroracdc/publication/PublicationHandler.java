package com.auroracdc.publication;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.stage.JsonHandler;
import com.auroracdc.stage.StageInput;
import com.auroracdc.stage.StageResult;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Lambda entry point of the publication stage. Runs in the cluster's VPC. Builds its Secrets Manager client
 * once per container; opens database connections only inside {@link #handle}, never during init.
 */
public final class PublicationHandler extends JsonHandler<StageInput, StageResult> {
    private final PublicationStage stage;

    public PublicationHandler() {
        this(AwsClients.secretsManager(), new PgConnector(Timeouts.defaults()));
    }

    public PublicationHandler(SecretsManagerClient secrets, PgConnector connector) {
        this(new PublicationStage(new SecretStore(secrets), connector));
    }

    public PublicationHandler(PublicationStage stage) {
        super(StageInput.class);
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
        return stage.run(input.context());
    }
}
