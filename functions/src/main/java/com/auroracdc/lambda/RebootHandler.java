package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.ExecutionContext;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.reboot.Awaiting;
import com.auroracdc.internal.reboot.MaintenanceWindow;
import com.auroracdc.internal.reboot.ReadAvailability;
import com.auroracdc.internal.reboot.RebootAction;
import com.auroracdc.internal.reboot.RebootChange;
import com.auroracdc.internal.reboot.RebootObserver;
import com.auroracdc.internal.reboot.RebootPlanner;
import com.auroracdc.internal.reboot.RebootProgress;
import com.auroracdc.internal.reboot.RebootSchedule;
import com.auroracdc.internal.settings.ReaderReboot;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.PrimeByInvoking;
import com.auroracdc.internal.stage.StageResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Stage 4a, called again after every wait: decides what to reboot next and whether now ({@link RebootPlanner}),
 * and makes at most that one reboot ({@code RebootDBInstance}). Never waits itself: the state machine waits,
 * polls {@link AwaitRebootHandler} and comes back here.
 *
 * <p>Everything it decides from is the execution's own: the settings and the parameter-group stage's result from the
 * stored context, the members and engine version from its own describe, the progress so far from the context. The
 * progress after a reboot is saved, in one write with the lease check, before {@code RebootDBInstance} is called: a
 * retried invocation finds the instance already rebooted and never reboots it again (should the call itself never
 * reach RDS, the writer is caught by the Publication stage's logical-replication check and its one extra reboot).
 *
 * <p>Facts for the state machine's Choice: {@code action} (see {@link RebootAction}), {@code waitUntil},
 * {@code instructions}; and for the history {@code targets}, {@code deadline} and the progress.
 */
@PrimeByInvoking
public final class RebootHandler extends JsonHandler<StageInput, StageResult> {
    public static final String STAGE = "reboot";

    private final RdsClient rds;
    private final RebootObserver observer;
    private final ExecutionAuthority authority;

    public RebootHandler() {
        this(AwsClients.rds(), ExecutionAuthority.lambda());
    }

    RebootHandler(RdsClient rds, ExecutionAuthority authority) {
        super(StageInput.class);
        this.rds = rds;
        this.observer = new RebootObserver(rds);
        this.authority = authority;
    }

    @Override
    public StageResult handle(StageInput input) {
        Execution run = authority.enterAny(StageInput.handle(input));
        BoundCluster cluster = run.bindCluster(rds);
        ExecutionContext context = run.context();
        Settings settings = context.settings();
        RebootObserver.Observation observed = observer.observe(cluster.described());
        Instant now = run.now();
        RebootPolicy policy = settings.rebootPolicy();
        MaintenanceWindow window = policy == RebootPolicy.MAINTENANCE_WINDOW ? MaintenanceWindow.parse(observed.maintenanceWindow()) : null;
        RebootProgress progress = context.progress(RebootProgress.KEY, RebootProgress.class, RebootProgress.none());
        int offFindings = context.progress(RebootProgress.LOGICAL_REPLICATION_OFF, Integer.class, 0);
        RebootPlanner.Decision decision = RebootPlanner.decide(new RebootPlanner.Situation(cluster.identifier(),
                observed.members(), ReadAvailability.of(cluster.engineVersion()), policy,
                Objects.requireNonNullElse(settings.readerReboot(), ReaderReboot.ROLLING), window, now,
                run.dryRun(), parametersChanged(context), offFindings > progress.extraReboots(), progress));

        Map<String, String> facts = new LinkedHashMap<>(decision.progress().facts());
        facts.put("action", decision.action().value());
        Awaiting awaiting = null;
        if (decision.action() == RebootAction.AWAIT) {
            awaiting = Awaiting.of(decision.targets(), decision.step() != null, now,
                    now.plus(Duration.ofMinutes(settings.rebootDeadlineMinutes())));
            facts.put("targets", String.join(" ", decision.targets()));
            facts.put("deadline", awaiting.deadline());
        }
        if (decision.waitUntil() != null) {
            facts.put("waitUntil", decision.waitUntil().toString());
        }
        if (decision.instructions() != null) {
            facts.put("instructions", decision.instructions());
        }
        StageResult result = result(run.dryRun(), decision, facts);
        ExecutionContext decided = context.withProgress(RebootProgress.KEY, decision.progress())
                .withProgress(Awaiting.KEY, awaiting).withStageReplaced(STAGE, result);
        // Saved before the reboot, atomically with the lease check: a retry never makes this reboot again.
        run.saveHolding(decided, nextWait(decision, now));
        if (decision.step() != null) {
            try {
                rds.rebootDBInstance(r -> r.dbInstanceIdentifier(decision.step().instanceId()));
            } catch (RuntimeException e) {
                run.save(context); // RDS refused the reboot: it did not happen, so the next decision may make it
                throw e;
            }
        }
        return result;
    }

    /** What the parameter-group stage did in this execution (in a dry run: would do) is what every member needs a reboot for. */
    static boolean parametersChanged(ExecutionContext context) {
        StageResult stage = context.stage(RunRecords.PARAMETER_GROUP);
        boolean attempted = !context.attempted().getOrDefault(RunRecords.PARAMETER_GROUP, List.of()).isEmpty();
        if (stage == null) {
            return attempted;
        }
        return attempted || !(context.dryRun() ? stage.planned() : stage.applied()).isEmpty();
    }

    /** How long the state machine waits before the next invocation, which the lease must cover. */
    private static Duration nextWait(RebootPlanner.Decision decision, Instant now) {
        return switch (decision.action()) {
            case WAIT_FOR_WINDOW -> Duration.between(now, decision.waitUntil());
            case SETTLE -> Duration.ofSeconds(RebootSchedule.SETTLE_WAIT_SECONDS);
            case AWAIT -> Duration.ofSeconds(RebootSchedule.FIRST_WAIT_SECONDS);
            case NONE, PENDING_REBOOT -> Duration.ZERO;
        };
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
}
