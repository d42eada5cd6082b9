package com.auroracdc.internal.settings;

import com.auroracdc.errors.InvalidSettingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resolves {@link Settings} from stack defaults (environment), cluster tags and execution input, and
 * refuses anything unknown or malformed with an {@link InvalidSettingException} naming it.
 */
public final class SettingsResolver {
    /** Environment variable carrying the trigger tag key (stack parameter TriggerTagKey). */
    public static final String TRIGGER_TAG_KEY_VARIABLE = "TRIGGER_TAG_KEY";

    private final Map<String, String> environment;

    public SettingsResolver(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public String triggerTagKey() {
        return environment.getOrDefault(TRIGGER_TAG_KEY_VARIABLE, Tags.DEFAULT_TRIGGER_KEY);
    }

    /** Which admin secrets this stack lets a tag or input name. */
    public AdminSecretPolicy adminSecretPolicy() {
        return AdminSecretPolicy.fromEnvironment(environment);
    }

    /**
     * @param clusterTags every tag of the cluster; keys under {@code materialize:} must be known
     * @param input       setting overrides from the execution input, keyed by {@link Setting#inputKey()}
     */
    public Settings resolve(Map<String, String> clusterTags, Map<String, JsonNode> input) {
        refuseUnknownTags(clusterTags);
        refuseUnknownInput(input);
        Map<Setting, Object> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            values.put(setting, resolveOne(setting, clusterTags, input));
        }
        @SuppressWarnings("unchecked")
        Settings settings = new Settings(
                (List<String>) values.get(Setting.EGRESS_CIDRS),
                (Boolean) values.get(Setting.ALLOW_PUBLIC_SOURCE),
                (Integer) values.get(Setting.SOURCE_COUNT),
                (RebootPolicy) values.get(Setting.REBOOT_POLICY),
                (Integer) values.get(Setting.REBOOT_DEADLINE_MINUTES),
                (String) values.get(Setting.PUBLICATION_NAME),
                (List<TablePattern>) values.get(Setting.TABLES),
                (String) values.get(Setting.DATABASE_NAME),
                (String) values.get(Setting.ADMIN_SECRET_ARN),
                (String) values.get(Setting.REPLICATION_USER),
                (Boolean) values.get(Setting.ADOPT_PUBLICATION),
                (Boolean) values.get(Setting.ROTATE_PASSWORD),
                (SslMode) values.get(Setting.SSL_MODE),
                (RepairMode) values.get(Setting.REPAIR),
                (String) values.get(Setting.DATABASE_HOST),
                (Integer) values.get(Setting.DATABASE_PORT),
                (ReaderReboot) values.get(Setting.READER_REBOOT),
                (String) values.get(Setting.MATERIALIZE_CLUSTER),
                (String) values.get(Setting.SOURCE_NAME),
                (NetworkPath) values.get(Setting.NETWORK_PATH),
                (List<String>) values.get(Setting.PRIVATELINK_PRINCIPALS),
                (Boolean) values.get(Setting.PRIVATELINK_ACCEPTANCE_REQUIRED));
        refusePublicSources(settings);
        LocalOnly.check(settings, "this execution");
        return settings;
    }

    private Object resolveOne(Setting setting, Map<String, String> tags, Map<String, JsonNode> input) {
        refuseOutOfScope(setting, tags, input);
        SettingOrigin origin = origin(setting, tags, input);
        String source = switch (origin.source()) {
            case INPUT -> "input field '" + setting.inputKey() + "'";
            case TAG -> "tag " + setting.tagKey();
            case STACK -> "stack parameter " + setting.stackParameter();
            case DEFAULT -> "default";
        };
        return parse(setting, source, origin.tokens());
    }

