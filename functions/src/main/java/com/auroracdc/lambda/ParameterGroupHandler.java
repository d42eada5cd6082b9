package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.parametergroup.ManagedGroups;
import com.auroracdc.internal.parametergroup.ParameterGroupApplier;
import com.auroracdc.internal.parametergroup.ParameterGroupObserver;
import com.auroracdc.internal.parametergroup.ParameterGroupPlan;
import com.auroracdc.internal.parametergroup.ParameterGroupPlanner;
import com.auroracdc.internal.parametergroup.ParameterGroupReads;
import com.auroracdc.internal.parametergroup.ParameterGroupState;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.PrimeByInvoking;
import com.auroracdc.internal.stage.StageResult;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Stage 2 of the setup: a cluster parameter group with logical replication on and replication settings sized
 * for the expected Materialize sources, associated with the cluster. Facts: {@code parameterGroup} (the group
 * in use once the plan is applied) and {@code rebootNeeded} ("true" when any member needs a reboot).
 */
@PrimeByInvoking
public final class ParameterGroupHandler extends JsonHandler<StageInput, StageResult> {
    public static final String STAGE = RunRecords.PARAMETER_GROUP;

    private final RdsClient rds;
    private final ExecutionAuthority authority;

    /** Lambda: one client per container. */
    public ParameterGroupHandler() {
        this(AwsClients.rds(), ExecutionAuthority.lambda());
    }

    ParameterGroupHandler(RdsClient rds, ExecutionAuthority authority) {
        super(StageInput.class);
        this.rds = rds;
        this.authority = authority;
    }

    @Override
    public StageResult handle(StageInput input) {
        Execution run = authority.enter(StageInput.handle(input));
        BoundCluster cluster = run.bindCluster(rds);
        Map<String, String> stack = run.context().stack();
        ParameterGroupState state = new ParameterGroupObserver(ParameterGroupReads.direct(rds)).observe(cluster.facts(),
                cluster.described());
        ParameterGroupPlan plan = ParameterGroupPlanner.plan(state, run.context().settings(),
                ParameterGroupPlanner.InPlace.fromEnvironment(stack));
        if (!run.dryRun() && !plan.changes().isEmpty()) {
            // Before the first change: a failed attempt still tells the record which group the cluster was moved to.
            // The group the execution found the cluster on (Inspect's, the same for every attempt): the one it leaves.
            String before = run.context().facts() == null ? null : run.context().facts().clusterParameterGroup();
            run.save(run.context().withProgress(STAGE, new RunRecords.ParameterGroupTarget(plan.parameterGroup(),
                    before == null || ManagedGroups.hasOurName(before) ? null : before)));
        }
        StageResult result = StageResult.apply(STAGE, run.dryRun(), plan.changes(), new ParameterGroupApplier(rds)::apply,
                plan.warnings(), plan.facts(), run.journal(STAGE));
        return run.saveStage(STAGE, result);
    }
}
