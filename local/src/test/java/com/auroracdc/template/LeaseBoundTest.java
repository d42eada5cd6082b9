package com.auroracdc.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.execution.LeaseBound;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.reboot.RebootSchedule;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lease's bound, proved from what the state machine and the template say: each invocation of a setup stage renews
 * the lease when it starts, so the lease must outlive the longest gap between two invocations of one execution.
 */
class LeaseBoundTest {
    private final Map<String, Map<String, Object>> functions = Template.load().functions();

    /**
     * One attempt of a Task lasts at most its TimeoutSeconds; the next attempt of the same Task comes after at most the
     * longest back-off any of its Retry rules can wait; after the last attempt the execution moves to another Task,
     * possibly through a fixed Wait. The longest such gap is within {@link LeaseBound#HEARTBEAT}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"SetupStateMachine", "TeardownStateMachine"})
    void heartbeat_outlivesTheLongestGapBetweenTwoInvocations(String machine) {
        JsonNode states = states(machine);
        long longestAttemptAndBackOff = 0;
        for (var state : iterable(states.fields())) {
            JsonNode task = state.getValue();
            if (!"Task".equals(task.path("Type").asText())) {
                continue;
            }
            long backOff = 0;
            for (JsonNode retry : task.path("Retry")) {
                backOff = Math.max(backOff, longestDelay(retry));
            }
            longestAttemptAndBackOff = Math.max(longestAttemptAndBackOff, task.path("TimeoutSeconds").asLong() + backOff);
        }
        long longestFixedWait = 0;
        for (var state : iterable(states.fields())) {
            if ("Wait".equals(state.getValue().path("Type").asText()) && state.getValue().has("Seconds")) {
                longestFixedWait = Math.max(longestFixedWait, state.getValue().path("Seconds").asLong());
            }
        }
        long gap = longestAttemptAndBackOff + longestFixedWait;
        System.out.println("Longest gap between two invocations of one " + machine + " execution: " + gap + " s; heartbeat "
                + LeaseBound.HEARTBEAT.toSeconds() + " s");
        assertThat(LeaseBound.HEARTBEAT.toSeconds()).isGreaterThan(gap);
    }

    /**
     * A Lambda function's own timeout ends its invocation before Step Functions gives up on the Task, and long before
     * the lease its start renewed could run out: no attempt of a stage keeps running past its lease.
     */
    @ParameterizedTest
    @ValueSource(strings = {"SetupStateMachine", "TeardownStateMachine"})
    void everyFunctionTimeout_endsBeforeItsTaskTimesOutAndItsLeaseRunsOut(String machine) {
        JsonNode states = states(machine);
        Map<String, String> substitutions = substitutions(machine);
        Object globalTimeout = Template.map(Template.map(Template.load().section("Globals")).get("Function")).get("Timeout");
        for (var state : iterable(states.fields())) {
            JsonNode task = state.getValue();
            if (!"Task".equals(task.path("Type").asText())) {
                continue;
            }
            String function = substitutions.get(task.path("Resource").asText().replaceAll("[${}]", ""));
            Object timeout = functions.get(function).getOrDefault("Timeout", globalTimeout);
            int seconds = Integer.parseInt(String.valueOf(timeout));
            assertThat(seconds).as("%s's function timeout vs its Task's", function)
                    .isLessThanOrEqualTo(task.path("TimeoutSeconds").asInt());
            assertThat((long) seconds).isLessThan(LeaseBound.HEARTBEAT.toSeconds());
        }
    }

    /**
     * The waits whose length a stage decides are held by that stage: the poll interval (AwaitReboot renews over the
     * longest it can ask for) and the maintenance window (Reboot renews until the window opens). No other wait exists.
     */
    @ParameterizedTest
    @ValueSource(strings = {"SetupStateMachine", "TeardownStateMachine"})
    void everyWaitOfAChosenLength_isOneAStageHoldsTheLeaseOver(String machine) {
        JsonNode states = states(machine);
        Set<String> chosen = new TreeSet<>();
        for (var state : iterable(states.fields())) {
            JsonNode wait = state.getValue();
            if ("Wait".equals(wait.path("Type").asText()) && !wait.has("Seconds")) {
                chosen.add(state.getKey() + " " + (wait.has("SecondsPath") ? wait.path("SecondsPath").asText()
                        : wait.path("TimestampPath").asText()));
            }
        }
        // WaitForSource: AwaitSource holds the lease over its 10 or 30 seconds (SourceStage.await, saveHolding).
        assertThat(chosen).containsExactlyElementsOf(machine.equals("SetupStateMachine")
                ? List.of("WaitForMaintenanceWindow $.reboot.facts.waitUntil", "WaitForReboot $.rebootStatus.waitSeconds",
                        "WaitForSource $.sourceStatus.waitSeconds")
                : List.of("WaitForMaintenanceWindow $.reboot.facts.waitUntil", "WaitForReboot $.rebootStatus.waitSeconds"));
        assertThat(RebootSchedule.nextWait(java.time.Duration.ofDays(1), 1440))
                .as("no poll waits longer than the bound AwaitReboot renews the lease over")
                .isLessThanOrEqualTo(RebootSchedule.longestWait(1440));
    }

    /** The longest a Retry rule waits before one attempt: IntervalSeconds x BackoffRate^(MaxAttempts-1), capped. */
    private static long longestDelay(JsonNode retry) {
        double interval = retry.path("IntervalSeconds").asDouble(1);
        double rate = retry.path("BackoffRate").asDouble(2);
        int attempts = retry.path("MaxAttempts").asInt(3);
        double longest = interval * Math.pow(rate, Math.max(0, attempts - 1));
        if (retry.has("MaxDelaySeconds")) {
            longest = Math.min(longest, retry.path("MaxDelaySeconds").asDouble());
        }
        return (long) Math.ceil(longest);
    }

    private static Map<String, String> substitutions(String stateMachine) {
        Map<String, Object> machine = properties(stateMachine);
        Map<String, String> byName = new java.util.HashMap<>();
        Template.map(machine.get("DefinitionSubstitutions")).forEach((name, value) -> {
            Object ref = Template.map(value).get("Ref");
            if (ref instanceof String alias) {
                byName.put(name, alias.replace(".Alias", ""));
            }
        });
        return byName;
    }

    private static Map<String, Object> properties(String machine) {
        return Template.map(Template.map(Template.load().resources().get(machine)).get("Properties"));
    }

    private static JsonNode states(String machine) {
        try {
            String definition = String.valueOf(properties(machine).get("DefinitionUri"));
            return Json.MAPPER.readTree(Files.readString(Template.ROOT.resolve(definition))).path("States");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
