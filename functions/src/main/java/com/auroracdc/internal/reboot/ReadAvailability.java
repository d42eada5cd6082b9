package com.auroracdc.internal.reboot;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether rebooting the writer leaves the readers running (AWS, "Rebooting an Aurora cluster with read
 * availability": Aurora PostgreSQL 15.2+, 14.7+, 13.10+, 12.14+, and every later major) or restarts them with it
 * ("... without read availability": 14.6 and lower 14, 13.9 and lower 13, 12.13 and lower 12, all of 11). Pure.
 */
public final class ReadAvailability {
    private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?.*");

    private ReadAvailability() {
    }

    /** True when a writer reboot keeps the readers up (and on their old parameter values until each is rebooted). */
    public static boolean of(String engineVersion) {
        Matcher m = VERSION.matcher(engineVersion == null ? "" : engineVersion);
        if (!m.matches()) {
            return false; // unknown: assume the old behaviour, which waits for every member (never leaves one behind)
        }
        int major = Integer.parseInt(m.group(1));
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return switch (major) {
            case 15 -> minor >= 2;
            case 14 -> minor >= 7;
            case 13 -> minor >= 10;
            case 12 -> minor >= 14;
            default -> major > 15;
        };
    }
}
