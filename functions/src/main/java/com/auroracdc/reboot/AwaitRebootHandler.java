package com.auroracdc.reboot;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.errors.RebootTimeoutException;
import com.auroracdc.stage.JsonHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Stage 4b, polled by the state machine's wait loop: is every member the Reboot stage waits for
 * ({@code facts.targets}: the writer, every member when the readers restart with it, or one reader) available and
 * in-sync? Members it does not wait for (readers left pending) never hold it up. Past the deadline it raises
 * {@link RebootTimeoutException}. Says how long to wait before the next poll ({@link RebootSchedule}). Read-only.
 */
public final class AwaitRebootHandler extends JsonHandler<RebootCheck, AwaitRebootHandler.Status> {
    private final RebootObserver observer;
    private final Clock clock;

    /**
     * @param done        drives the Choice state
     * @param members     where each instance is, for the history
     * @param waitSeconds how long the Wait state waits before the next poll
     */
    public record Status(boolean done, String members, int waitSeconds) {
    }

    public AwaitRebootHandler() {
        this(AwsClients.rds(), Clock.systemUTC());
    }

    public AwaitRebootHandler(RdsClient rds, Clock clock) {
        super(RebootCheck.class);
        this.observer = new RebootObserver(rds);
        this.clock = clock;
    }

    /** Every outside call of this stage goes through its SDK clients: SnapStart priming may run it offline. */
    @Override
    protected boolean primeByInvoking() {
        return true;
    }

    @Override
    public Status handle(RebootCheck check) {
        String cluster = check.context().cluster().identifier();
        Map<String, String> facts = check.reboot().facts();
        List<MemberState> members = observer.observe(cluster).members();
        String targetList = facts.getOrDefault("targets", "");
        List<String> targets = targetList.isBlank() ? members.stream().map(MemberState::instanceId).toList()
                : Arrays.asList(targetList.trim().split(" "));
        List<MemberState> awaited = members.stream().filter(m -> targets.contains(m.instanceId())).toList();
        String summary = members.stream().map(m -> m.instanceId() + "=" + m.instanceStatus() + "/" + m.parameterGroupStatus()
                        + (targets.contains(m.instanceId()) ? "" : " (not awaited)"))
                .collect(Collectors.joining(", "));
        boolean done = awaited.stream().allMatch(m -> m.available() && m.inSync());
        Instant now = clock.instant();
        String deadline = facts.get("deadline");
        if (!done && deadline != null && now.isAfter(Instant.parse(deadline))) {
            throw new RebootTimeoutException("Cluster " + cluster + ": " + String.join(", ", targets) + " not back in-sync"
                    + " and available by " + deadline + " (" + summary + "). Check the RDS events of those instances; once"
                    + " they are available and in-sync, run the setup again, or raise rebootDeadlineMinutes.");
        }
        String started = facts.get("rebootStartedAt");
        Duration elapsed = started == null ? Duration.ZERO : Duration.between(Instant.parse(started), now);
        return new Status(done, summary, RebootSchedule.nextWait(elapsed, check.context().settings().rebootDeadlineMinutes()));
    }
}
