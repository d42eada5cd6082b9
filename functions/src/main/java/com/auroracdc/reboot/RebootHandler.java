package com.auroracdc.reboot;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.cluster.SetupContext;
import com.auroracdc.cluster.TriggerTag;
import com.auroracdc.errors.InvalidInputException;
import com.auroracdc.settings.ReaderReboot;
import com.auroracdc.settings.RebootPolicy;
import com.auroracdc.settings.StackSettings;
import com.auroracdc.settings.Tags;
import com.auroracdc.stage.Change;
import com.auroracdc.stage.Effect;
import com.auroracdc.stage.JsonHandler;
import com.auroracdc.stage.StageResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Stage 4a, called again after every wait: decides what to reboot next and whether now ({@link RebootPlanner}),
 * and makes at most that one reboot ({@code RebootDBInstance}). Never waits itself: the state machine waits,
 * polls {@link AwaitRebootHandler} and comes back here. Facts: {@code action} (see {@link RebootAction}),
 * {@code targets}, {@code deadline}, {@code rebootStartedAt}, {@code waitUntil}, {@code instructions}, and the
 * progress so far ({@link RebootProgress}). The plan lists every reboot, done and to do, with its effect.
 */
public final class RebootHandler extends JsonHandler<RebootInput, StageResult> {
    public static final String STAGE = "reboot";

    private final RdsClient rds;
    private final RebootObserver observer;
    private final Clock clock;
    /** Read per invocation: the stack parameter TriggerTagKey as the last deploy set it. */
    private final Supplier<String> triggerTagKey;

    public RebootHandler() {
        this(AwsClients.rds(), Clock.systemUTC(), StackSettings.lambda());
    }

    /** The default trigger tag. */
    public RebootHandler(RdsClient rds, Clock clock) {
        this(rds, clock, () -> Tags.DEFAULT_TRIGGER_KEY);
    }

    public RebootHandler(RdsClient rds, Clock clock, StackSettings stack) {
        this(rds, clock, stack.perInvocation(TriggerTag::key));
    }

    private RebootHandler(RdsClient rds, Clock clock, Supplier<String> triggerTagKey) {
        super(RebootInput.class);
        this.rds = rds;
        this.observer = new RebootObserver(rds);
        this.clock = clock;
        this.triggerTagKey = triggerTagKey;
    }

    /** Every outside call of this stage goes through its SDK clients: SnapStart priming may run it offline. */
    @Override
    protected boolean primeByInvoking() {
        return true;
    }

    @Override
    public StageResult handle(RebootInput input) {
        SetupContext context = SetupContext.require(input == null ? null : input.context(), "reboot", "reboot-input.json");
        String cluster = context.cluster().identifier();
        RebootObserver.Observation observed = observer.observe(cluster,
                TriggerTag.requiredUnlessDryRun(context, triggerTagKey.get()));
        requireMembers(context, observed.members());
        Instant now = clock.instant();
        RebootPolicy policy = context.settings().rebootPolicy();
        MaintenanceWindow window = policy == RebootPolicy.MAINTENANCE_WINDOW ? MaintenanceWindow.parse(observed.maintenanceWindow()) : null;
        RebootPlanner.Decision decision = RebootPlanner.decide(new RebootPlanner.Situation(cluster, observed.members(),
                ReadAvailability.of(context.cluster().engineVersion()), policy,
                Objects.requireNonNullElse(context.settings().readerReboot(), ReaderReboot.ROLLING), window, now,
                context.dryRun(), input.parametersChanged(), input.writerWithoutLogicalReplication(),
                RebootProgress.of(input.reboot())));

        if (decision.step() != null) {
            rds.rebootDBInstance(r -> r.dbInstanceIdentifier(decision.step().instanceId()));
        }
        Map<String, String> facts = new LinkedHashMap<>(decision.progress().facts());
        facts.put("action", decision.action().value());
        if (decision.action() == RebootAction.AWAIT) {
            facts.put("targets", String.join(" ", decision.targets()));
            facts.put("rebootStartedAt", now.toString());
            facts.put("deadline", now.plusSeconds(60L * context.settings().rebootDeadlineMinutes()).toString());
        }
        if (decision.waitUntil() != null) {
            facts.put("waitUntil", decision.waitUntil().toString());
        }
        if (decision.instructions() != null) {
            facts.put("instructions", decision.instructions());
        }
        return result(context.dryRun(), decision, facts);
    }

    /** Planned: the reboots made so far in this execution, then every one still to do; applied: those made. */
    private static StageResult result(boolean dryRun, RebootPlanner.Decision decision, Map<String, String> facts) {
        RebootProgress done = decision.progress();
        List<String> planned = new ArrayList<>(done.applied());
        List<Effect> effects = new ArrayList<>(done.appliedEffects());
        List<RebootChange> remaining = decision.step() == null ? decision.plan()
                : decision.plan().subList(1, decision.plan().size());
        planned.addAll(remaining.stream().map(Change::description).toList());
        effects.addAll(remaining.stream().map(Change::effect).toList());
        return new StageResult(STAGE, dryRun, planned, done.applied(), decision.warnings(), facts, effects);
    }

    /**
     * The instances the context names must be members of the cluster as RDS describes it: what is rebooted comes from
     * that description, never from the context, and a context that disagrees with it (crafted, or a reader removed
     * since Inspect) is refused rather than half believed.
     */
    private static void requireMembers(SetupContext context, List<MemberState> members) {
        Set<String> described = members.stream().map(m -> m.instanceId().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> claimed = new ArrayList<>(context.cluster().readerInstanceIds());
        claimed.add(context.cluster().writerInstanceId());
        List<String> foreign = claimed.stream().filter(Objects::nonNull)
                .filter(id -> !described.contains(id.toLowerCase(Locale.ROOT))).toList();
        if (!foreign.isEmpty()) {
            throw new InvalidInputException("The reboot stage's context names " + String.join(", ", foreign) + ", not a member"
                    + " of cluster " + context.cluster().identifier() + " as RDS describes it now (members: "
                    + members.stream().map(MemberState::instanceId).collect(Collectors.joining(", ")) + "). Nothing was"
                    + " rebooted. Start the setup again so Inspect describes the cluster afresh.");
        }
    }
}
