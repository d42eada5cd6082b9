package com.auroracdc.bench;

import com.auroracdc.local.run.LocalAutopilot;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimCall;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * AWS calls per setup on the simulator ({@link LocalAutopilot}: the real state machine and handlers): a first setup,
 * then a re-run of the converged cluster, counted by service and operation, reads and writes apart. Run by
 * {@code local/bench/calls.sh [scenario]} (default: read-availability, a writer and two readers).
 */
public final class SetupCallCount {
    private SetupCallCount() {
    }

    public static void main(String[] args) {
        Scenario scenario = args.length == 0 ? Scenario.READ_AVAILABILITY : Scenario.valueOf(args[0].toUpperCase(Locale.ROOT).replace('-', '_'));
        try (LocalAutopilot autopilot = new LocalAutopilot(scenario)) {
            count("first setup (" + scenario.name().toLowerCase(Locale.ROOT) + ")", autopilot);
            count("converged re-run", autopilot);
        }
    }

    private static void count(String title, LocalAutopilot autopilot) {
        int before = autopilot.sim().calls().size();
        ExecutionResult result = autopilot.setup(Map.of(), e -> { });
        List<SimCall> calls = autopilot.sim().calls();
        calls = calls.subList(before, calls.size());
        Map<String, Integer> byOperation = new TreeMap<>();
        calls.forEach(c -> byOperation.merge(c.service() + ":" + c.operation() + (c.mutating() ? " (write)" : ""), 1, Integer::sum));
        long writes = calls.stream().filter(SimCall::mutating).count();
        System.out.printf(Locale.ROOT, "%s: %s, %d calls (%d reads, %d writes)%n", title,
                result.succeeded() ? "succeeded" : "failed", calls.size(), calls.size() - writes, writes);
        byOperation.forEach((operation, n) -> System.out.printf(Locale.ROOT, "  %-48s %4d%n", operation, n));
    }
}
