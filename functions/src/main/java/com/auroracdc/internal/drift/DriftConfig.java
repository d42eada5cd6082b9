package com.auroracdc.internal.drift;

import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.internal.metrics.MetricLine;
import java.time.Duration;
import java.util.Map;

/**
 * The drift functions' own configuration (stack parameters passed as environment variables). Per-cluster
 * settings, including {@code repair}, come from {@link com.auroracdc.internal.settings.SettingsResolver} instead.
 *
 * @param batchSize            clusters per Map item (1..50): one describe call covers a whole batch, and a batch's
 *                             state (about 3 KB per cluster) stays well below Step Functions' 256 KB
 * @param setupStateMachineArn what {@code repair=auto} starts; null when the stack has none
 * @param eventBusName         where "Aurora CDC Drift Detected" goes
 * @param metricsNamespace     CloudWatch namespace of the embedded metrics
 * @param databaseParallelism  databases checked at once within one batch
 * @param connectTimeout       how long a database may take to accept a connection before it counts as unreachable
 * @param repairCap            at most this many setups one drift run starts ({@code repair=auto}); 0 starts none
 * @param driftStateMachineArn the drift state machine, whose running execution alone may report a batch (null: the
 *                             local runner, which runs no Step Functions)
 */
public record DriftConfig(
        int batchSize,
        String setupStateMachineArn,
        String eventBusName,
        String metricsNamespace,
        int databaseParallelism,
        Duration connectTimeout,
        DriftThresholds thresholds,
        int repairCap,
        String driftStateMachineArn) {

    public static final String BATCH_SIZE = "DRIFT_BATCH_SIZE";
    public static final String SETUP_STATE_MACHINE_ARN = "SETUP_STATE_MACHINE_ARN";
    public static final String DRIFT_STATE_MACHINE_ARN = "DRIFT_STATE_MACHINE_ARN";
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    public static final String DATABASE_PARALLELISM = "DRIFT_DATABASE_PARALLELISM";
    public static final String CONNECT_TIMEOUT_SECONDS = "DRIFT_CONNECT_TIMEOUT_SECONDS";
    public static final String REPAIR_CAP = "DRIFT_REPAIR_CAP";

    public static DriftConfig fromEnvironment(Map<String, String> environment) {
        String arn = environment.getOrDefault(SETUP_STATE_MACHINE_ARN, "");
        return new DriftConfig(
                (int) number(environment, BATCH_SIZE, 25, 1, 50),
                arn.isBlank() ? null : arn,
                environment.getOrDefault(EVENT_BUS_NAME, "default"),
                environment.getOrDefault(MetricLine.NAMESPACE_VARIABLE, MetricLine.DEFAULT_NAMESPACE),
                (int) number(environment, DATABASE_PARALLELISM, 4, 1, 32),
                Duration.ofSeconds(number(environment, CONNECT_TIMEOUT_SECONDS, 5, 1, 60)),
                DriftThresholds.fromEnvironment(environment),
                (int) number(environment, REPAIR_CAP, 5, 0, 100),
                blankToNull(environment.get(DRIFT_STATE_MACHINE_ARN)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public static DriftConfig defaults() {
        return fromEnvironment(Map.of());
    }

    static long number(Map<String, String> environment, String variable, long defaultValue, long min, long max) {
        String text = environment.get(variable);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            value = Long.MIN_VALUE;
        }
        if (value < min || value > max) {
            throw new InvalidSettingException(variable, "Environment variable " + variable + " is '" + text
                    + "': it must be a whole number from " + min + " to " + max + ". Fix the stack parameter that sets it.");
        }
        return value;
    }
}
