package com.auroracdc.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.local.run.LocalAutopilot;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sfn.Invocation;
import com.auroracdc.local.sim.Scenario;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lambda time per setup run on the local end-to-end run ({@link LocalAutopilot}: the real setup state machine,
 * the real handlers on the simulated control plane, an embedded PostgreSQL writer): the sum of handler
 * durations, Wait states excluded (they are not Lambda time), for a first setup and then a re-run of the
 * converged cluster. Run by {@code local/bench/setup-time.sh [--unprimed]}.
 *
 * <p>By default every served handler is first primed as its SnapStart snapshot would be (see {@link #prime});
 * {@code --unprimed} skips that, so the first setup's handlers pay class loading on their first call (all
 * handlers share this one JVM, so early ones also load classes later ones reuse).
 *
 * <p>Handler time includes the simulator's work, which in AWS happens on AWS's side. Almost all of it is the
 * writer restart the reboot hook runs inside RebootDBInstance; it is measured and shown apart, and subtracted
 * for the net figure. The rest (in-process simulated calls, microseconds each when warm) stays in.
 */
public final class SetupRunTime {
    private SetupRunTime() {
    }

    public static void main(String[] args) throws Exception {
        boolean primed = !Arrays.asList(args).contains("--unprimed");
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            if (primed) {
                prime(autopilot.lambda().handlers());
            }
            run((primed ? "primed" : "unprimed") + " first setup (default parameter group, reboot immediate)", autopilot);
            run("re-run of the converged cluster (every function warm)", autopilot);
        }
    }

    /**
     * What each function's SnapStart snapshot holds: an instance of the served handler's class built with the
     * no-argument constructor (as Lambda builds it; region and environment come from setup-time.sh), then its
     * {@code beforeCheckpoint} does: {@code JsonHandler.prime()}: the sample invocation answered offline by
     * canned AWS responses, or the JDBC/TLS warm-up for Publication. Not the served instances themselves: they
     * are wired to the simulator, and the priming sample is this very cluster (orders-prod, not a dry run), so
     * priming them would run the whole setup against the simulated cluster (ten mutating calls, a reboot) and
     * the measured "first setup" would no longer be one. Class loading, initialisation and JIT profiles belong
     * to classes, not instances, so the twin warms the handler code the served instance runs. A priming that
     * stops early prints "SnapStart priming of ... stopped early" on standard error.
     */
    private static void prime(Map<String, RequestStreamHandler> served) throws Exception {
        long total = 0;
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, RequestStreamHandler> function : served.entrySet()) {
            JsonHandler<?, ?> twin = (JsonHandler<?, ?>) function.getValue().getClass().getDeclaredConstructor().newInstance();
            long start = System.nanoTime();
            twin.prime();
            long nanos = System.nanoTime() - start;
            total += nanos;
            lines.append(String.format(Locale.ROOT, "  %-24s %6d ms%n", function.getKey(), nanos / 1_000_000));
        }
        System.out.printf(Locale.ROOT, "SnapStart priming (beforeCheckpoint, before the snapshot; not Lambda time per run): %d handlers, %d ms%n%s",
                served.size(), total / 1_000_000, lines);
    }

    private static void run(String title, LocalAutopilot autopilot) {
        int invocationsBefore = autopilot.lambda().invocations().size();
        int callsBefore = autopilot.sim().calls().size();
        Duration simulatorBefore = autopilot.sim().rds().rebootListenerTime();
        long cpuBefore = processCpuNanos();
        ExecutionResult result = autopilot.setup(Map.of(), e -> { });
        long cpu = (processCpuNanos() - cpuBefore) / 1_000_000;
        List<Invocation> invocations = autopilot.lambda().invocations();
        invocations = invocations.subList(invocationsBefore, invocations.size());
        long simulator = autopilot.sim().rds().rebootListenerTime().minus(simulatorBefore).toMillis();

        Map<String, Duration> byFunction = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        Duration total = Duration.ZERO;
        for (Invocation invocation : invocations) {
            byFunction.merge(invocation.functionName(), invocation.duration(), Duration::plus);
            counts.merge(invocation.functionName(), 1, Integer::sum);
            total = total.plus(invocation.duration());
        }
        // States entered = Step Functions state transitions (what Standard workflows bill).
        System.out.printf(Locale.ROOT, "%s: %s, %d states entered, %d invocations, %d AWS calls%n", title,
                result.succeeded() ? "succeeded" : "FAILED " + result, result.statesEntered().size(), invocations.size(),
                autopilot.sim().calls().size() - callsBefore);
        byFunction.forEach((function, duration) -> System.out.printf(Locale.ROOT, "  %-24s %2d x  %6d ms%n", function,
                counts.get(function), duration.toMillis()));
        System.out.printf(Locale.ROOT, "  Lambda time %d ms, of which simulator (writer restart in the reboot hook) %d ms: net %d ms%n",
                total.toMillis(), simulator, total.toMillis() - simulator);
        System.out.printf(Locale.ROOT, "  JVM CPU during the run %d ms (handlers, JIT compiler and GC threads, the runner's HTTP and"
                + " event handling; PostgreSQL runs in other processes)%n", cpu);
    }

    /** Handlers run on virtual threads, which have no per-thread CPU clock: the whole JVM's CPU instead. */
    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
