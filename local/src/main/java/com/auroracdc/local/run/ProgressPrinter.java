package com.auroracdc.local.run;

import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.report.SetupReporter;
import com.auroracdc.internal.stage.Effect;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.lambda.PreflightHandler;
import com.auroracdc.local.sfn.ExecutionEvent;
import com.auroracdc.local.sfn.ExecutionListener;
import com.auroracdc.local.sfn.ExecutionResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints the setup as it runs: each stage as it starts and ends, every planned or applied change with its
 * Terraform marker ({@code + ~ - !}), the waiting loop, retries and caught errors, and counts the effects for the
 * closing {@code Plan:} / {@code Applied:} line ({@link #tally()}).
 *
 * <p>By default it prints what a person reads in one screen: stages, changes, retries, errors, and a reboot wait as
 * one line when it ends; {@code verbose} adds every wait, every poll and each stage's warnings where they arise (the
 * closing summary lists the warnings either way).
 *
 * <p>aws-local-stepfunctions reports a failure as StateFailed (with the error and cause), then StateRetried or
 * StateCaught (without them), then, when caught, StateExited with the catcher's output: so the error is taken from
 * the StateFailed before, and a caught state's exit is not a stage result.
 */
public final class ProgressPrinter implements ExecutionListener {
    /** The stage result key each Task writes into the execution state. */
    private static final Map<String, String> RESULT_KEYS = Map.ofEntries(Map.entry("ParameterGroup", "parameterGroup"),
            Map.entry("SecurityGroup", "securityGroup"), Map.entry("Reboot", "reboot"),
            Map.entry("Publication", "publication"), Map.entry("TeardownMaterialize", "materialize"),
            Map.entry("TeardownPrivateLink", "privateLink"), Map.entry("TeardownDatabase", "database"),
            Map.entry("TeardownSecurityGroup", "securityGroup"), Map.entry("TeardownParameterGroup", "parameterGroup"),
            Map.entry("DeleteParameterGroup", "parameterGroup"), Map.entry("MaterializeSource", "materializeSource"),
            Map.entry("PrivateLink", "privateLink"));

    private final PrintStream out;
    private final boolean verbose;
    private final EffectTally tally = new EffectTally();
    private final Map<String, ExecutionEvent> lastFailure = new HashMap<>();
    private final Set<String> caught = new HashSet<>();
    /** How many of each state's changes were shown (a state that runs again shows only what it added). */
    private final Map<String, Integer> shownByState = new HashMap<>();
    /** Reboots of this execution already printed; -1 before the Reboot stage first ran. */
    private int rebootsShown = -1;

    public ProgressPrinter(PrintStream out) {
        this(out, false);
    }

    public ProgressPrinter(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    /** What the stages planned (dry run) or applied so far. */
    EffectTally tally() {
        return tally;
    }

    @Override
    public void onEvent(ExecutionEvent event) {
        switch (event.type()) {
            case StateEntered -> {
                boolean waiting = "AwaitReboot".equals(event.state()) || "Reboot".equals(event.state()) && rebootsShown >= 0;
                if ("Task".equals(event.stateType()) && (verbose || !waiting)) {
                    out.printf("  ▶ %s%n", event.state());
                } else if ("Wait".equals(event.stateType()) && (verbose || !event.state().equals("WaitForReboot")
                        && !event.state().equals("WaitForStatus"))) {
                    out.printf("  … %s%n", event.state());
                }
            }
            case StateFailed -> lastFailure.put(event.state(), event);
            case StateRetried -> out.printf("  ↻ %s retried (attempt %d) after %s%n", event.state(), event.attempt(),
                    failure(event.state()));
            case StateCaught -> {
                caught.add(event.state());
                out.printf("  ✗ %s failed: %s%n", event.state(), failure(event.state()));
            }
            case StateExited -> {
                if (!caught.remove(event.state())) {
                    exited(event);
                }
            }
            default -> { }
        }
    }

    /** "ClusterBusyException: the cluster is modifying; ..." from the StateFailed that preceded a retry or catch. */
    private String failure(String state) {
        ExecutionEvent failed = lastFailure.get(state);
        if (failed == null || failed.error() == null) {
            return "an error the interpreter did not name";
        }
        String message = ExecutionResult.causeMessage(failed.cause());
        return SetupReporter.simpleName(failed.error()) + (message == null || message.isBlank() ? "" : ": " + message);
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
                if (verbose) {
                    output.path("context").path("warnings").forEach(w -> out.printf("    ⚠ %s%n", w.asText()));
                }
            }
            case "AwaitReboot" -> {
                JsonNode status = output.path("rebootStatus");
                if (verbose || status.path("done").asBoolean()) {
                    out.printf("    %s%s%n", verbose ? "" : "back: ", status.path("members").asText());
                }
            }
            case "AwaitSource" -> {
                JsonNode status = output.path("sourceStatus");
                if (verbose || status.path("ready").asBoolean()) {
                    out.printf("    Materialize says: %s%n", status.path("status").asText());
                }
            }
            case "Preflight", "PreflightAgain" -> preflight(Json.convert(output.get("preflight"), StageResult.class));
            case "Reboot", "RebootAgain" -> reboot(Json.convert(output.get("reboot"), StageResult.class));
            default -> {
                String key = RESULT_KEYS.get(event.state());
                if (key != null && output.hasNonNull(key)) {
                    stage(event.state(), Json.convert(output.get(key), StageResult.class));
                }
            }
        }
    }

    /**
     * Preflight: in a dry run its plan is the publication stage's (the Publication state does not run then); in a real
     * run it only says the checks passed, or that they wait for the security group.
     */
    private void preflight(StageResult result) {
        if ("true".equals(result.facts().get(PreflightHandler.DEFERRED_FACT))) {
            result.warnings().forEach(this::warn);
        } else if (result.dryRun()) {
            stage("Preflight", result);
        } else {
            out.println("    checked before any change: database, tables, privileges, names, slot and WAL-sender capacity");
        }
    }

    /**
     * The Reboot stage runs once per reboot and returns every reboot of the execution, done and to do: a dry run
     * shows the plan; a real run shows each reboot as it is made (so they appear one after the other), counted once.
     */
    private void reboot(StageResult result) {
        if (result.dryRun()) {
            stage("Reboot", result);
            return;
        }
        if (rebootsShown < 0) {
            rebootsShown = 0;
            if (result.planned().isEmpty()) {
                out.println("    nothing to change");
            }
            result.warnings().forEach(this::warn);
        }
        for (int i = rebootsShown; i < result.applied().size(); i++) {
            show(result.effects().get(i), result.applied().get(i));
        }
        rebootsShown = Math.max(rebootsShown, result.applied().size());
    }

    /**
     * A stage's changes. A stage the state machine runs again (the PrivateLink wait) returns what every round so far
     * applied, merged: only what this round added is shown.
     */
    private void stage(String state, StageResult result) {
        List<String> shown = result.dryRun() ? result.planned() : result.applied();
        int before = shownByState.getOrDefault(state, 0);
        if (shown.isEmpty() && before == 0) {
            out.println(result.dryRun() ? "    nothing to change" : "    nothing changed");
        }
        for (int i = before; i < shown.size(); i++) {
            show(result.effects().get(i), shown.get(i)); // applied is the plan's prefix, in order
        }
        shownByState.put(state, Math.max(before, shown.size()));
        result.warnings().forEach(this::warn);
    }

    /** Where it arises only when verbose: the closing summary lists every warning. */
    private void warn(String warning) {
        if (verbose) {
            out.printf("    ⚠ %s%n", warning);
        }
    }

    private void show(Effect effect, String change) {
        tally.add(effect);
        out.printf("    %s %s%s%n", effect.marker(), change, disruption(effect));
    }

    private static String disruption(Effect effect) {
        return switch (effect) {
            case WRITER_REBOOT -> "   [disruptive: writes stop while the writer restarts]";
            case READER_REBOOT -> "   [disruptive: this reader stops serving reads while it restarts]";
            default -> "";
        };
    }
}
