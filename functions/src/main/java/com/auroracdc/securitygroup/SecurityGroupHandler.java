package com.auroracdc.securitygroup;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.cluster.SetupContext;
import com.auroracdc.cluster.TriggerTag;
import com.auroracdc.errors.InvalidInputException;
import com.auroracdc.settings.Setting;
import com.auroracdc.settings.SettingsResolver;
import com.auroracdc.settings.StackSettings;
import com.auroracdc.stage.Json;
import com.auroracdc.stage.JsonHandler;
import com.auroracdc.stage.StageInput;
import com.auroracdc.stage.StageResult;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Security-group stage: gives the cluster a dedicated security group that lets Materialize's egress
 * CIDRs and the automation's database Lambda reach the cluster port, reconciled on every run.
 *
 * <p>Environment: {@value DesiredAccess#LAMBDA_SECURITY_GROUP_VARIABLE} (optional),
 * {@value SecurityGroupLimits#RULES_VARIABLE} and {@value SecurityGroupLimits#GROUPS_VARIABLE} (optional,
 * for accounts with raised quotas). Facts: {@value #SECURITY_GROUP_ID_FACT}.
 */
public final class SecurityGroupHandler extends JsonHandler<StageInput, StageResult> {
    public static final String STAGE = "SecurityGroup";
    public static final String SECURITY_GROUP_ID_FACT = "securityGroupId";

    private final RdsClient rds;
    private final Ec2Client ec2;
    /**
     * The stack parameters as the last deploy set them, read once per invocation: the database function's group, the
     * trigger tag key and AllowPublicSource come from here, never from the context.
     */
    private final Supplier<Map<String, String>> stack;
    /** Read per invocation so a malformed value is a named error, not a failed container start. */
    private final Supplier<SecurityGroupLimits> limits;

    public SecurityGroupHandler() {
        this(AwsClients.rds(), AwsClients.ec2(), StackSettings.lambda(), () -> SecurityGroupLimits.fromEnvironment(System.getenv()));
    }

    public SecurityGroupHandler(RdsClient rds, Ec2Client ec2, StackSettings stack) {
        this(rds, ec2, stack, () -> SecurityGroupLimits.AWS_DEFAULTS);
    }

    public SecurityGroupHandler(RdsClient rds, Ec2Client ec2, StackSettings stack, Supplier<SecurityGroupLimits> limits) {
        this(rds, ec2, (Supplier<Map<String, String>>) stack::current, limits);
    }

    /** The stack's defaults (trigger tag materialize:cdc, no public source) with this database function group. */
    public SecurityGroupHandler(RdsClient rds, Ec2Client ec2, String lambdaSecurityGroupId) {
        this(rds, ec2, lambdaSecurityGroupId, () -> SecurityGroupLimits.AWS_DEFAULTS);
    }

    public SecurityGroupHandler(RdsClient rds, Ec2Client ec2, String lambdaSecurityGroupId,
                                Supplier<SecurityGroupLimits> limits) {
        this(rds, ec2, StackSettings.fixed(lambdaSecurityGroupId == null ? Map.of()
                : Map.of(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE, lambdaSecurityGroupId)), limits);
    }

    private SecurityGroupHandler(RdsClient rds, Ec2Client ec2, Supplier<Map<String, String>> stack,
                                 Supplier<SecurityGroupLimits> limits) {
        super(StageInput.class);
        this.rds = rds;
        this.ec2 = ec2;
        this.stack = stack;
        this.limits = limits;
    }

    /** Every outside call of this stage goes through its SDK clients: SnapStart priming may run it offline. */
    @Override
    protected boolean primeByInvoking() {
        return true;
    }

    @Override
    public StageResult handle(StageInput input) {
        SetupContext context = input == null ? null : input.context();
        if (context == null || context.cluster() == null || context.settings() == null
                || context.cluster().identifier() == null || context.cluster().vpcId() == null) {
            throw new InvalidInputException("The security-group stage needs {\"context\": {...}} with the cluster (identifier,"
                    + " vpcId) and settings that the Inspect stage returns. Compare the input with events/stage-input.json.");
        }
        Map<String, String> stackNow = stack.get();
        SettingsResolver rules = new SettingsResolver(stackNow);
        // Checked again with the stack's own AllowPublicSource: a context handed to this function directly may claim
        // any settings, allowPublicSource included, and these CIDRs are what the port is opened to.
        rules.resolve(Map.of(), Map.of(Setting.EGRESS_CIDRS.inputKey(), Json.MAPPER.valueToTree(context.settings().egressCidrs())));
        DesiredAccess desired = DesiredAccess.of(context.settings(), stackNow.get(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE));
        SecurityGroupLimits quota = limits.get();
        ObservedSecurityGroup observed = new SecurityGroupObserver(rds, ec2).observe(context.cluster(),
                TriggerTag.requiredUnlessDryRun(context, rules.triggerTagKey()));
        SecurityGroupPlan plan = SecurityGroupPlanner.plan(observed, desired, quota);

        var applier = new SecurityGroupApplier(ec2, rds, observed.dedicatedGroupId());
        StageResult result = StageResult.apply(STAGE, context.dryRun(), plan.changes(), applier, plan.warnings(), Map.of());
        Map<String, String> facts = new HashMap<>();
        if (applier.groupId() != null) {
            facts.put(SECURITY_GROUP_ID_FACT, applier.groupId());
        }
        return new StageResult(result.stage(), result.dryRun(), result.planned(), result.applied(), result.warnings(), facts,
                result.effects());
    }
}
