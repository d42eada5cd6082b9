package com.auroracdc.clusterstate;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.stage.JsonHandler;
import java.time.Instant;
import java.util.Map;

/**
 * Runs after every Reboot decision: extends the setup's lease on its cluster to cover what comes next (a
 * maintenance-window wait, a member's reboot, the Publication stage). A lease that ran out and was taken by
 * another setup fails this one with SetupAlreadyRunningException before it changes anything more.
 */
public final class RenewLeaseHandler extends JsonHandler<LeaseRequest, Map<String, String>> {
    private final ClusterStateTable state;

    public RenewLeaseHandler() {
        this(ClusterStateTable.fromEnvironment(AwsClients.dynamoDb(), System.getenv()));
    }

    /** @param state the lock's table; null only for the laptop runner against an account without the stack */
    public RenewLeaseHandler(ClusterStateTable state) {
        super(LeaseRequest.class);
        this.state = state;
    }

    /** Every outside call of this stage goes through its SDK client: SnapStart priming may run it offline. */
    @Override
    protected boolean primeByInvoking() {
        return true;
    }

    @Override
    public Map<String, String> handle(LeaseRequest request) {
        if (request.context().dryRun() || state == null) {
            return Map.of(); // a dry run holds no lock
        }
        String waitUntil = request.reboot() == null ? null : request.reboot().facts().get("waitUntil");
        Instant until = state.renewLock(request.context().cluster().identifier(), request.context().executionId(),
                request.context().settings().rebootDeadlineMinutes(), waitUntil == null ? null : Instant.parse(waitUntil));
        return Map.of("leaseUntil", until.toString());
    }
}
