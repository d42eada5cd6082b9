package com.auroracdc.reboot;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.errors.RebootTimeoutException;
import com.auroracdc.stage.JsonHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Stage 4b, called by the state machine's Wait loop: is every instance {@code available} and every member
 * {@code in-sync}? Past the deadline it raises {@link RebootTimeoutException}. Read-only.
 */
public final class AwaitRebootHandler extends JsonHandler<RebootCheck, AwaitRebootHandler.Status> {
    private final RebootObserver observer;
    private final Clock clock;

    /** {@code done} drives the Choice state; {@code members} says where each instance is, for the history. */
    public record Status(boolean done, String members) {
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
        List<MemberState> members = observer.observe(cluster).members();
        String summary = members.stream().map(m -> m.instanceId() + "=" + m.instanceStatus() + "/" + m.parameterGroupStatus())
                .collect(Collectors.joining(", "));
        boolean done = members.stream().allMatch(m -> m.available() && m.inSync());
        String deadline = check.reboot().facts().get("deadline");
        if (!done && deadline != null && clock.instant().isAfter(Instant.parse(deadline))) {
            throw new RebootTimeoutException("Cluster " + cluster + " was not back in-sync and available by " + deadline
                    + " (" + summary + "). Check the RDS events of its instances; once every instance is available and"
                    + " in-sync, run the setup again, or raise rebootDeadlineMinutes.");
        }
        return new Status(done, summary);
    }
}
