package com.auroracdc.internal.parametergroup;

import java.util.List;
import java.util.Map;

/**
 * How big the replication settings must be, after the Materialize Aurora guide.
 *
 * <ul>
 *   <li>Materialize holds one replication slot per source and may briefly hold 2-3 while a source snapshots,
 *       so each expected source is budgeted {@value #SLOTS_PER_SOURCE} slots.</li>
 *   <li>The control plane cannot see the slots and senders already in use (that needs SQL), so a fixed
 *       reserve of {@value #RESERVED} is added for consumers it cannot see: another CDC tool, a source being
 *       recreated beside the old one, an operator's pg_recvlogical. The publication stage checks the real
 *       headroom against {@code pg_replication_slots} later.</li>
 *   <li>{@code max_replication_slots}, {@code max_wal_senders} and {@code max_logical_replication_workers} are
 *       each at least {@code 3 x sources + 4} (the guide: slots >= publications + subscriptions; senders and
 *       logical replication workers >= slots intended to be active).</li>
 *   <li>{@code max_worker_processes} >= {@code max_logical_replication_workers + autovacuum_max_workers +
 *       max_parallel_workers}, using the values in effect (engine defaults included). Formula terms count at
 *       their lower bound (e.g. {@code GREATEST({DBInstanceVCPU/2},8)} counts 8); on larger instances where
 *       those terms grow, {@code max_worker_processes} keeps its own scaling term (Aurora's default is
 *       {@code GREATEST({DBInstanceVCPU*2},8)}, which is raised to {@code GREATEST({DBInstanceVCPU*2},N)}).</li>
 * </ul>
 * The floor depends only on the settings, never on the current value, so re-running never raises again.
 */
public final class ReplicationSizing {
    static final int SLOTS_PER_SOURCE = 3;
    static final int RESERVED = 4;

    static final String LOGICAL_REPLICATION = "rds.logical_replication";
    static final String REPLICATION_SLOTS = "max_replication_slots";
    static final String WAL_SENDERS = "max_wal_senders";
    static final String LOGICAL_REPLICATION_WORKERS = "max_logical_replication_workers";
    static final String WORKER_PROCESSES = "max_worker_processes";
    static final String AUTOVACUUM_WORKERS = "autovacuum_max_workers";
    static final String PARALLEL_WORKERS = "max_parallel_workers";

    /** Sized to the replication floor, in this order. */
    public static final List<String> REPLICATION_PARAMETERS = List.of(REPLICATION_SLOTS, WAL_SENDERS, LOGICAL_REPLICATION_WORKERS);

    /**
     * PostgreSQL's built-in defaults: what applies when a group lists a parameter without a value.
     * (rds.logical_replication is off unless set.)
     */
    static final Map<String, Long> BUILT_IN_DEFAULTS = Map.of(
            LOGICAL_REPLICATION, 0L,
            REPLICATION_SLOTS, 10L,
            WAL_SENDERS, 10L,
            LOGICAL_REPLICATION_WORKERS, 4L,
            WORKER_PROCESSES, 8L,
            AUTOVACUUM_WORKERS, 3L,
            PARALLEL_WORKERS, 8L);

    private ReplicationSizing() {
    }

    public static long replicationFloor(int sourceCount) {
        return (long) SLOTS_PER_SOURCE * sourceCount + RESERVED;
    }
}
