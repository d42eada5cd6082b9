package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.Purpose;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.parametergroup.ManagedGroups;
import com.auroracdc.internal.parametergroup.ParameterGroupReads;
import com.auroracdc.internal.parametergroup.ParameterGroupRemover;
import com.auroracdc.internal.parametergroup.ParameterGroupTeardown;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.internal.parametergroup.ParameterGroupRemoval.RestoreGroup;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Teardown stage, run before the reboot loop and again after it. Before: with {@code restoreParameterGroup}, moves the
 * cluster back to the group the record says it used before (the reboot loop then reboots it, per its reboot policy);
 * without, the cluster stays on our group and the report says why. After: deletes our group once no cluster uses it.
 * It saves under the parameter-group stage's key, which is what the reboot loop reads to know a reboot is due.
 */
public final class TeardownParameterGroupHandler extends JsonHandler<StageInput, StageResult> {
    public static final String STAGE = "TeardownParameterGroup";

    private final RdsClient rds;
    private final ExecutionAuthority authority;

    public TeardownParameterGroupHandler() {
        this(AwsClients.rds(), ExecutionAuthority.lambda());
    }

    TeardownParameterGroupHandler(RdsClient rds, ExecutionAuthority authority) {
        super(StageInput.class);
        this.rds = rds;
        this.authority = authority;
    }

    @Override
    public StageResult handle(StageInput input) {
        Execution run = authority.enter(StageInput.handle(input), Purpose.TEARDOWN);
        BoundCluster cluster = run.bindCluster(rds);
        SetupRecord.Resources recorded = authority.state().record(run.cluster()).map(SetupRecord::resources).orElse(null);
        ParameterGroupTeardown.Plan plan = new ParameterGroupTeardown(ParameterGroupReads.direct(rds)).plan(cluster.facts(),
                cluster.described(), recorded == null ? null : recorded.parameterGroup(),
                recorded == null ? null : recorded.replacedParameterGroup(),
                run.context().teardown().restoreParameterGroup(), run.dryRun());
        // For the record: our group while the cluster stays on it, and the customer's group it can still go back to.
        String uses = plan.changes().stream().filter(c -> c instanceof RestoreGroup).map(c -> ((RestoreGroup) c).toGroup())
                .findFirst().orElse(cluster.described().dbClusterParameterGroup());
        Map<String, String> facts = new HashMap<>();
        if (ManagedGroups.hasOurName(uses)) {
            facts.put("parameterGroup", uses);
            if (recorded != null && recorded.replacedParameterGroup() != null) {
                facts.put("replacedParameterGroup", recorded.replacedParameterGroup());
            }
        }
        StageResult result = StageResult.apply(STAGE, run.dryRun(), plan.changes(), new ParameterGroupRemover(rds),
                plan.left(), facts, run.journal(RunRecords.PARAMETER_GROUP));
        // Stored merged with the run before the reboot (the record and the report read that); answered as this run's own.
        run.saveStage(RunRecords.PARAMETER_GROUP, result);
        return result;
    }
}
