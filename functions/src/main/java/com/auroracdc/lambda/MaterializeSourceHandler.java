package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.materialize.ReplicationPassword;
import com.auroracdc.internal.materialize.SourceStage;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.StageResult;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Setup stage after Publication: with the stack's MaterializeMode source, creates in Materialize the secret,
 * connection, source and tables that read this cluster's publication ({@link SourceStage}); in other modes it does
 * nothing. With network path privatelink the connection goes through an AWS PRIVATELINK connection to our endpoint
 * service, whose pending endpoint connections from Materialize's principal it accepts (acceptance required). Runs
 * outside the VPC: it calls Materialize's SQL API over the internet, never the database.
 */
public final class MaterializeSourceHandler extends JsonHandler<StageInput, StageResult> {
    private final RdsClient rds;
    private final ExecutionAuthority authority;
    private final SourceStage stage;

    public MaterializeSourceHandler() {
        this(AwsClients.rds(), ExecutionAuthority.lambda(), new SourceStage(MaterializeAccess.lambda(),
                new ReplicationPassword(AwsClients.secretsManager()), AwsClients.ec2()));
    }

    MaterializeSourceHandler(RdsClient rds, ExecutionAuthority authority, SourceStage stage) {
        super(StageInput.class);
        this.rds = rds;
        this.authority = authority;
        this.stage = stage;
    }

    @Override
    public StageResult handle(StageInput input) {
        Execution run = authority.enter(StageInput.handle(input));
        return stage.create(run, run.bindCluster(rds));
    }
}
