package com.auroracdc.reboot;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.cluster.SetupContext;
import com.auroracdc.stage.JsonHandler;
import com.auroracdc.stage.StageInput;
import com.auroracdc.stage.StageResult;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Stage 4a: decides whether and when to reboot, and reboots the writer ({@code RebootDBInstance}: on Aurora
 * PostgreSQL that restarts the readers too). Never waits itself: the state machine waits and calls
 * {@link AwaitRebootHandler}. Facts: {@code action} (see {@link RebootAction}), {@code waitUntil},
 * {@code deadline}, {@code instructions}.
 */
public final class RebootHandler extends JsonHandler<StageInput, StageResult> {
    private final RdsClient rds;
    private final RebootObserver observer;
    private final Clock clock;

    public RebootHandler() {
        this(AwsClients.rds(), Clock.systemUTC());
    }

    public RebootHandler(RdsClient rds, Clock clock) {
        super(StageInput.class);
        this.rds = rds;
        this.observer = new RebootObserver(rds);
        this.clock = clock;
    }

    /** Every outside call of this stage goes through its SDK clients: SnapStart priming may run it offline. */
    @Override
    protected boolean primeByInvoking() {
        return true;
    }

    @Override
    public StageResult handle(StageInput input) {
        SetupContext context = input.context();
        String cluster = context.cluster().identifier();
        RebootObserver.Observation observed = observer.observe(cluster);
        Instant now = clock.instant();
        MaintenanceWindow window = context.settings().rebootPolicy() == com.auroracdc.settings.RebootPolicy.MAINTENANCE_WINDOW
                ? MaintenanceWindow.parse(observed.maintenanceWindow()) : null;
        RebootPlanner.Decision decision = RebootPlanner.decide(cluster, observed.members(),
                context.settings().rebootPolicy(), window, now);

        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("action", decision.action().value());
        if (decision.action() == RebootAction.AWAIT) {
            facts.put("deadline", now.plusSeconds(60L * context.settings().rebootDeadlineMinutes()).toString());
        }
        if (decision.waitUntil() != null) {
            facts.put("waitUntil", decision.waitUntil().toString());
        }
        if (decision.instructions() != null) {
            facts.put("instructions", decision.instructions());
        }
        List<String> warnings = decision.action() == RebootAction.WAIT_FOR_WINDOW
                ? List.of("Reboot deferred to the maintenance window starting " + decision.waitUntil() + ".")
                : List.of();
        return StageResult.apply("reboot", context.dryRun(), decision.plan(),
                change -> rds.rebootDBInstance(r -> r.dbInstanceIdentifier(change.instanceId())), warnings, facts);
    }
}
