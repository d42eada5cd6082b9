package com.auroracdc.internal.drift;

import com.auroracdc.internal.drift.check.ControlPlaneCheck;
import com.auroracdc.internal.drift.check.DriftAreas;
import com.auroracdc.internal.drift.list.ClusterLister;
import com.auroracdc.internal.drift.list.ListInput;
import com.auroracdc.internal.drift.report.DriftReporter;
import com.auroracdc.internal.drift.report.ReportInput;
import com.auroracdc.internal.drift.summarize.DriftSummary;
import com.auroracdc.internal.drift.summarize.RunSummary;
import com.auroracdc.internal.drift.summarize.SummaryInput;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.parametergroup.ManagedGroups;
import com.auroracdc.internal.securitygroup.DedicatedGroup;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.lambda.CheckControlPlaneHandler;
import com.auroracdc.lambda.DriftFunctions;
import com.auroracdc.lambda.ReportDriftHandler;
import com.auroracdc.local.sim.SimCall;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * On-demand benchmark of the drift check's control-plane side (database checks excluded), run by
 * {@code local/bench/drift.sh}: N tagged clusters set up by the real stages on the simulator, then drift runs
 * with per-call latency and throttling injected, Map items {@code concurrency} at a time, each worker playing
 * one Lambda container (its own handlers and run cache). Prints calls per cluster and wall time.
 */
