package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.securitygroup.DesiredAccess;
import com.auroracdc.internal.securitygroup.EgressSource;
import com.auroracdc.internal.securitygroup.ObservedSecurityGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupApplier;
import com.auroracdc.internal.securitygroup.SecurityGroupLimits;
import com.auroracdc.internal.securitygroup.SecurityGroupObserver;
import com.auroracdc.internal.securitygroup.SecurityGroupPlan;
import com.auroracdc.internal.securitygroup.SecurityGroupPlanner;
import com.auroracdc.internal.securitygroup.SecurityGroupReads;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.PrimeByInvoking;
import com.auroracdc.internal.stage.StageResult;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Security-group stage: gives the cluster a dedicated security group that lets Materialize's egress
 * CIDRs and the automation's database Lambda reach the cluster port, reconciled on every run.
 *
 * <p>Stack settings (the execution's): {@value DesiredAccess#LAMBDA_SECURITY_GROUP_VARIABLE} (optional). Environment:
 * {@value SecurityGroupLimits#RULES_VARIABLE} and {@value SecurityGroupLimits#GROUPS_VARIABLE} (optional, for accounts
 * with raised quotas). Facts: {@value #SECURITY_GROUP_ID_FACT}.
 */
@PrimeByInvoking
public final class SecurityGroupHandler extends JsonHandler<StageInput, StageResult> {
    public static final String STAGE = "SecurityGroup";
    public static final String SECURITY_GROUP_ID_FACT = "securityGroupId";

    private final RdsClient rds;
    private final Ec2Client ec2;
    private final ExecutionAuthority authority;
    /** Read per invocation so a malformed value is a named error, not a failed container start. */
    private final Supplier<SecurityGroupLimits> limits;
    private final MaterializeAccess materialize;

    public SecurityGroupHandler() {
        this(AwsClients.rds(), AwsClients.ec2(), ExecutionAuthority.lambda(),
                () -> SecurityGroupLimits.fromEnvironment(System.getenv()), MaterializeAccess.lambda());
    }

    SecurityGroupHandler(RdsClient rds, Ec2Client ec2, ExecutionAuthority authority,
                                Supplier<SecurityGroupLimits> limits, MaterializeAccess materialize) {
        super(StageInput.class);
        this.rds = rds;
        this.ec2 = ec2;
        this.authority = authority;
        this.limits = limits;
        this.materialize = materialize;
    }

    @Override
    public StageResult handle(StageInput input) {
        Execution run = authority.enter(StageInput.handle(input));
        // Binding re-checks the egress CIDRs against the stack's own AllowPublicSource: what the port opens to.
        BoundCluster cluster = run.bindCluster(rds);
        Map<String, String> stack = run.context().stack();
        SecurityGroupLimits quota = limits.get();
        ObservedSecurityGroup observed = new SecurityGroupObserver(SecurityGroupReads.direct(ec2)).observe(cluster.facts(), cluster.described());
        // Read before anything is changed: a failure to read Materialize changes nothing.
        DesiredAccess desired = new EgressSource(materialize).desired(run.context().settings(), stack, observed,
                stack.get(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE));
        SecurityGroupPlan plan = SecurityGroupPlanner.plan(observed, desired, quota);

        var applier = new SecurityGroupApplier(ec2, rds, observed.dedicatedGroupId());
        // Each change journaled with the group made so far: a failed attempt still tells the record which group is ours.
        StageResult.Journal journal = change -> run.save(run.context().withAttempt(RunRecords.SECURITY_GROUP, change.description())
                .withProgress(RunRecords.SECURITY_GROUP, new RunRecords.Made(applier.groupId())));
        StageResult result = StageResult.apply(STAGE, run.dryRun(), plan.changes(), applier, plan.warnings(), Map.of(), journal);
        Map<String, String> facts = new HashMap<>();
        if (applier.groupId() != null) {
            facts.put(SECURITY_GROUP_ID_FACT, applier.groupId());
        }
        return run.saveStage(RunRecords.SECURITY_GROUP, new StageResult(result.stage(), result.dryRun(), result.planned(), result.applied(),
                result.warnings(), facts, result.effects()));
    }
}
