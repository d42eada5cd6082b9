package com.auroracdc.internal.reboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaintenanceWindowTest {
    // 2026-11-24 is a Tuesday.
    private final MaintenanceWindow sunday = MaintenanceWindow.parse("sun:05:00-sun:05:30");

    @Test
    void currentOrNextStart_whenBeforeWindow_isNextSunday() {
        assertThat(sunday.currentOrNextStart(Instant.parse("2026-11-24T10:00:00Z"))).isEqualTo(Instant.parse("2026-11-29T05:00:00Z"));
    }

    @Test
    void currentOrNextStart_whenInsideWindow_isItsStart() {
        Instant inside = Instant.parse("2026-11-29T05:10:00Z");
        assertThat(sunday.contains(inside)).isTrue();
        assertThat(sunday.currentOrNextStart(inside)).isEqualTo(Instant.parse("2026-11-29T05:00:00Z"));
    }

    @Test
    void currentOrNextStart_whenJustAfterWindow_isAWeekLater() {
        Instant after = Instant.parse("2026-11-29T05:30:00Z");
        assertThat(sunday.contains(after)).isFalse();
        assertThat(sunday.currentOrNextStart(after)).isEqualTo(Instant.parse("2026-12-06T05:00:00Z"));
    }

    @Test
    void parse_whenWindowCrossesMidnightAndWeek_spansIt() {
        MaintenanceWindow window = MaintenanceWindow.parse("sat:23:30-sun:00:30");
        assertThat(window.contains(Instant.parse("2026-11-29T00:10:00Z"))).isTrue();
        assertThat(window.currentOrNextStart(Instant.parse("2026-11-29T00:10:00Z"))).isEqualTo(Instant.parse("2026-11-28T23:30:00Z"));
    }

    /** Each window's first minute is inside, the minute before it and its end (and a day later) are not. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "sat:23:30-sun:00:30, 2026-11-28T23:30:00Z, 60",   // crosses midnight
            "sun:23:30-mon:00:30, 2026-11-29T23:30:00Z, 60",   // crosses midnight and the ISO week (Sunday to Monday)
            "mon:23:45-tue:00:15, 2026-11-23T23:45:00Z, 30",
            "sun:05:00-sun:05:30, 2026-11-29T05:00:00Z, 30"})
    void contains_atTheStartAndTheEndOfTheWindow_isExact(String text, String start, int minutes) {
        MaintenanceWindow window = MaintenanceWindow.parse(text);
        Instant opens = Instant.parse(start);
        Instant closes = opens.plus(Duration.ofMinutes(minutes));
        assertThat(window.length()).isEqualTo(Duration.ofMinutes(minutes));
        assertThat(window.contains(opens.minusSeconds(60))).as("a minute before it opens").isFalse();
        assertThat(window.contains(opens)).as("when it opens").isTrue();
        assertThat(window.contains(closes.minusSeconds(60))).as("its last minute").isTrue();
        assertThat(window.contains(closes)).as("when it closes").isFalse();
        assertThat(window.contains(closes.plus(Duration.ofDays(1)))).as("a day after it closed").isFalse();
        assertThat(window.currentOrNextStart(opens.minusSeconds(60))).isEqualTo(opens);
        assertThat(window.currentOrNextStart(closes.minusSeconds(60))).isEqualTo(opens);
        assertThat(window.currentOrNextStart(closes)).as("after it closed: next week's").isEqualTo(opens.plus(Duration.ofDays(7)));
    }

    @Test
    void parse_whenMalformed_refuses() {
        assertThatThrownBy(() -> MaintenanceWindow.parse("sunday 5am")).isInstanceOf(IllegalArgumentException.class);
    }
}
