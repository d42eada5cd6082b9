package com.auroracdc.local.run;

import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.AdminSecretPolicy;
import com.auroracdc.internal.settings.Setting;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.local.sim.Scenario;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@code ./autopilot local} and {@code ./autopilot run}, parsed and validated before anything is
 * built, started or called: an unknown flag is named with the closest known one, and setting values are checked
 * by the Lambdas' own {@link SettingsResolver}, so the messages are the ones a deployed function would give.
 *
 * @param mode        local (simulator + embedded PostgreSQL) or run (a real AWS account)
 * @param help        --help, -h or help was given: print {@link #usage()} and do nothing else
 * @param input       execution input fields (setting overrides, dryRun) as the setup state machine takes them
 * @param stack       stack parameters (Lambda environment variables) the flags stand in for on this machine
 */
public record CommandLine(Mode mode, boolean help, Map<String, String> flags, Map<String, Object> input,
                          Map<String, String> stack) {

    public enum Mode {
        LOCAL, RUN;

        String command() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A flag with no value ({@code valueName} null) or one value: a setting's, or a stack parameter's that is no setting
     * ({@code stackVariable}, the variable it stands in for on this machine).
     */
    record Flag(String name, String valueName, String description, Setting setting, String stackVariable) {
        Flag(String name, String valueName, String description, Setting setting) {
            this(name, valueName, description, setting, null);
        }

        boolean bare() {
            return valueName == null;
        }
    }

    /** Stack-level settings: on a laptop their flags stand in for the stack parameters, never for execution input. */
    private static final Set<Setting> STACK_ONLY = EnumSet.copyOf(Arrays.stream(Setting.values())
            .filter(s -> s.scope() == Setting.Scope.STACK_ONLY).toList());
    /** The embedded writer decides how it is reached; drift repair is the --drift --repair switch. */
    private static final Set<Setting> NOT_LOCAL = EnumSet.of(Setting.SSL_MODE, Setting.DATABASE_HOST,
            Setting.DATABASE_PORT, Setting.REPAIR);
    private static final Set<String> HELP = Set.of("--help", "-h", "help");
    /** Materialize's egress addresses come from SELECT * FROM mz_egress_ips; these stand in for them locally. */
    static final String LOCAL_EGRESS = "3.215.237.32/27 52.6.209.3/32";

    public CommandLine {
        flags = Map.copyOf(flags);
        input = Collections.unmodifiableMap(new LinkedHashMap<>(input));
        stack = Map.copyOf(stack);
    }

    public boolean has(String flag) {
        return flags.containsKey(flag);
    }

    public String value(String flag, String fallback) {
        return flags.getOrDefault(flag, fallback);
    }

    public Scenario scenario() {
        return Scenario.named(value("--scenario", Scenario.DEFAULT_GROUP.cliName()));
    }

    /**
     * Parses {@code args} (the first is the mode: local or run) and validates every value.
     *
     * @param environment the stack parameters already in effect (laptop mode: the process environment)
     * @throws CommandLineException what is wrong, in words, and how to fix it
     */
    public static CommandLine parse(List<String> args, Map<String, String> environment) {
        if (args.isEmpty()) {
            throw new CommandLineException("Say 'local' or 'run'.");
        }
        Mode mode = Arrays.stream(Mode.values()).filter(m -> m.command().equals(args.getFirst())).findFirst()
                .orElseThrow(() -> new CommandLineException("Unknown command '" + args.getFirst() + "': say 'local' or 'run'."));
        List<Flag> known = flags(mode);
        List<String> rest = args.subList(1, args.size());
        if (rest.stream().anyMatch(HELP::contains)) {
            return new CommandLine(mode, true, Map.of(), Map.of(), Map.of());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            String word = rest.get(i);
            String name = word.contains("=") && word.startsWith("--") ? word.substring(0, word.indexOf('=')) : word;
            Flag flag = known.stream().filter(f -> f.name().equals(name)).findFirst()
                    .orElseThrow(() -> unknown(word, name, known));
            String value;
            if (!name.equals(word)) {
                value = word.substring(name.length() + 1);
                if (flag.bare()) {
                    throw new CommandLineException(name + " takes no value (given '" + value + "').");
                }
            } else if (flag.bare()) {
                value = "true";
            } else if (i + 1 < rest.size() && !rest.get(i + 1).startsWith("--")) {
                value = rest.get(++i);
            } else {
                throw new CommandLineException(name + " needs a value: " + name + " " + flag.valueName() + " ("
                        + flag.description() + ").");
            }
            if (values.put(name, value) != null) {
                throw new CommandLineException(name + " is given twice.");
            }
        }
        for (Flag flag : known) {
            String value = values.get(flag.name());
            List<String> choices = choices(flag);
            if (value != null && !choices.isEmpty() && !choices.contains(value)) {
                throw new CommandLineException(flag.name() + ": unknown value '" + value + "'; one of " + String.join(", ", choices)
                        + "." + Closest.ofValue(value, choices).map(c -> " Did you mean " + c + "?").orElse(""));
            }
        }
        return validated(mode, values, known, environment);
    }

    /**
     * The values a flag takes when they are a fixed set (the scenarios; a setting "one of a, b, c"), else none: checked
     * before anything else, with the closest one named. {@code ./autopilot} reads the same sets from the help file.
     */
    static List<String> choices(Flag flag) {
        if (flag.name().equals("--scenario")) {
            return Arrays.stream(Scenario.values()).map(Scenario::cliName).toList();
        }
        if (flag.setting() == null || !flag.description().startsWith("one of ")) {
            return List.of();
        }
        return List.of(flag.description().substring("one of ".length()).replaceFirst(" \\(.*", "").split(", "));
    }

    private static CommandLine validated(Mode mode, Map<String, String> values, List<Flag> known,
                                         Map<String, String> environment) {
        Map<String, Object> input = new LinkedHashMap<>();
        Map<String, String> stack = new LinkedHashMap<>();
        if (mode == Mode.LOCAL) {
            input.put(Setting.EGRESS_CIDRS.inputKey(), LOCAL_EGRESS);
        }
        for (Flag flag : known) {
            String value = values.get(flag.name());
            if (value != null && flag.stackVariable() != null) {
                stack.put(flag.stackVariable(), value);
            }
            if (value == null || flag.setting() == null) {
                continue;
            }
            if (STACK_ONLY.contains(flag.setting())) {
                stack.put(flag.setting().environmentVariable(), value);
            } else {
                input.put(flag.setting().inputKey(), value);
            }
        }
        Map<String, String> resolverEnvironment = new LinkedHashMap<>(environment);
        resolverEnvironment.putAll(stack);
        Map<String, JsonNode> settingsInput = new LinkedHashMap<>();
        input.forEach((key, value) -> settingsInput.put(key, Json.MAPPER.valueToTree(value)));
        try {
            SettingsResolver resolver = new SettingsResolver(resolverEnvironment);
            resolver.adminSecretPolicy();
            resolver.resolve(Map.of(), settingsInput);
        } catch (InvalidSettingException e) {
            // the flags of the setting at fault and of every setting the message tells the user to set
            List<String> mentioned = known.stream().filter(f -> f.setting() != null && (f.setting().inputKey().equals(e.setting())
                    || e.getMessage().contains(f.setting().inputKey() + "=")
                    || f.setting().stackParameter() != null && e.getMessage().contains(f.setting().stackParameter() + "=")))
                    .map(Flag::name).toList();
            throw new CommandLineException(e.getMessage() + (mentioned.isEmpty() ? "" : " Flags: " + String.join(", ", mentioned) + "."));
        }
        if (values.containsKey("--repair") && !values.containsKey("--drift")) {
            throw new CommandLineException("--repair goes with --drift: ./autopilot local --drift --repair.");
        }
        List<String> besidesDrift = values.keySet().stream()
                .filter(f -> !List.of("--drift", "--repair", "--verbose").contains(f)).toList();
        if (values.containsKey("--drift") && !besidesDrift.isEmpty()) {
            throw new CommandLineException("--drift checks its own simulated fleet and takes only --repair and --verbose, not "
                    + String.join(", ", besidesDrift) + ".");
        }
        List<String> teardownFlags = List.of("--drop-slots", "--restore-parameter-group", "--revert-replica-identity");
        if (!values.containsKey("--teardown") && teardownFlags.stream().anyMatch(values::containsKey)) {
            throw new CommandLineException(String.join(", ", teardownFlags) + " go with --teardown: ./autopilot local"
                    + " --teardown --drop-slots.");
        }
        if (values.containsKey("--teardown")) {
            input.put("dropSlots", values.containsKey("--drop-slots"));
            input.put("restoreParameterGroup", values.containsKey("--restore-parameter-group"));
            input.put("revertReplicaIdentity", values.containsKey("--revert-replica-identity"));
        }
        if (mode == Mode.RUN && !values.containsKey("--cluster")) {
            throw new CommandLineException("./autopilot run needs --cluster NAME (the Aurora cluster identifier).");
        }
        if (mode == Mode.RUN && "maintenance-window".equals(values.get("--reboot-policy"))) {
            throw new CommandLineException("Laptop mode does not wait days for a maintenance window: use the deployed stack,"
                    + " or --reboot-policy immediate or never.");
        }
        if (values.containsKey("--dry-run")) {
            input.put("dryRun", true);
        }
        return new CommandLine(mode, false, values, input, stack);
    }

    private static CommandLineException unknown(String word, String name, List<Flag> known) {
        Optional<String> closest = Closest.of(name, known.stream().map(Flag::name).toList());
        String what = name.startsWith("-") ? "Unknown flag " + name : "Unexpected argument '" + word + "'";
        return new CommandLineException(what + "." + closest.map(c -> " Did you mean " + c + "?").orElse(""));
    }

    /** Every flag of a mode: its own switches, then one per setting (derived from {@link Setting}, never listed twice). */
    static List<Flag> flags(Mode mode) {
        List<Flag> flags = new ArrayList<>();
        flags.add(new Flag("--dry-run", null, "plan only: list every change, make none", null));
        flags.add(new Flag("--verbose", null, "also every wait and poll, and each warning where it arises", null));
        if (mode == Mode.LOCAL) {
            flags.add(new Flag("--scenario", "NAME", "the simulated cluster to start from (see scenarios below)", null));
            flags.add(new Flag("--once", null, "one run (by default a second run follows and must change nothing)", null));
            flags.add(new Flag("--drift", null, "instead of a setup: a drift check over a small simulated fleet", null));
            flags.add(new Flag("--repair", null, "with --drift: repair=auto starts the setup for drifted clusters,"
                    + " then a second check runs", null));
            flags.add(new Flag("--materialize", null, "MaterializeMode=source against a local stand-in of Materialize's SQL"
                    + " API: the source created and waited for; prints the statements it received, secrets masked", null));
            flags.add(new Flag("--network", "PATH", "one of public-cidrs, privatelink (the same as --network-path; with"
                    + " privatelink the run ends with a simulated failover and the target following the writer)",
                    Setting.NETWORK_PATH));
            flags.add(new Flag("--teardown", null, "after the setup, the teardown through its own state machine (with"
                    + " --dry-run: the teardown's plan alone)", null));
            flags.add(new Flag("--drop-slots", null, "with --teardown: also drop inactive materialize_ replication slots",
                    null));
            flags.add(new Flag("--restore-parameter-group", null, "with --teardown: move the cluster back to the parameter"
                    + " group it had, and reboot it", null));
            flags.add(new Flag("--revert-replica-identity", null, "with --teardown: reset REPLICA IDENTITY to DEFAULT on"
                    + " the tables the setup set to FULL", null));
        } else {
            flags.add(new Flag("--cluster", "NAME", "the Aurora cluster identifier (required)", null));
            flags.add(new Flag("--allowed-admin-secret-arns", "ARNS", "comma-separated secret ARNs or path prefixes ending"
                    + " in /* that --admin-secret-arn (or the tag) may name besides the cluster's master secret (stands in"
                    + " for stack parameter " + AdminSecretPolicy.ALLOWED_PARAMETER + ")", null,
                    AdminSecretPolicy.ALLOWED_VARIABLE));
        }
        for (Setting setting : Setting.values()) {
            if (mode == Mode.LOCAL && NOT_LOCAL.contains(setting) || setting == Setting.REPAIR) {
                continue;
            }
            boolean bool = Set.of("true", "false").contains(setting.defaultValue());
            String description = (bool ? "sets " + setting.inputKey() + "=true: " + setting.allowed().replaceFirst("^true or false: ", "")
                    : setting.allowed()) + (STACK_ONLY.contains(setting) ? " (stands in for stack parameter "
                    + setting.stackParameter() + ")" : "");
            flags.add(new Flag(flagName(setting), bool ? null : valueName(setting), description, setting));
        }
        return List.copyOf(flags);
    }

    /** {@code rebootDeadlineMinutes} is {@code --reboot-deadline-minutes}. */
    static String flagName(Setting setting) {
        return "--" + setting.inputKey().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String valueName(Setting setting) {
        return flagName(setting).substring(2).replaceAll(".*-", "").toUpperCase(Locale.ROOT);
    }

    /** The help text of a mode: synopsis, every flag, every scenario (read from {@link Scenario}). */
    public String usage() {
        return usage(mode);
    }

    static String usage(Mode mode) {
        StringBuilder text = new StringBuilder();
        if (mode == Mode.LOCAL) {
            text.append("usage: ./autopilot local [flags]         the whole setup on a simulated cluster with an embedded PostgreSQL\n")
                .append("       ./autopilot local --drift [--repair]   a drift check over a small simulated fleet\n");
        } else {
            text.append("usage: ./autopilot run --cluster NAME [flags]   the same setup against a real AWS account\n")
                .append("       (credentials and region from the AWS default chain: AWS_PROFILE, AWS_REGION, ...)\n");
        }
        text.append("\nflags:\n");
        for (Flag flag : flags(mode)) {
            String left = flag.name() + (flag.bare() ? "" : " " + flag.valueName());
            text.append(String.format("  %-34s %s%n", left, flag.description()));
        }
        if (mode == Mode.LOCAL) {
            text.append("\nscenarios (--scenario):\n");
            for (Scenario scenario : Scenario.values()) {
                text.append(String.format("  %-34s %s%n", scenario.cliName(), scenario.description()));
            }
        }
        return text.toString();
    }

    /** The closest known name by edit distance, if it is close enough to be what was meant. */
    static final class Closest {
        private Closest() {
        }

        /** For a value: the one choice it begins (shared-custom: shared-custom-group), else the closest by edit distance. */
        static Optional<String> ofValue(String typed, List<String> choices) {
            List<String> extending = choices.stream().filter(c -> c.startsWith(typed)).toList();
            return extending.size() == 1 ? Optional.of(extending.getFirst()) : of(typed, choices);
        }

        static Optional<String> of(String typed, List<String> known) {
            String bare = typed.replaceFirst("^-+", "");
            String best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (String candidate : known) {
                int distance = distance(bare, candidate.replaceFirst("^-+", ""));
                if (distance < bestDistance) {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            return best != null && bestDistance <= Math.max(2, bare.length() / 3) ? Optional.of(best) : Optional.empty();
        }

        /** Levenshtein distance. */
        static int distance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                    current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}
