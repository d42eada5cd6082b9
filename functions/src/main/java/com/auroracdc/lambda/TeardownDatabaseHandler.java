package com.auroracdc.lambda;

import com.auroracdc.errors.DatabaseConnectionException;
import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.database.DatabaseTarget;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.Purpose;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.execution.TeardownOptions;
import com.auroracdc.internal.publication.DatabaseTeardown;
import com.auroracdc.internal.publication.RecordedResources;
import com.auroracdc.internal.publication.TeardownChange.ResetReplicaIdentity;
import com.auroracdc.internal.publication.DatabaseTeardownOptions;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.StageResult;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Teardown stage, in the VPC, first of all (it reaches the database through our security group): every
 * {@code materialize_} slot is reported with the WAL it retains, and an active one stops the teardown before anything
 * changes; then what the record says the setup made in the database goes (publication, replication role after its
 * grants, inactive slots with {@code dropSlots}), and the replication secret is deleted with a recovery window.
 */
public final class TeardownDatabaseHandler extends JsonHandler<StageInput, StageResult> {
    private final RdsClient rds;
    private final DatabaseTeardown teardown;
    private final ExecutionAuthority authority;

    public TeardownDatabaseHandler() {
        this(AwsClients.rds(), DatabaseTeardown.lambda(), ExecutionAuthority.lambda());
    }

    TeardownDatabaseHandler(RdsClient rds, DatabaseTeardown teardown, ExecutionAuthority authority) {
        super(StageInput.class);
        this.rds = rds;
        this.teardown = teardown;
        this.authority = authority;
    }

    private static boolean nothingRecorded(RecordedResources resources) {
        return resources.publication() == null && resources.replicationUser() == null
                && resources.replicationSecretArn() == null && resources.replicaIdentityFull().isEmpty();
    }

    @Override
    protected void primeWithoutInvoking(StageInput sample) {
        PgConnector.warmWithoutConnecting();
    }

    @Override
    public StageResult handle(StageInput input) {
        Execution run = authority.enter(StageInput.handle(input), Purpose.TEARDOWN);
        BoundCluster cluster = run.bindCluster(rds);
        SetupRecord.Resources recorded = authority.state().record(run.cluster()).map(SetupRecord::resources).orElse(null);
        RecordedResources resources = recorded == null ? RecordedResources.NONE : new RecordedResources(
                recorded.publication(), recorded.replicationUser(), recorded.replicationSecretArn(), recorded.databaseName(),
                recorded.replicaIdentityFull());
        TeardownOptions options = run.context().teardown();
        // The tables reset to REPLICA IDENTITY DEFAULT are kept for the record too (the record then drops them).
        StageResult.Journal journal = run.journal(RunRecords.DATABASE_TEARDOWN, ResetReplicaIdentity.class,
                ResetReplicaIdentity::tables, RunRecords.REPLICA_IDENTITY_RESET);
        StageResult result;
        try {
            result = teardown.run(cluster.context(), DatabaseTarget.of(cluster.facts(), run.context().settings()),
                    resources, new DatabaseTeardownOptions(options.dropSlots(), options.revertReplicaIdentity()), journal);
        } catch (DatabaseConnectionException e) {
            if (!nothingRecorded(resources)) {
                throw e;
            }
            // A teardown run again after one that finished: the database is out of reach without the security group it
            // removed, and the record says nothing of ours is left there. Not a failure, but said.
            result = new StageResult(DatabaseTeardown.NAME, run.dryRun(), List.of(), List.of(), List.of("The database"
                    + " could not be reached (" + e.getMessage() + "), and the record names nothing of ours left in it, so"
                    + " nothing was planned there. Replication slots could not be listed: check on the writer with SELECT"
                    + " slot_name, active FROM pg_replication_slots WHERE slot_name LIKE 'materialize\\_%';"), Map.of());
        }
        return run.saveStage(RunRecords.DATABASE_TEARDOWN, result);
    }
}
