package com.auroracdc.lambda;

import com.auroracdc.errors.InvalidInputException;
import com.auroracdc.errors.RebootTimeoutException;
import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.reboot.Awaiting;
import com.auroracdc.internal.reboot.MemberState;
import com.auroracdc.internal.reboot.RebootObserver;
import com.auroracdc.internal.reboot.RebootSchedule;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.PrimeByInvoking;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Stage 4b, polled by the state machine's wait loop: has every member the Reboot stage waits for come back? What it
 * waits for ({@link Awaiting}: the members, whether the stage rebooted them, the deadline) is read from the
 * execution's stored context, never from the payload. Members it does not wait for (readers left pending) never hold
 * it up. Past the deadline it raises {@link RebootTimeoutException}. Says how long to wait before the next poll
 * ({@link RebootSchedule}), and holds the execution's lease over that wait. Changes nothing else.
 */
@PrimeByInvoking
public final class AwaitRebootHandler extends JsonHandler<StageInput, AwaitRebootHandler.Status> {
    private final RebootObserver observer;
    private final ExecutionAuthority authority;

    /**
     * @param done        drives the Choice state
     * @param members     where each instance is, for the history
     * @param waitSeconds how long the Wait state waits before the next poll
     */
    public record Status(boolean done, String members, int waitSeconds) {
    }

    public AwaitRebootHandler() {
        this(AwsClients.rds(), ExecutionAuthority.lambda());
    }

    AwaitRebootHandler(RdsClient rds, ExecutionAuthority authority) {
        super(StageInput.class);
        this.observer = new RebootObserver(rds);
        this.authority = authority;
    }

    @Override
    public Status handle(StageInput input) {
        // Renewed over the longest poll interval this deadline allows; this stage changes nothing, so it does not ask
        // Step Functions whether the execution still runs.
        Execution run = authority.enter(StageInput.handle(input),
                context -> Duration.ofSeconds(RebootSchedule.longestWait(context.settings().rebootDeadlineMinutes())), false);
        Awaiting awaiting = run.context().progress(Awaiting.KEY, Awaiting.class, null);
        if (awaiting == null) {
            throw new InvalidInputException("Execution " + run.executionId() + " is not waiting for a reboot: AwaitReboot"
                    + " runs only after the Reboot stage decided to wait. Nothing was changed.");
        }
        String cluster = run.cluster();
        List<MemberState> members = observer.observe(cluster).members();
        List<String> targets = awaiting.targets();
        List<MemberState> awaited = members.stream().filter(m -> targets.contains(m.instanceId())).toList();
        String summary = members.stream().map(m -> m.instanceId() + "=" + m.instanceStatus() + "/" + m.parameterGroupStatus()
                        + (targets.contains(m.instanceId()) ? "" : " (not awaited)"))
                .collect(Collectors.joining(", "));
        boolean done = awaited.stream().allMatch(awaiting::done);
        Instant now = run.now();
        if (!done && now.isAfter(awaiting.deadlineInstant())) {
            throw new RebootTimeoutException("Cluster " + cluster + ": " + String.join(", ", targets) + " not back"
                    + (awaiting.ourReboot() ? " in-sync and" : "") + " available by " + awaiting.deadline() + " (" + summary
                    + "). Check the RDS events of those instances; once they are available and in-sync, run the setup"
                    + " again, or raise rebootDeadlineMinutes.");
        }
        Duration elapsed = Duration.between(awaiting.startedAtInstant(), now);
        return new Status(done, summary, RebootSchedule.nextWait(elapsed, run.context().settings().rebootDeadlineMinutes()));
    }
}
