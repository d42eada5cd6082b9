package com.auroracdc.internal.reboot;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An RDS preferred maintenance window, {@code ddd:hh24:mi-ddd:hh24:mi} in UTC (e.g. {@code sun:05:00-sun:05:30}). */
public record MaintenanceWindow(DayOfWeek startDay, LocalTime startTime, Duration length) {
    private static final Pattern FORMAT = Pattern.compile("([a-z]{3}):(\\d{2}):(\\d{2})-([a-z]{3}):(\\d{2}):(\\d{2})");

    public static MaintenanceWindow parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a maintenance window like sun:05:00-sun:05:30");
        }
        DayOfWeek startDay = day(m.group(1));
        LocalTime start = LocalTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        DayOfWeek endDay = day(m.group(4));
        LocalTime end = LocalTime.of(Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
        long minutes = ((endDay.getValue() - startDay.getValue() + 7) % 7) * 24L * 60
                + Duration.between(start, end).toMinutes();
        if (minutes <= 0) {
            minutes += 7 * 24 * 60;
        }
        return new MaintenanceWindow(startDay, start, Duration.ofMinutes(minutes));
    }

    /** The start of the window in progress at {@code now}, or of the next one. */
    public Instant currentOrNextStart(Instant now) {
        ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
        ZonedDateTime start = utc.with(TemporalAdjusters.previousOrSame(startDay)).with(startTime).withSecond(0).withNano(0);
        if (start.isAfter(utc)) {
            start = start.minusWeeks(1);
        }
        return start.plus(length).isAfter(utc) ? start.toInstant() : start.plusWeeks(1).toInstant();
    }

    public boolean contains(Instant now) {
        return !currentOrNextStart(now).isAfter(now);
    }

    private static DayOfWeek day(String abbreviation) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().toLowerCase(Locale.ROOT).startsWith(abbreviation)) {
                return day;
            }
        }
        throw new IllegalArgumentException("'" + abbreviation + "' is not a day such as mon or sun");
    }
}
