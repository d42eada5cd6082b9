package com.auroracdc.drift;

import com.auroracdc.clusterstate.SetupRecord;
import com.auroracdc.settings.Setting;
import com.auroracdc.settings.SettingOrigin;
import com.auroracdc.settings.SettingsResolver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.auroracdc.stage.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pure: a cluster's desired settings from the record its last applied setup left, and today's tags and stack
 * parameters. For each setting, a tag or stack value that changed since the record wins (the newer intent);
 * otherwise the recorded effective value stands, so values only the execution input could express (quoted or
 * non-ASCII table names, lists longer than a tag, CIDRs) survive.
 *
 * <p>The result is the execution input that reproduces that state: the recorded input values still in force.
 * Never replayed: local-only and stack-only settings (a deployed setup refuses them from input) and
 * {@code rotatePassword}, an action rather than a state.
 *
 * @param repairInput input fields (besides clusterIdentifier) the drift check resolves with and repair starts with
 * @param changed     each setting whose tag or stack value changed since the record
 */
public record DesiredSettings(Map<String, JsonNode> repairInput, List<Change> changed) {

    /** A setting whose source changed: what the record applied and what it resolves to now. */
    public record Change(String setting, String recorded, String now) {
    }

    public DesiredSettings {
        repairInput = Map.copyOf(repairInput);
        changed = List.copyOf(changed);
    }

    /** No record (never set up, or set up before records existed): tags and stack parameters alone. */
    public static DesiredSettings none() {
        return new DesiredSettings(Map.of(), List.of());
    }

    public static DesiredSettings of(SetupRecord record, Map<String, String> tags, SettingsResolver resolver) {
        if (record == null) {
            return none();
        }
        Map<String, String> stack = resolver.stackValues();
        Map<Setting, SettingOrigin> today = resolver.origins(tags, Map.of());
        Map<String, JsonNode> input = new LinkedHashMap<>();
        List<Change> changed = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            SettingOrigin recorded = record.settings().get(setting.inputKey());
            if (recorded == null) {
                continue; // a setting newer than the record: today's resolution is all there is
            }
            String tagNow = setting.tagKey() == null ? null : tags.get(setting.tagKey());
            boolean sourceChanged = !Objects.equals(tagNow, record.tagsSeen().get(setting.inputKey()))
                    || !Objects.equals(stack.get(setting.inputKey()), record.stackSeen().get(setting.inputKey()));
            if (sourceChanged) {
                if (!recorded.tokens().equals(today.get(setting).tokens())) {
                    changed.add(new Change(setting.inputKey(), String.join(" ", recorded.tokens()),
                            String.join(" ", today.get(setting).tokens())));
                }
            } else if (recorded.source() == SettingOrigin.Source.INPUT && replayable(setting)) {
                ArrayNode tokens = Json.MAPPER.createArrayNode();
                recorded.tokens().forEach(tokens::add);
                input.put(setting.inputKey(), tokens);
            }
        }
        return new DesiredSettings(input, changed);
    }

    private static boolean replayable(Setting setting) {
        return setting.scope() == Setting.Scope.ANY && setting != Setting.ROTATE_PASSWORD;
    }

    /** One settings-changed finding per changed setting, naming it and both values. */
    List<Finding> findings(String cluster) {
        return changed.stream().map(c -> Finding.of(cluster, FindingKind.SETTINGS_CHANGED,
                c.setting() + " = " + display(c.recorded()) + " (as the last setup applied it)",
                c.setting() + " = " + display(c.now()) + " (its tag or stack parameter changed since)",
                "The setup applies the new value: run it (repair=auto does), or restore the tag or stack parameter."))
                .toList();
    }

    private static String display(String value) {
        return value.isEmpty() ? "(empty)" : value;
    }
}
