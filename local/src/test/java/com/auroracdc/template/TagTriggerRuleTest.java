package com.auroracdc.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tag rule of template.yaml against the sample event (events/tag-change.json), as EventBridge matches them:
 * each field of the pattern lists the values it takes, nested objects match nested objects. The rule pins the stack's
 * account, so a tag change of another account never starts a setup here.
 */
class TagTriggerRuleTest {
    private static final String ACCOUNT = "123456789012";

    private static JsonNode pattern(String account, String triggerKey) throws Exception {
        Object sub = Template.map(Template.map(Template.load().resources().get("TagTriggerRule").get("Properties"))
                .get("EventPattern")).get("Fn::Sub");
        return Json.MAPPER.readTree(String.valueOf(sub).replace("${AWS::AccountId}", account)
                .replace("${TriggerTagKey}", triggerKey));
    }

    private static JsonNode sampleEvent() throws Exception {
        return Json.MAPPER.readTree(Files.readString(Template.ROOT.resolve("events/tag-change.json")));
    }

    @Test
    void pattern_pinsTheStacksAccount() throws Exception {
        assertThat(pattern(ACCOUNT, "materialize:cdc").path("account")).containsExactly(Json.MAPPER.valueToTree(ACCOUNT));
    }

    @Test
    void pattern_matchesTheSampleEventOfItsOwnAccountOnly() throws Exception {
        assertThat(matches(pattern(ACCOUNT, "materialize:cdc"), sampleEvent())).isTrue();
        assertThat(matches(pattern("210987654321", "materialize:cdc"), sampleEvent())).isFalse();
        assertThat(matches(pattern(ACCOUNT, "team:cdc"), sampleEvent())).isFalse();
    }

    /** EventBridge's matching for the pattern forms the rule uses: exact values in arrays, nested objects. */
    private static boolean matches(JsonNode pattern, JsonNode event) {
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            JsonNode value = event.path(field.getKey());
            boolean ok = field.getValue().isObject() ? value.isObject() && matches(field.getValue(), value)
                    : value.isArray() ? java.util.stream.StreamSupport.stream(value.spliterator(), false).anyMatch(v -> contains(field.getValue(), v))
                    : contains(field.getValue(), value);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(JsonNode allowed, JsonNode value) {
        for (JsonNode candidate : allowed) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