public final class DriftBenchmark {
    private DriftBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>(Map.of("clusters", "1000", "concurrency", "10", "batch-size", "25",
                "latency-ms", "20", "throttle", "0.05", "drifted-percent", "2", "max-attempts", "10", "runs", "2",
                "task-overhead-ms", "0"));
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2 || !options.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown option " + arg + "; known: --" + String.join("=.. --", options.keySet()) + "=..");
            }
            options.put(kv[0], kv[1]);
        }
        int clusters = Integer.parseInt(options.get("clusters"));
        int concurrency = Integer.parseInt(options.get("concurrency"));
        int driftedPercent = Integer.parseInt(options.get("drifted-percent"));
        int runs = Integer.parseInt(options.get("runs"));
        long overhead = Long.parseLong(options.get("task-overhead-ms"));
        System.out.println("Drift benchmark " + options);

        var world = new DriftWorld(Map.of(), Map.of(DriftConfig.BATCH_SIZE, options.get("batch-size")));
        world.sim().pageSize(100); // what RDS returns per page at most; EC2 allows 1000, so this is conservative
        long setupStart = System.nanoTime();
        for (int i = 0; i < clusters; i++) {
            world.setUpNew(world.cluster(String.format(Locale.ROOT, "cluster-%04d", i)).readers(1));
        }
        System.out.printf(Locale.ROOT, "set up %d clusters with the real stages in %.1f s%n", clusters, seconds(setupStart));
        List<String> drifted = drift(world, clusters, driftedPercent);

        world.sim().latency(Duration.ofMillis(Long.parseLong(options.get("latency-ms"))));
        world.sim().throttle(Double.parseDouble(options.get("throttle")));
        world.sim().retryThrottling(Integer.parseInt(options.get("max-attempts"))); // what the SDK's retry strategy does
        RdsClient rds = world.sim().rds();
        Ec2Client ec2 = world.sim().ec2();
        EventBridgeClient events = world.sim().eventBridge();
        SfnClient sfn = world.sim().sfn();

        for (int run = 1; run <= runs; run++) {
            world.sim().clearCalls();
            long retriesBefore = world.sim().throttledRetries();
            long start = System.nanoTime();
            String runArn = world.startDriftRun("bench-" + run); // its reports check that the drift run is running
            RunSummary summary = run(world, "bench-" + run, rds, ec2, events, sfn, concurrency, overhead);
            world.endDriftRun(runArn);
            double wall = seconds(start);
            List<SimCall> calls = world.sim().calls();
            Map<String, Long> byOperation = new TreeMap<>();
            calls.forEach(c -> byOperation.merge(c.service() + ":" + c.operation(), 1L, Long::sum));
            long controlPlane = calls.stream().filter(c -> c.service().equals("rds") || c.service().equals("ec2")).count();
            System.out.printf(Locale.ROOT, "%nrun %d: %d clusters checked, %d drifted (expected %d), %d uncheckable, wall %.1f s%n",
                    run, summary.clustersChecked(), summary.clustersDrifted(), run == 1 ? drifted.size() : 0,
                    summary.clustersUncheckable(), wall);
            System.out.printf(Locale.ROOT, "  control-plane calls (RDS+EC2, throttled attempts included): %d = %.2f per cluster%n",
                    controlPlane, controlPlane / (double) clusters);
            System.out.printf(Locale.ROOT, "  all calls: %d (%.2f per cluster), throttled and retried: %d, mutating: %d%n",
                    calls.size(), calls.size() / (double) clusters, world.sim().throttledRetries() - retriesBefore,
                    world.sim().mutatingCallCount());
            byOperation.forEach((op, n) -> System.out.printf(Locale.ROOT, "    %-45s %6d%n", op, n));
            if (run == 1) {
                // the reported drift is repaired before the next run, as repair=auto would
                world.sim().clearFaults();
                world.sim().unrecorded(() -> drifted.forEach(world::setUp));
                world.sim().latency(Duration.ofMillis(Long.parseLong(options.get("latency-ms"))));
                world.sim().throttle(Double.parseDouble(options.get("throttle")));
            }
        }
        System.out.println("\nDB checks excluded. Targets: <= 3 control-plane calls per cluster, <= 60 s for 1,000 clusters.");
    }

    /** Makes some clusters drift the ways people make them drift. */
    private static List<String> drift(DriftWorld world, int clusters, int percent) {
        List<String> drifted = new ArrayList<>();
        int every = percent <= 0 ? Integer.MAX_VALUE : Math.max(1, 100 / percent);
        for (int i = 0; i < clusters; i += every) {
            String id = String.format(Locale.ROOT, "cluster-%04d", i);
            drifted.add(id);
            int kind = drifted.size() % 3;
            world.sim().unrecorded(() -> {
                if (kind == 0) {
                    world.sim().rds().modifyDBClusterParameterGroup(r -> r
                            .dbClusterParameterGroupName(ManagedGroups.name(id, "aurora-postgresql16"))
                            .parameters(p -> p.parameterName("max_wal_senders").parameterValue("5").applyMethod(ApplyMethod.PENDING_REBOOT)));
                } else if (kind == 1) {
                    world.sim().rds().modifyDBCluster(r -> r.dbClusterIdentifier(id).dbClusterParameterGroupName("default.aurora-postgresql16"));
                } else {
                    String group = world.sim().ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                            .values(DedicatedGroup.name(id)))).securityGroups().getFirst().groupId();
                    world.sim().ec2().revokeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("tcp")
                            .fromPort(5432).toPort(5432).ipRanges(ip -> ip.cidrIp("52.6.209.3/32"))));
                }
            });
        }
        return drifted;
    }

    private static RunSummary run(DriftWorld world, String runId, RdsClient rds, Ec2Client ec2, EventBridgeClient events,
                                  SfnClient sfn, int concurrency, long overheadMillis) throws Exception {
        var env = world.environment();
        var config = DriftConfig.fromEnvironment(env);
        var lister = DriftFunctions.listTaggedClusters(() -> new ClusterLister(rds, new SettingsResolver(env), config));
        pause(overheadMillis);
        DriftRun run = lister.handle(new ListInput(runId, "2026-11-24T10:00:00Z", Json.MAPPER.createObjectNode()));
        // One "container" per worker: its own handlers, so its own run cache, as Lambda would have.
        ThreadLocal<CheckControlPlaneHandler> check = ThreadLocal.withInitial(() -> {
            var container = new ControlPlaneCheck(rds, ec2, new SettingsResolver(env), DriftAreas.controlPlaneAreas(env,
                    MaterializeAccess.withDefaultTrust(world.sim().secretsManager()), world.privateLinkReads()));
            return DriftFunctions.checkControlPlane(() -> container);
        });
        ThreadLocal<ReportDriftHandler> report = ThreadLocal.withInitial(() -> DriftFunctions.reportDrift(() ->
                new DriftReporter(rds, events, sfn, config, line -> { }, line -> { }, Clock.systemUTC())));
        ExecutorService map = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<BatchSummary>> items = new ArrayList<>();
            for (DriftRun.Batch batch : run.batches()) {
                items.add(map.submit(() -> {
                    pause(overheadMillis);
                    BatchCheck checked = check.get().handle(new BatchInput(runId, run.startedAt(), batch.clusterIds(),
                            run.sharedParameterGroups()));
                    checked = new BatchCheck(runId, run.startedAt(), checked.clusters().stream()
                            .map(c -> c.withDatabaseFindings(List.of())).toList());
                    pause(overheadMillis);
                    return report.get().handle(new ReportInput(runId, run.startedAt(), batch.clusterIds(), checked, null, null));
                }));
            }
            List<BatchSummary> results = new ArrayList<>();
            for (Future<BatchSummary> item : items) {
                results.add(item.get());
            }
            pause(overheadMillis);
            return DriftSummary.summarize(new SummaryInput(runId, run.startedAt(), run.clusterCount(), run.skipped(), results));
        } finally {
            map.shutdownNow();
        }
    }

    private static void pause(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
