package com.auroracdc.internal.execution;

import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.Setting;
import com.auroracdc.internal.settings.SettingOrigin;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Precedence across executions: input &gt; recorded input &gt; tag &gt; stack &gt; default. A value an earlier
 * execution's input gave a setting that {@linkplain Setting#persistsFromInput() persists} stands until a new input
 * names that setting again (a JSON {@code null} forgets it, so the tag or stack decides again). Pure.
 */
public final class RecordedInput {
    private RecordedInput() {
    }

    /** The input values the record keeps: the persisting settings its last setup took from input. */
    public static Map<String, JsonNode> of(SetupRecord record) {
        Map<String, JsonNode> recorded = new LinkedHashMap<>();
        if (record == null) {
            return recorded;
        }
        for (Setting setting : Setting.values()) {
            SettingOrigin origin = record.settings().get(setting.inputKey());
            if (setting.persistsFromInput() && origin != null && origin.source() == SettingOrigin.Source.INPUT) {
                ArrayNode tokens = Json.MAPPER.createArrayNode();
                origin.tokens().forEach(tokens::add);
                recorded.put(setting.inputKey(), tokens);
            }
        }
        return recorded;
    }

    /** The overrides an execution resolves with: its own input over the recorded input; nulls removed. */
    public static Map<String, JsonNode> overrides(Map<String, JsonNode> input, SetupRecord record) {
        Map<String, JsonNode> merged = new LinkedHashMap<>(of(record));
        input.forEach((key, value) -> {
            if (value == null || value.isNull()) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