    /**
     * Where each setting's value comes from for these tags and input (the precedence of {@link #resolve}), with the
     * words it was given as. Call after {@link #resolve} accepted the same tags and input.
     */
    public Map<Setting, SettingOrigin> origins(Map<String, String> clusterTags, Map<String, JsonNode> input) {
        Map<Setting, SettingOrigin> origins = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            origins.put(setting, origin(setting, clusterTags, input));
        }
        return origins;
    }

    /** The value of each setting's stack parameter this function was deployed with, by input key. */
    public Map<String, String> stackValues() {
        Map<String, String> values = new TreeMap<>();
        for (Setting setting : Setting.values()) {
            if (setting.stackParameter() != null && environment.containsKey(setting.environmentVariable())) {
                values.put(setting.inputKey(), environment.get(setting.environmentVariable()));
            }
        }
        return values;
    }

    private SettingOrigin origin(Setting setting, Map<String, String> tags, Map<String, JsonNode> input) {
        if (input.containsKey(setting.inputKey())) {
            return new SettingOrigin(SettingOrigin.Source.INPUT, tokens(input.get(setting.inputKey()), setting));
        }
        if (setting.tagKey() != null && tags.containsKey(setting.tagKey())) {
            return new SettingOrigin(SettingOrigin.Source.TAG, split(tags.get(setting.tagKey())));
        }
        if (setting.environmentVariable() != null && environment.containsKey(setting.environmentVariable())) {
            return new SettingOrigin(SettingOrigin.Source.STACK, split(environment.get(setting.environmentVariable())));
        }
        return new SettingOrigin(SettingOrigin.Source.DEFAULT, split(setting.defaultValue()));
    }

    /** A stack-only setting from a tag or input, a local-only one from a tag or variable: refused, whatever its value. */
    private void refuseOutOfScope(Setting setting, Map<String, String> tags, Map<String, JsonNode> input) {
        String tagKey = setting.tagKey();
        switch (setting.scope()) {
            case ANY -> { }
            case STACK_ONLY -> {
                String source = input.containsKey(setting.inputKey()) ? "input field '" + setting.inputKey() + "'"
                        : tagKey != null && tags.containsKey(tagKey) ? "tag " + tagKey : null;
                if (source != null) {
                    throw new InvalidSettingException(setting.inputKey(), "Setting " + setting.inputKey() + " may only be"
                            + " set by the stack parameter " + setting.stackParameter() + ", not by " + source + ": whoever"
                            + " can tag a cluster or start an execution must not be able to widen its network access."
                            + " Remove the " + source + ".");
                }
            }
            case LOCAL_ONLY -> {
                String value = tagKey != null && tags.containsKey(tagKey) ? tags.get(tagKey)
                        : environment.get(setting.environmentVariable());
                if (value != null && !value.isBlank() && !value.strip().equals(setting.defaultValue())) {
                    throw LocalOnly.refused(setting, value, tags.containsKey(tagKey) ? "tag " + tagKey
                            : "environment variable " + setting.environmentVariable());
                }
            }
        }
    }

    private static Object parse(Setting setting, String source, List<String> tokens) {
        try {
            return setting.parse(tokens);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(setting.inputKey(), "Setting " + setting.inputKey() + " from " + source
                    + " is malformed: " + e.getMessage() + ". Allowed: " + setting.allowed() + ".");
        }
    }

    private void refuseUnknownTags(Map<String, String> tags) {
        Set<String> ours = Set.of(triggerTagKey(), Tags.STATUS, Tags.LOCK);
        for (String key : tags.keySet()) {
            if (key.startsWith(Tags.PREFIX) && !ours.contains(key)
                    && Arrays.stream(Setting.values()).noneMatch(s -> key.equals(s.tagKey()))) {
                throw new InvalidSettingException(key, "Unknown setting tag " + key + " on the cluster. Known tags: "
                        + knownTagKeys() + ". Remove or rename the tag.");
            }
        }
    }

    private static void refuseUnknownInput(Map<String, JsonNode> input) {
        for (String key : input.keySet()) {
            if (Arrays.stream(Setting.values()).noneMatch(s -> key.equals(s.inputKey()))) {
                throw new InvalidSettingException(key, "Unknown input field '" + key + "'. Known fields: clusterIdentifier, dryRun, "
                        + String.join(", ", Arrays.stream(Setting.values()).map(Setting::inputKey).toList()) + ".");
            }
        }
    }

    private static void refusePublicSources(Settings settings) {
        List<String> open = Cidrs.publicOnes(settings.egressCidrs());
        if (!settings.allowPublicSource() && !open.isEmpty()) {
            throw new InvalidSettingException(Setting.EGRESS_CIDRS.inputKey(), "Setting egressCidrs holds "
                    + String.join(" ", open) + (open.size() == 1 ? ", which is" : ", which are") + " public: "
                    + Cidrs.PUBLIC_BOUND + ". That opens the database to a"
                    + " large part of the internet. Use Materialize's egress addresses (SELECT * FROM mz_egress_ips: a /27"
                    + " and a /32 per region), or set the stack parameter " + Setting.ALLOW_PUBLIC_SOURCE.stackParameter()
                    + "=true if you really mean it.");
        }
    }

    private static String knownTagKeys() {
        return String.join(", ", Arrays.stream(Setting.values()).map(Setting::tagKey)
                .filter(Objects::nonNull).toList());
    }

    private static List<String> tokens(JsonNode node, Setting setting) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isArray()) {
            List<String> tokens = new ArrayList<>();
            for (JsonNode element : node) {
                if (!element.isValueNode()) {
                    throw new InvalidSettingException(setting.inputKey(), "Input field '" + setting.inputKey()
                            + "' must be a list of strings. Allowed: " + setting.allowed() + ".");
                }
                tokens.add(element.asText());
            }
            return tokens;
        }
        if (!node.isValueNode()) {
            throw new InvalidSettingException(setting.inputKey(), "Input field '" + setting.inputKey()
                    + "' must be a string, number, boolean or list. Allowed: " + setting.allowed() + ".");
        }
        return node.isTextual() ? split(node.asText()) : List.of(node.asText());
    }

    /** Splits on spaces and commas outside double quotes. */
    static List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && (Character.isWhitespace(c) || c == ',')) {
                if (!current.isEmpty()) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            tokens.add(current.toString());
        }
        return tokens;
    }
}
