package com.auroracdc.internal.drift;

import java.time.Duration;
import java.util.Map;

/**
 * Slot-health limits, from the drift functions' environment (stack parameters).
 *
 * @param slotInactive     a materialize_ slot inactive at least this long is reported
 * @param retainedWalBytes a materialize_ slot retaining at least this much WAL is reported
 * @param slotHeadroom     report when fewer than this many replication slots are free
 */
public record DriftThresholds(Duration slotInactive, long retainedWalBytes, int slotHeadroom) {
    public static final String SLOT_INACTIVE_MINUTES = "DRIFT_SLOT_INACTIVE_MINUTES";
    public static final String RETAINED_WAL_MB = "DRIFT_RETAINED_WAL_MB";
    public static final String SLOT_HEADROOM = "DRIFT_SLOT_HEADROOM";

    public static DriftThresholds defaults() {
        return fromEnvironment(Map.of());
    }

    public static DriftThresholds fromEnvironment(Map<String, String> environment) {
        return new DriftThresholds(
                Duration.ofMinutes(DriftConfig.number(environment, SLOT_INACTIVE_MINUTES, 60, 0, 10_080)),
                DriftConfig.number(environment, RETAINED_WAL_MB, 5_120, 1, 16_777_216) * 1024L * 1024L,
                (int) DriftConfig.number(environment, SLOT_HEADROOM, 2, 0, 100));
    }
}
