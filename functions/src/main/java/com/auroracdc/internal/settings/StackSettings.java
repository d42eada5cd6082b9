package com.auroracdc.internal.settings;

import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The stack parameters as the last deploy set them, read once per invocation: what the handlers get instead of
 * their Lambda environment.
 *
 * <p>Why not the environment: the state machines call each function's {@code live} alias (SnapStart needs a
 * published version), and SAM names that version from a hash of the function's <em>unresolved</em> properties, so
 * a redeploy that only changes a stack parameter publishes no new version and the alias keeps the old values
 * (README, "Stack settings reach every execution"). CloudFormation instead rewrites one SSM parameter
 * ({@code StackSettingsParameter} in template.yaml) on every deploy; its name, derived from the stack name, is the
 * only thing in the environment. Neither an execution's input nor a direct invocation can change it: only whoever
 * may update the stack (or put that parameter) can.
 *
 * <p>The parameter's value is a JSON object: environment variable name (e.g. {@code REBOOT_POLICY}) to the
 * base64 of the stack parameter's value. CloudFormation has no JSON escaping, and {@code Fn::Base64} makes any
 * value (a quoted table name, a database name with a backslash) safe inside a JSON string.
 *
 * <p>Never read during SnapStart init: handlers call {@link #perInvocation} suppliers from {@code handle}, which
 * priming runs offline (answered by {@code priming/aws/ssm/GetParameter.json}), and keep nothing between calls.
 */
public final class StackSettings {
    /** The only stack-derived environment variable: the name of the SSM parameter (constant per stack). */
    public static final String PARAMETER_VARIABLE = "STACK_SETTINGS_PARAMETER";
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    /** The stack settings as one read returned them, and the version of the parameter it read ("fixed" without one). */
    public record Snapshot(Map<String, String> values, String version) {
        public Snapshot {
            values = Map.copyOf(values);
        }
    }

    private final Supplier<Snapshot> source;

    private StackSettings(Supplier<Snapshot> source) {
        this.source = source;
    }

    /**
     * In Lambda: the process environment overlaid with the SSM parameter it names. Without
     * {@value #PARAMETER_VARIABLE} (tests, the local runner's laptop mode), the process environment alone.
     */
    public static StackSettings lambda() {
        String name = System.getenv(PARAMETER_VARIABLE);
        return name == null || name.isBlank() ? fixed(System.getenv())
                : fromParameter(AwsClients.ssm(), name, System.getenv());
    }

    /** The stack's settings from the parameter {@code name}, over {@code environment} (values that no deploy changes). */
    public static StackSettings fromParameter(SsmClient ssm, String name, Map<String, String> environment) {
        Map<String, String> base = Map.copyOf(environment);
        return new StackSettings(() -> {
            var parameter = ssm.getParameter(r -> r.name(name)).parameter();
            Map<String, String> merged = new HashMap<>(base);
            merged.putAll(decode(name, parameter.value()));
            return new Snapshot(merged, parameter.version() == null ? "unversioned" : parameter.version().toString());
        });
    }

    /** Settings that never change (tests, and handlers built with an explicit environment). */
    public static StackSettings fixed(Map<String, String> environment) {
        Snapshot fixed = new Snapshot(environment, "fixed");
        return new StackSettings(() -> fixed);
    }

    /** The settings now: one GetParameter. */
    public Map<String, String> current() {
        return source.get().values();
    }

    /** The settings now with the version they were read at: one GetParameter. */
    public Snapshot snapshot() {
        return source.get();
    }

    /** Builds {@code T} from the settings of each invocation: call {@code get()} once per {@code handle}. */
    public <T> Supplier<T> perInvocation(Function<Map<String, String>, T> build) {
        return () -> build.apply(current());
    }

    /** The parameter value CloudFormation writes ({@code Fn::Base64} of each value), for the simulator and tests. */
    public static String encode(Map<String, String> settings) {
        Map<String, String> encoded = new TreeMap<>();
        settings.forEach((variable, value) ->
                encoded.put(variable, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return Json.write(encoded);
    }

    static Map<String, String> decode(String name, String value) {
        Map<String, String> encoded;
        try {
            encoded = Json.MAPPER.readValue(value, STRING_MAP);
        } catch (IOException | RuntimeException e) {
            throw malformed(name, "it is not a JSON object of strings");
        }
        Map<String, String> decoded = new HashMap<>();
        encoded.forEach((variable, base64) -> {
            try {
                decoded.put(variable, new String(Base64.getDecoder().decode(base64 == null ? "" : base64),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw malformed(name, "the value of " + variable + " is not base64");
            }
        });
        return decoded;
    }

    private static InvalidSettingException malformed(String name, String why) {
        return new InvalidSettingException(PARAMETER_VARIABLE, "The stack settings parameter " + name + " is malformed: "
                + why + ". CloudFormation writes it on every deploy: redeploy the stack rather than editing it by hand.");
    }
}
