package com.auroracdc.internal.report;

import com.auroracdc.internal.metrics.MetricLine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A finished setup's metrics (embedded metric format, same namespace as the drift check's), which the template's
 * dashboard charts: {@code Setups} by {@code Status} (ready, pending-reboot, failed, dry-run) and in total, and
 * {@code SetupDuration} from the execution's start to its report (Wait states included: that is what an operator
 * waits). No cluster dimension: one metric per status, whatever the fleet size.
 */
public final class SetupMetrics {
    public static final String SETUPS = "Setups";
    public static final String DURATION = "SetupDuration";
    public static final String STATUS = "Status";

    private SetupMetrics() {
    }

    public static List<String> of(String namespace, Instant now, String startedAt, SetupReport report) {
        MetricLine line = MetricLine.of(namespace, now).dimensionSet(STATUS).dimensionSet()
                .dimension(STATUS, report.status())
                .metric(SETUPS, 1, "Count");
        if (startedAt != null) {
            line.metric(DURATION, Math.max(0, Duration.between(Instant.parse(startedAt), now).toSeconds()), "Seconds");
        }
        return List.of(line.toJson());
    }
}
