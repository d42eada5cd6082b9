package com.auroracdc.bench;

import com.auroracdc.local.run.LocalAutopilot;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sfn.Invocation;
import com.auroracdc.local.sim.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lambda time per setup run on the local end-to-end run ({@link LocalAutopilot}: the real setup state machine,
 * the real handlers on the simulated control plane, an embedded PostgreSQL writer): the sum of handler
 * durations, Wait states excluded (they are not Lambda time), for a first setup and then a re-run of the
 * converged cluster. All handlers share this one JVM, so the first run's early handlers also pay for class
 * loading the later ones reuse; the re-run is every function warm. Run by {@code local/bench/setup-time.sh}.
 */
public final class SetupRunTime {
    private SetupRunTime() {
    }

    public static void main(String[] args) {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            report("first setup (default parameter group, reboot immediate)", autopilot, autopilot.setup(Map.of(), e -> { }), 0);
            int seen = autopilot.lambda().invocations().size();
            report("re-run of the converged cluster", autopilot, autopilot.setup(Map.of(), e -> { }), seen);
        }
    }

    private static void report(String title, LocalAutopilot autopilot, ExecutionResult result, int skip) {
        List<Invocation> invocations = new ArrayList<>(autopilot.lambda().invocations());
        invocations = invocations.subList(skip, invocations.size());
        Map<String, Duration> byFunction = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Duration total = Duration.ZERO;
        for (Invocation invocation : invocations) {
            byFunction.merge(invocation.functionName(), invocation.duration(), Duration::plus);
            counts.merge(invocation.functionName(), 1, Integer::sum);
            total = total.plus(invocation.duration());
        }
        System.out.printf(Locale.ROOT, "%s: %s, %d invocations, Lambda time %d ms%n", title,
                result.succeeded() ? "succeeded" : "FAILED", invocations.size(), total.toMillis());
        byFunction.forEach((function, duration) -> System.out.printf(Locale.ROOT, "  %-24s %2d x  %6d ms%n", function,
                counts.get(function), duration.toMillis()));
    }
}
