package com.auroracdc.reboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

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

    @Test
    void parse_whenMalformed_refuses() {
        assertThatThrownBy(() -> MaintenanceWindow.parse("sunday 5am")).isInstanceOf(IllegalArgumentException.class);
    }
}
