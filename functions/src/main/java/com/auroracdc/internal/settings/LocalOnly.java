package com.auroracdc.internal.settings;

import com.auroracdc.errors.LocalOnlySettingException;
import java.util.List;
import java.util.Map;

/**
 * The switch that lets the local-only settings ({@code sslMode} other than verify-full, {@code databaseHost},
 * {@code databasePort}) through. Both must hold: the local runner turned the switch on in this very process
 * (a method call: neither a template, an environment variable nor a system property smuggled in through
 * {@code JAVA_TOOL_OPTIONS} can do it), and the process is not a Lambda function (no variable of the Lambda
 * runtime, which Lambda sets itself and a template cannot remove). A deployed function therefore refuses
 * them whatever the input says, and everything else (tags, stack parameters) is refused everywhere.
 */
public final class LocalOnly {
    /** Reserved variables the Lambda runtime sets in every function; any one of them means "deployed". */
    static final List<String> LAMBDA_VARIABLES = List.of("AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_RUNTIME_API",
            "AWS_EXECUTION_ENV");

    private static volatile boolean switchedOn;

    private LocalOnly() {
    }

    /** Called by the local runner (and laptop mode) only, before it starts an execution. */
    public static void allowForLocalRunner() {
        switchedOn = true;
    }

    /** For the tests' {@code LocalOnlySwitch} only (package-private): nothing in production turns the switch off. */
    static void switchOff() {
        switchedOn = false;
    }

    public static boolean allowed() {
        return allowed(System.getenv());
    }

    static boolean allowed(Map<String, String> environment) {
        return switchedOn && LAMBDA_VARIABLES.stream().noneMatch(environment::containsKey);
    }

    /** Throws {@link LocalOnlySettingException} when the settings carry a local-only value here and now. */
    public static void check(Settings settings, String clusterIdentifier) {
        if (allowed()) {
            return;
        }
        if (settings.sslMode() != SslMode.VERIFY_FULL) {
            throw refused(Setting.SSL_MODE, settings.sslMode().value(), clusterIdentifier);
        }
        if (settings.databaseHost() != null) {
            throw refused(Setting.DATABASE_HOST, settings.databaseHost(), clusterIdentifier);
        }
        if (settings.databasePort() != null) {
            throw refused(Setting.DATABASE_PORT, settings.databasePort().toString(), clusterIdentifier);
        }
    }

    /** The same rule for a connection about to be opened: TLS verified, to the host Materialize will use. */
    public static void checkConnection(SslMode sslMode, String host, int port, String advertisedHost, int advertisedPort) {
        if (allowed()) {
            return;
        }
        if (sslMode != SslMode.VERIFY_FULL) {
            throw refused(Setting.SSL_MODE, sslMode.value(), advertisedHost);
        }
        if (!host.equalsIgnoreCase(advertisedHost) || port != advertisedPort) {
            throw new LocalOnlySettingException(Setting.DATABASE_HOST.inputKey(), "A deployed function connects only to the cluster's writer endpoint "
                    + advertisedHost + ":" + advertisedPort + ", not to " + host + ":" + port + ". databaseHost and"
                    + " databasePort are for the local runner (./autopilot run) only.");
        }
    }

    static LocalOnlySettingException refused(Setting setting, String value, String where) {
        return new LocalOnlySettingException(setting.inputKey(), "Setting " + setting.inputKey() + "=" + value + " (for " + where + ") is for"
                + " local runs only (./autopilot local or ./autopilot run on a laptop): a deployed function always"
                + " connects to the cluster's writer endpoint with TLS verified (sslMode verify-full). Remove it from"
                + " the execution input, tags and stack.");
    }
}
