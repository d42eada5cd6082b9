package com.auroracdc.lambda;

import com.auroracdc.errors.LogicalReplicationOffException;
import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.publication.PublicationChange.SetReplicaIdentityFull;
import com.auroracdc.internal.publication.PublicationStage;
import com.auroracdc.internal.reboot.RebootProgress;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.StageResult;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Lambda entry point of the publication stage. Runs in the cluster's VPC. Builds its Secrets Manager client
 * once per container; opens database connections only inside {@link #handle}, never during init.
 *
 * <p>It acts for a verified execution only, on the cluster that execution bound (described afresh: endpoint, port,
 * admin secret chosen by the stack's policy, trigger tag), and journals each change before making it, atomically
 * with the check that the lease still holds. A writer found without logical replication is recorded in the
 * execution's context before the error, so the Reboot stage's one extra reboot follows from the store, not a payload.
 */
public final class PublicationHandler extends JsonHandler<StageInput, StageResult> {
    private final RdsClient rds;
    private final PublicationStage stage;
    private final ExecutionAuthority authority;

    public PublicationHandler() {
        this(AwsClients.rds(), PublicationStage.lambda(), ExecutionAuthority.lambda());
    }

    PublicationHandler(RdsClient rds, PublicationStage stage, ExecutionAuthority authority) {
        super(StageInput.class);
        this.rds = rds;
        this.stage = stage;
        this.authority = authority;
    }

    @Override
    protected void primeWithoutInvoking(StageInput sample) {
        PgConnector.warmWithoutConnecting();
    }

    @Override
    public StageResult handle(StageInput input) {
        Execution run = authority.enter(StageInput.handle(input));
        BoundCluster cluster = run.bindCluster(rds);
        try {
            // The tables set to REPLICA IDENTITY FULL are kept for the record too: what a teardown may reset.
            StageResult.Journal journal = run.journal(RunRecords.PUBLICATION, SetReplicaIdentityFull.class,
                    SetReplicaIdentityFull::tables, RunRecords.REPLICA_IDENTITY_SET);
            // The published tables go to the stored context, not the payload: Materialize's side creates one table each.
            StageResult result = stage.run(cluster.context(), journal,
                    tables -> run.save(run.context().withProgress(RunRecords.PUBLISHED_TABLES, tables)));
            return run.saveStage(RunRecords.PUBLICATION, result);
        } catch (LogicalReplicationOffException e) {
            int seen = run.context().progress(RebootProgress.LOGICAL_REPLICATION_OFF, Integer.class, 0);
            run.save(run.context().withProgress(RebootProgress.LOGICAL_REPLICATION_OFF, seen + 1));
            throw e;
        }
    }
}
