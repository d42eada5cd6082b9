package com.auroracdc.internal.reboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A Standard execution holds at most 25,000 history events, and one that outgrows it fails in a way no Catch
 * handles (no ReportFailure, no status tag). This computes, from {@code statemachine/setup.asl.json} and the
 * bounds the Reboot stage keeps ({@link RebootSchedule}), the most events one setup can write: every task
 * retried as often as its Retry allows (outside the poll loop), the longest reboot deadline, the writer, the most
 * readers Aurora allows and the one extra writer reboot, each polled until its deadline, the status settles and a
 * maintenance-window wait before every reboot, and the Publication stage run twice.
 */
class HistoryBudgetTest {
    private static final int HISTORY_LIMIT = 25_000;
    /** Lambda task states: Entered, Scheduled, Started, Succeeded, Exited. */
    private static final int TASK_EVENTS = 5;
    /** A failed attempt that is retried: Scheduled, Started, Failed (or TimedOut). */
    private static final int RETRY_EVENTS = 3;
    /** Wait, Choice, Pass: Entered, Exited. */
    private static final int PASSING_EVENTS = 2;
    private static final int MAX_DEADLINE_MINUTES = 1440;

    private final JsonNode states = read().path("States");

    @Test
    void worstCase_ofTheSetupStateMachine_staysWellUnderTheHistoryLimit() {
        int worst = worstCase();
        System.out.println("Worst-case history of one setup execution: " + worst + " events (limit " + HISTORY_LIMIT + ")");
        assertThat(worst).as("worst-case history events").isLessThan(HISTORY_LIMIT / 2);
    }

    @Test
    void pollLoop_isTheOneTheWorstCaseAssumes() {
        assertThat(states.path("RebootChoice").toString()).contains("\"Next\":\"AwaitReboot\"").contains("\"Next\":\"WaitForStatus\"");
        assertThat(next("AwaitReboot")).isEqualTo("RebootDone");
        assertThat(states.path("RebootDone").path("Choices").get(0).path("Next").asText()).isEqualTo("Reboot");
        assertThat(states.path("RebootDone").path("Default").asText()).isEqualTo("WaitForReboot");
        assertThat(states.path("WaitForReboot").path("SecondsPath").asText()).as("the schedule, not a constant, spaces polls")
                .isEqualTo("$.rebootStatus.waitSeconds");
        assertThat(next("WaitForReboot")).isEqualTo("AwaitReboot");
        assertThat(states.path("WaitForStatus").path("Seconds").asInt()).isEqualTo(RebootSchedule.SETTLE_WAIT_SECONDS);
        assertThat(next("WaitForStatus")).isEqualTo("Reboot");
        assertThat(next("WaitForMaintenanceWindow")).isEqualTo("Reboot");
        assertThat(next("RebootAgain")).isEqualTo("RebootChoice");
        assertThat(next("Reboot")).isEqualTo("RebootChoice");
        assertThat(states.path("AwaitReboot").path("Catch").toString()).as("a timeout ends in ReportFailure").contains("ReportFailure");
    }

    @Test
    void maxPolls_isBoundedForEveryAllowedDeadline() {
        for (int minutes = 5; minutes <= MAX_DEADLINE_MINUTES; minutes++) {
            assertThat(RebootSchedule.maxPolls(minutes)).as("%d minutes", minutes).isLessThanOrEqualTo(maxPolls());
        }
        assertThat(RebootSchedule.nextWait(java.time.Duration.ZERO, 30)).as("the first poll comes quickly").isEqualTo(30);
    }

    private int worstCase() {
        int polls = maxPolls();
        int phases = 1 + RebootSchedule.MAX_READERS + 1; // the writer, each reader, the one extra writer reboot
        int reboot = task("Reboot", false) + passing("RebootChoice");
        int onePhase = reboot + polls * (task("AwaitReboot", false) + passing("RebootDone"))
                + (polls - 1) * passing("WaitForReboot");
        int windowWaits = phases * (passing("WaitForMaintenanceWindow") + reboot);
        int settles = RebootSchedule.MAX_SETTLES * (passing("WaitForStatus") + reboot);
        int stages = passing("Start") + task("Inspect", true) + task("Preflight", true) + task("SecurityGroup", true)
                + passing("PreflightDeferred") + task("PreflightAgain", true) + task("ParameterGroup", true)
                + 2 * task("Publication", true) + task("RebootAgain", true) + reboot /* the last decision: none */
                + task("Report", true);
        int execution = 2; // ExecutionStarted, ExecutionSucceeded
        return execution + stages + settles + windowWaits + phases * onePhase;
    }

    private static int maxPolls() {
        int max = 0;
        for (int minutes = 5; minutes <= MAX_DEADLINE_MINUTES; minutes++) {
            max = Math.max(max, RebootSchedule.maxPolls(minutes));
        }
        return max;
    }

    /** A task's events; with {@code retried}, every Retry of its definition used up. */
    private int task(String name, boolean retried) {
        JsonNode state = states.path(name);
        assertThat(state.path("Type").asText()).as(name).isEqualTo("Task");
        int retries = 0;
        if (retried) {
            for (JsonNode retrier : state.path("Retry")) {
                retries += retrier.path("MaxAttempts").asInt(3);
            }
        }
        return TASK_EVENTS + retries * RETRY_EVENTS;
    }

    private int passing(String name) {
        assertThat(states.has(name)).as(name).isTrue();
        return PASSING_EVENTS;
    }

    private String next(String name) {
        return states.path(name).path("Next").asText();
    }

    private static JsonNode read() {
        try {
            return Json.MAPPER.readTree(Files.readString(Path.of("../statemachine/setup.asl.json")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
