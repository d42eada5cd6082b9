package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.Purpose;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.materialize.ReplicationPassword;
import com.auroracdc.internal.materialize.SourceStage;
import com.auroracdc.internal.stage.JsonHandler;
import java.time.Duration;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Polled by the state machine's wait loop after MaterializeSource: does Materialize say the source and its tables are
 * running ({@code mz_source_statuses})? Ready, or wait and ask again, bounded by {@link SourceStage#DEADLINE}; an
 * error Materialize reports is a named error with its text. Changes nothing in AWS or Materialize.
 */
public final class AwaitSourceHandler extends JsonHandler<StageInput, SourceStage.Wait> {
    /** The longest wait between polls, which the renewed lease covers. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    private final RdsClient rds;
    private final ExecutionAuthority authority;
    private final SourceStage stage;

    public AwaitSourceHandler() {
        this(AwsClients.rds(), ExecutionAuthority.lambda(), new SourceStage(MaterializeAccess.lambda(),
                new ReplicationPassword(AwsClients.secretsManager())));
    }

    AwaitSourceHandler(RdsClient rds, ExecutionAuthority authority, SourceStage stage) {
        super(StageInput.class);
        this.rds = rds;
        this.authority = authority;
        this.stage = stage;
    }

    @Override
    public SourceStage.Wait handle(StageInput input) {
        Execution run = authority.enter(StageInput.handle(input), context -> LONGEST_WAIT, false, Purpose.SETUP);
        return stage.await(run, run.bindCluster(rds));
    }
}
