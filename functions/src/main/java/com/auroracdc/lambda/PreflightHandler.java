package com.auroracdc.lambda;

import com.auroracdc.errors.DatabaseConnectionException;
import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.publication.PublicationStage;
import com.auroracdc.internal.report.FinishedRun;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.StageResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Before the first change: everything the database can tell without changing anything. It runs the publication
 * stage's observe and plan (never its apply, never the streaming proof): the database exists, the admin secret logs
 * in over verified TLS, every table the settings name exists and can be published, the admin may alter and grant
 * them, the publication and role names are free or ours, and a replication slot and WAL sender are free. Any failure
 * is the publication stage's named error, before the parameter group, the security group or a reboot is touched.
 *
 * <p>The database function reaches the cluster through the dedicated security group the SecurityGroup stage opens.
 * When the cluster cannot be reached yet and that stage has not run, the check is deferred (fact {@code deferred}):
 * the state machine runs the SecurityGroup stage, which changes only our own group, then this stage again, which no
 * longer defers. In a dry run its plan is the publication stage's plan.
 */
public final class PreflightHandler extends JsonHandler<StageInput, StageResult> {
    public static final String STAGE = "Preflight";
    public static final String DEFERRED_FACT = "deferred";

    private final RdsClient rds;
    private final PublicationStage stage;
    private final ExecutionAuthority authority;

    public PreflightHandler() {
        this(AwsClients.rds(), PublicationStage.lambda(), ExecutionAuthority.lambda());
    }

    PreflightHandler(RdsClient rds, PublicationStage stage, ExecutionAuthority authority) {
        super(StageInput.class);
        this.rds = rds;
        this.stage = stage;
        this.authority = authority;
    }

    /** As the publication stage: no connection before the snapshot; the JDBC driver and TLS context are warmed. */
    @Override
    protected void primeWithoutInvoking(StageInput sample) {
        PgConnector.warmWithoutConnecting();
    }

    @Override
    public StageResult handle(StageInput input) {
        Execution run = authority.enter(StageInput.handle(input));
        BoundCluster cluster = run.bindCluster(rds);
        SetupContext bound = cluster.context();
        SetupContext planOnly = new SetupContext(bound.executionId(), bound.startedAt(), true, bound.cluster(),
                bound.settings(), bound.warnings());
        boolean accessOpened = run.context().stage(RunRecords.SECURITY_GROUP) != null;
        StageResult result;
        try {
            StageResult plan = stage.run(planOnly, StageResult.Journal.NONE,
                    tables -> run.save(run.context().withProgress(RunRecords.PUBLISHED_TABLES, tables)));
            Map<String, String> facts = new LinkedHashMap<>(plan.facts());
            facts.put(DEFERRED_FACT, "false");
            result = new StageResult(STAGE, run.dryRun(), plan.planned(), List.of(), plan.warnings(), facts, plan.effects());
        } catch (DatabaseConnectionException e) {
            if (accessOpened && !run.dryRun()) {
                throw e;
            }
            List<String> warnings = new ArrayList<>();
            warnings.add(accessOpened
                    ? "The database could not be reached (" + e.getMessage() + "): its checks and the publication plan"
                    + " are unknown until the security group is applied."
                    : "The database cannot be reached yet (" + e.getMessage() + "): checked again once the SecurityGroup"
                    + " stage has opened the dedicated security group to this function.");
            result = new StageResult(STAGE, run.dryRun(), List.of(), List.of(), warnings,
                    Map.of(DEFERRED_FACT, Boolean.toString(!accessOpened)), List.of());
        }
        return run.saveStage(FinishedRun.PREFLIGHT, result);
    }
}
