package com.auroracdc.reboot;

import com.auroracdc.settings.RebootPolicy;
import com.auroracdc.stage.Change;
import java.time.Instant;
import java.util.List;

/** Pure: from the members' states, the policy and the time, what to do about the pending reboot. */
public final class RebootPlanner {
    private RebootPlanner() {
    }

    /** The only change this stage makes. */
    public record RebootWriter(String instanceId, String clusterIdentifier) implements Change {
        @Override
        public String description() {
            return "Reboot writer " + instanceId + " of cluster " + clusterIdentifier
                    + " (its readers restart with it) so static parameters take effect";
        }
    }

    public record Decision(RebootAction action, List<RebootWriter> plan, Instant waitUntil, String instructions) {
    }

    public static Decision decide(String clusterIdentifier, List<MemberState> members, RebootPolicy policy,
                                  MaintenanceWindow window, Instant now) {
        boolean pending = members.stream().anyMatch(m -> !m.inSync());
        if (!pending) {
            return new Decision(RebootAction.NONE, List.of(), null, null);
        }
        if (members.stream().anyMatch(m -> !m.available())) {
            return new Decision(RebootAction.AWAIT, List.of(), null, null); // a reboot is already under way
        }
        String writer = members.stream().filter(MemberState::writer).map(MemberState::instanceId).findFirst().orElseThrow();
        List<RebootWriter> reboot = List.of(new RebootWriter(writer, clusterIdentifier));
        return switch (policy) {
            case IMMEDIATE -> new Decision(RebootAction.AWAIT, reboot, null, null);
            case MAINTENANCE_WINDOW -> window.contains(now)
                    ? new Decision(RebootAction.AWAIT, reboot, null, null)
                    : new Decision(RebootAction.WAIT_FOR_WINDOW, List.of(), window.currentOrNextStart(now), null);
            case NEVER -> new Decision(RebootAction.PENDING_REBOOT, List.of(), null,
                    "Static parameters are pending a reboot and the reboot policy is 'never'. When convenient, run"
                            + " `aws rds reboot-db-instance --db-instance-identifier " + writer + "` (a brief outage of the"
                            + " writer and its readers), wait until every instance is available, then run the setup again"
                            + " to create the publication.");
        };
    }
}
