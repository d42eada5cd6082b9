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

    @Override
    public StageResult handle(StageInput input) {
        return stage.run(input.context());
    }
}
