package com.auroracdc.local.sim;

import java.util.List;
import java.util.Map;

/**
 * Fired when simulated instances start rebooting (inside RebootDBInstance) and when they are back
 * ({@code available}), so the local runner can restart its embedded PostgreSQL with the parameters the
 * reboot applied (e.g. {@code wal_level=logical} once {@code rds.logical_replication=1} is effective).
 * Listeners run on the calling thread, after the simulator released its lock.
 *
 * @param writer                     whether the writer is among the instances (a reader's own reboot leaves it running)
 * @param effectiveClusterParameters the cluster parameter values the writer runs with after this reboot
 *                                   (engine defaults included; formulas left unevaluated, as RDS shows them)
 */
public record RebootEvent(Phase phase, String clusterId, List<String> instanceIds, boolean writer,
                          Map<String, String> effectiveClusterParameters) {

    public enum Phase { STARTED, COMPLETED }

    public RebootEvent {
        instanceIds = List.copyOf(instanceIds);
        effectiveClusterParameters = Map.copyOf(effectiveClusterParameters);
    }

    public boolean logicalReplicationEnabled() {
        return "1".equals(effectiveClusterParameters.get("rds.logical_replication"));
    }

    @FunctionalInterface
    public interface Listener {
        void onReboot(RebootEvent event);
    }
}
