package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.Purpose;
import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.materialize.MaterializeTeardown;
import com.auroracdc.internal.report.SetupReporter;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.StageResult;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Teardown stage, first after Inspect: with the stack's MaterializeMode source or egress, drops what the source mode
 * created in Materialize for the cluster (our tables, then the source, the connection, the secret; never CASCADE), so
 * that the database stage finds the replication slot inactive ({@link MaterializeTeardown}); in mode off it does
 * nothing. Runs outside the VPC: it calls Materialize's SQL API over the internet, never the database. Not primed by
 * invoking: the canned execution SnapStart priming replays is a setup's, which this stage refuses.
 */
public final class TeardownMaterializeHandler extends JsonHandler<StageInput, StageResult> {
    public static final String STAGE = MaterializeTeardown.STAGE;

    private final RdsClient rds;
    private final ExecutionAuthority authority;
    private final MaterializeTeardown teardown;

    public TeardownMaterializeHandler() {
        this(AwsClients.rds(), ExecutionAuthority.lambda(), new MaterializeTeardown(MaterializeAccess.lambda()));
    }

    TeardownMaterializeHandler(RdsClient rds, ExecutionAuthority authority, MaterializeTeardown teardown) {
        super(StageInput.class);
        this.rds = rds;
        this.authority = authority;
        this.teardown = teardown;
    }

    @Override
    public StageResult handle(StageInput input) {
        Execution run = authority.enter(StageInput.handle(input), Purpose.TEARDOWN);
        // The record is read only in mode off, the one case its outcome matters.
        return teardown.remove(run, run.bindCluster(rds), () -> authority.state().record(run.cluster())
                .map(SetupRecord::outcome).filter(SetupReporter.INGESTING::equals).isPresent());
    }
}
