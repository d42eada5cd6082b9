package com.auroracdc.local.run;

import com.auroracdc.local.sfn.ExecutionEvent;
import com.auroracdc.report.SetupReporter;
import com.auroracdc.local.sfn.ExecutionListener;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.Map;

/**
 * Prints the setup as it runs: each stage as it starts and ends, with what it planned and changed, the
 * waiting loop, retries and caught errors. One line per event a person cares about.
 */
public final class ProgressPrinter implements ExecutionListener {
    /** The stage result key each Task writes into the execution state. */
    private static final Map<String, String> RESULT_KEYS = Map.of("ParameterGroup", "parameterGroup",
            "SecurityGroup", "securityGroup", "Reboot", "reboot", "Publication", "publication");

    private final PrintStream out;
    /** Reboots of this execution already printed; -1 before the Reboot stage first ran. */
    private int rebootsShown = -1;

    public ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onEvent(ExecutionEvent event) {
        switch (event.type()) {
            case StateEntered -> {
                if ("Task".equals(event.stateType())) {
                    out.printf("  ▶ %s%n", event.state());
                } else if ("Wait".equals(event.stateType())) {
                    out.printf("  … %s%n", event.state());
                }
            }
            case StateExited -> exited(event);
            case StateRetried -> out.printf("  ↻ %s retried after %s (attempt %s)%n", event.state(), event.error(), event.attempt());
            case StateCaught -> out.printf("  ✗ %s failed: %s%n", event.state(), SetupReporter.simpleName(event.error()));
            default -> { }
        }
    }

    private void exited(ExecutionEvent event) {
        JsonNode output = event.output();
        if (output == null) {
            return;
        }
        switch (event.state()) {
            case "Inspect" -> {
                JsonNode cluster = output.path("context").path("cluster");
                out.printf("    %s: %s %s, writer %s, %d reader(s), parameter group %s%n", cluster.path("identifier").asText(),
                        cluster.path("engine").asText(), cluster.path("engineVersion").asText(),
                        cluster.path("writerInstanceId").asText(), cluster.path("readerInstanceIds").size(),
                        cluster.path("clusterParameterGroup").asText());
                output.path("context").path("warnings").forEach(w -> out.printf("    ! %s%n", w.asText()));
            }
            case "AwaitReboot" -> out.printf("    %s%n", output.path("rebootStatus").path("members").asText());
            case "Reboot", "RebootAgain" -> reboot(output.path("reboot"));
            default -> {
                String key = RESULT_KEYS.get(event.state());
                if (key != null) {
                    stage(output.path(key));
                }
            }
        }
    }

    /**
     * The Reboot stage runs once per reboot and lists every reboot, done and to do: print the whole plan once (and in
     * dry runs), then only the reboot each call makes, so the output shows them one after the other.
     */
    private void reboot(JsonNode result) {
        int applied = result.path("applied").size();
        if (result.path("dryRun").asBoolean() || rebootsShown < 0) {
            stage(result);
            rebootsShown = 0;
        }
        for (int i = rebootsShown; i < applied; i++) {
            out.printf("    ! now: %s%n", result.path("applied").get(i).asText());
        }
        rebootsShown = Math.max(rebootsShown, applied);
    }

    private void stage(JsonNode result) {
        boolean dryRun = result.path("dryRun").asBoolean();
        if (result.path("planned").isEmpty()) {
            out.println("    nothing to change");
        }
        result.path("planned").forEach(change -> out.printf("    %s %s%n", dryRun ? "would" : "+", change.asText()));
        result.path("warnings").forEach(w -> out.printf("    ! %s%n", w.asText()));
    }
}
