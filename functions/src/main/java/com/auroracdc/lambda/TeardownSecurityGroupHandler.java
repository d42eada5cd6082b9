package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.Purpose;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.securitygroup.ObservedSecurityGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupObserver;
import com.auroracdc.internal.securitygroup.SecurityGroupReads;
import com.auroracdc.internal.securitygroup.SecurityGroupRemover;
import com.auroracdc.internal.securitygroup.SecurityGroupTeardownPlanner;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.internal.securitygroup.SecurityGroupRemoval.DeleteGroup;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Teardown stage: takes the dedicated security group off the cluster (the customer's groups stay, in their order) and
 * deletes it. Runs after the database stage, which reaches the database through that group. Not primed by invoking:
 * the canned execution SnapStart priming replays is a setup's, which this stage refuses.
 */
public final class TeardownSecurityGroupHandler extends JsonHandler<StageInput, StageResult> {
    public static final String STAGE = "TeardownSecurityGroup";

    private final RdsClient rds;
    private final Ec2Client ec2;
    private final ExecutionAuthority authority;

    public TeardownSecurityGroupHandler() {
        this(AwsClients.rds(), AwsClients.ec2(), ExecutionAuthority.lambda());
    }

    TeardownSecurityGroupHandler(RdsClient rds, Ec2Client ec2, ExecutionAuthority authority) {
        super(StageInput.class);
        this.rds = rds;
        this.ec2 = ec2;
        this.authority = authority;
    }

    @Override
    public StageResult handle(StageInput input) {
        Execution run = authority.enter(StageInput.handle(input), Purpose.TEARDOWN);
        BoundCluster cluster = run.bindCluster(rds);
        ObservedSecurityGroup observed = new SecurityGroupObserver(SecurityGroupReads.direct(ec2))
                .observe(cluster.facts(), cluster.described());
        String recorded = authority.state().record(run.cluster()).map(SetupRecord::resources)
                .map(SetupRecord.Resources::securityGroupId).orElse(null);
        SecurityGroupTeardownPlanner.Plan plan = SecurityGroupTeardownPlanner.plan(observed, recorded);
        // What stays ours, for the record: our group when the plan does not delete it.
        Map<String, String> facts = new HashMap<>();
        ObservedSecurityGroup.DedicatedGroupState group = observed.dedicatedGroup();
        if (group != null && group.managed() && plan.changes().stream().noneMatch(c -> c instanceof DeleteGroup)) {
            facts.put("securityGroupId", group.groupId());
        }
        StageResult result = StageResult.apply(STAGE, run.dryRun(), plan.changes(), new SecurityGroupRemover(ec2, rds),
                plan.left(), facts, run.journal(RunRecords.SECURITY_GROUP_TEARDOWN));
        return run.saveStage(RunRecords.SECURITY_GROUP_TEARDOWN, result);
    }
}
