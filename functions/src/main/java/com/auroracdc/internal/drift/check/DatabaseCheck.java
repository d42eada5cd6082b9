package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.drift.BatchCheck;
import com.auroracdc.internal.drift.CheckFailures;
import com.auroracdc.internal.drift.ClusterCheck;
import com.auroracdc.internal.drift.Finding;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Drift step 2b, per batch: inside PostgreSQL on each cluster's writer, one connection per cluster, a few
 * clusters at a time. Read-only. A cluster whose database cannot be reached, or whose secret is missing,
 * gets a finding; the others are checked all the same.
 */
public final class DatabaseCheck {
    /** A cluster whose automation is disabled: only what would fill its disk. */
    private static final List<DatabaseDrift> DISABLED_AREAS = List.of(new LeftoverSlotDrift());

    private final DatabaseConnector connector;
    private final List<DatabaseDrift> areas;
    private final int parallelism;

    public DatabaseCheck(DatabaseConnector connector, List<DatabaseDrift> areas, int parallelism) {
        this.connector = connector;
        this.areas = List.copyOf(areas);
        this.parallelism = parallelism;
    }

    public BatchCheck check(BatchCheck batch) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, batch.clusters().size())));
        try {
            List<Future<ClusterCheck>> futures = new ArrayList<>();
            for (ClusterCheck cluster : batch.clusters()) {
                futures.add(pool.submit(() -> check(cluster)));
            }
            List<ClusterCheck> checked = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    checked.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    ClusterCheck cluster = batch.clusters().get(i);
                    checked.add(cluster.withDatabaseFindings(List.of(
                            CheckFailures.finding(cluster.cluster(), "database", e.getCause(), false))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while checking databases", e);
                }
            }
            return new BatchCheck(batch.runId(), batch.startedAt(), checked);
        } finally {
            pool.shutdownNow();
        }
    }

    private ClusterCheck check(ClusterCheck cluster) {
        if (cluster.database() == null) {
            return cluster;
        }
        String id = cluster.cluster();
        List<Finding> findings = new ArrayList<>();
        RunningReplication running = null;
        try (Connection connection = connector.connect(cluster.database())) {
            for (DatabaseDrift area : cluster.disabled() ? DISABLED_AREAS : areas) {
                try {
                    findings.addAll(area.check(cluster.database(), connection));
                } catch (Exception e) {
                    findings.add(CheckFailures.finding(id, area.area(), e, true));
                    if (connection.isClosed()) {
                        break;
                    }
                }
            }
            if (!cluster.disabled() && PendingReboots.needsConfirmation(cluster.findings()) && !connection.isClosed()) {
                running = RunningReplication.read(connection);
            }
        } catch (Exception e) {
            findings.add(CheckFailures.finding(id, "database", e, false));
        }
        ClusterCheck checked = cluster.withDatabaseFindings(findings);
        if (running == null) {
            return checked; // unconfirmed: the writer's pending reboot stays a warning repair does not act on
        }
        SetupContext context = cluster.database();
        return checked.withFindings(PendingReboots.confirm(checked.findings(), running, context.settings().sourceCount(),
                context.cluster().writerInstanceId()));
    }
}
