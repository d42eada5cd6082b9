package com.auroracdc.parametergroup;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.cluster.SetupContext;
import com.auroracdc.cluster.TriggerTag;
import com.auroracdc.settings.StackSettings;
import com.auroracdc.settings.Tags;
import com.auroracdc.stage.JsonHandler;
import com.auroracdc.stage.StageInput;
import com.auroracdc.stage.StageResult;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Stage 2 of the setup: a cluster parameter group with logical replication on and replication settings sized
 * for the expected Materialize sources, associated with the cluster. Facts: {@code parameterGroup} (the group
 * in use once the plan is applied) and {@code rebootNeeded} ("true" when any member needs a reboot).
 */
public final class ParameterGroupHandler extends JsonHandler<StageInput, StageResult> {
    public static final String STAGE = "parameterGroup";

    private final RdsClient rds;
    private final Supplier<StackRules> rules;

    /** What this stage takes from the stack parameters, read once per invocation (as the last deploy set them). */
    private record StackRules(ParameterGroupPlanner.InPlace inPlace, String triggerTagKey) {
        static StackRules of(Map<String, String> stack) {
            return new StackRules(ParameterGroupPlanner.InPlace.fromEnvironment(stack), TriggerTag.key(stack));
        }
    }

    /** Lambda: one client per container. */
    public ParameterGroupHandler() {
        this(AwsClients.rds(), StackSettings.lambda());
    }

    public ParameterGroupHandler(RdsClient rds, StackSettings stack) {
        this(rds, stack.perInvocation(StackRules::of));
    }

    /** Customer groups are copied, never modified; the default trigger tag. */
    public ParameterGroupHandler(RdsClient rds) {
        this(rds, ParameterGroupPlanner.InPlace.NEVER);
    }

    /** The default trigger tag. */
    public ParameterGroupHandler(RdsClient rds, ParameterGroupPlanner.InPlace inPlace) {
        this(rds, () -> new StackRules(inPlace, Tags.DEFAULT_TRIGGER_KEY));
    }

    private ParameterGroupHandler(RdsClient rds, Supplier<StackRules> rules) {
        super(StageInput.class);
        this.rds = rds;
        this.rules = rules;
    }

    /** Every outside call of this stage goes through its SDK clients: SnapStart priming may run it offline. */
    @Override
    protected boolean primeByInvoking() {
        return true;
    }

    @Override
    public StageResult handle(StageInput input) {
        SetupContext context = SetupContext.require(input == null ? null : input.context(), "parameter-group",
                "stage-input.json");
        // A fresh cache per invocation: a retry must see what a failed attempt already changed.
        ParameterGroupPlan plan = fullPlan(context, new ObservationCache());
        ParameterGroupApplier applier = new ParameterGroupApplier(rds);
        return StageResult.apply(STAGE, context.dryRun(), plan.changes(), applier::apply, plan.warnings(), plan.facts());
    }

    /** Observe and plan, apply nothing (dry runs, the drift check). */
    public List<ParameterGroupChange> plan(SetupContext context) {
        return plan(context, new ObservationCache());
    }

    /** As {@link #plan(SetupContext)}, sharing reads across the clusters of one drift run. */
    public List<ParameterGroupChange> plan(SetupContext context, ObservationCache cache) {
        return fullPlan(context, cache).changes();
    }

    /** The plan with its warnings and facts; refuses to go on with a cluster it may not change (a non-dry run). */
    public ParameterGroupPlan fullPlan(SetupContext context, ObservationCache cache) {
        StackRules stack = rules.get();
        ParameterGroupState state = new ParameterGroupObserver(rds, cache).observe(context.cluster(),
                TriggerTag.requiredUnlessDryRun(context, stack.triggerTagKey()));
        return ParameterGroupPlanner.plan(state, context.settings(), stack.inPlace());
    }
}
