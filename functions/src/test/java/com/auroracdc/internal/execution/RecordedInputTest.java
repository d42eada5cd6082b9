package com.auroracdc.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.settings.SettingOrigin.Source;
import com.auroracdc.internal.settings.SettingOrigin;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedInputTest {
    private static SetupRecord recordWith(Map<String, SettingOrigin> settings) {
        return new SetupRecord("orders", "arn:exec", "2026-12-01T00:00:00Z", "2026-12-01T00:10:00Z", "ready", null,
                settings, Map.of(), Map.of(), new SetupRecord.Resources(null, null, null, null, null, null, null, null));
    }

    private static final SetupRecord RECORD = recordWith(Map.of(
            "tables", new SettingOrigin(Source.INPUT, List.of("\"Verkäufe\".\"Q1\"", "public.orders")),
            "egressCidrs", new SettingOrigin(Source.TAG, List.of("203.0.113.0/24")),
            "rebootPolicy", new SettingOrigin(Source.INPUT, List.of("immediate")),
            "rotatePassword", new SettingOrigin(Source.INPUT, List.of("true")),
            "sourceCount", new SettingOrigin(Source.STACK, List.of("3"))));

    @Test
    void of_keepsOnlyDesiredStateSettingsThatCameFromInput() {
        Map<String, JsonNode> recorded = RecordedInput.of(RECORD);

        assertThat(recorded).containsOnlyKeys("tables");
        assertThat(recorded.get("tables")).extracting(JsonNode::asText)
                .containsExactly("\"Verkäufe\".\"Q1\"", "public.orders");
    }

    @Test
    void of_noRecord_isEmpty() {
        assertThat(RecordedInput.of(null)).isEmpty();
    }

    @Test
    void overrides_inputOverRecordedInput_andNullForgets() {
        Map<String, JsonNode> input = new java.util.HashMap<>();
        input.put("tables", NullNode.getInstance());
        input.put("egressCidrs", TextNode.valueOf("198.51.100.0/24"));

        Map<String, JsonNode> overrides = RecordedInput.overrides(input, RECORD);

        assertThat(overrides).containsOnlyKeys("egressCidrs");
        assertThat(overrides.get("egressCidrs").asText()).isEqualTo("198.51.100.0/24");
    }

    @Test
    void overrides_withoutInput_areTheRecordedInput() {
        assertThat(RecordedInput.overrides(Map.of(), RECORD)).isEqualTo(RecordedInput.of(RECORD));
    }

    @Test
    void overrides_oneRunSettingsFromInput_applyButAreNeverRecorded() {
        Map<String, JsonNode> overrides = RecordedInput.overrides(Map.of("rebootPolicy", TextNode.valueOf("never")), RECORD);

        assertThat(overrides).containsKeys("rebootPolicy", "tables");
        assertThat(RecordedInput.of(recordWith(Map.of("rebootPolicy", new SettingOrigin(Source.INPUT, List.of("never"))))))
                .isEmpty();
    }
}
