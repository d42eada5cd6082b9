package com.auroracdc.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        return pattern("TagTriggerRule", account, triggerKey);
    }

    private static JsonNode pattern(String rule, String account, String triggerKey) throws Exception {
        Object sub = Template.map(Template.map(Template.load().resources().get(rule).get("Properties"))
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

    /** The sample event with the trigger tag set to {@code value} (null: removed) and these changed keys. */
    private static JsonNode tagEvent(String value, String... changedKeys) throws Exception {
        ObjectNode event = (ObjectNode) sampleEvent();
        ObjectNode detail = (ObjectNode) event.path("detail");
        ObjectNode tags = (ObjectNode) detail.path("tags");
        if (value == null) {
            tags.remove("materialize:cdc");
        } else {
            tags.put("materialize:cdc", value);
        }
        ArrayNode changed = detail.putArray("changed-tag-keys");
        for (String key : changedKeys) {
            changed.add(key);
        }
        return event;
    }

    @Test
    void teardownPattern_matchesTheTriggerTagDisabledOrRemoved_andNeverTheStatusTag() throws Exception {
        JsonNode teardown = pattern("TeardownTriggerRule", ACCOUNT, "materialize:cdc");
        assertThat(matches(teardown, tagEvent("disabled", "materialize:cdc"))).isTrue();
        assertThat(matches(teardown, tagEvent(null, "materialize:cdc"))).isTrue();
        assertThat(matches(teardown, tagEvent("enabled", "materialize:cdc"))).isFalse();
        assertThat(matches(teardown, tagEvent("disabled", "materialize:cdc-status"))).as("our own status tag").isFalse();
        assertThat(matches(teardown, tagEvent(null, "materialize:cdc-status"))).isFalse();
        assertThat(matches(pattern(ACCOUNT, "materialize:cdc"), tagEvent("disabled", "materialize:cdc"))).isFalse();
    }

    /**
     * EventBridge's matching for the pattern forms the rules use: exact values in arrays, nested objects,
     * {@code {"exists": false}}, and {@code "$or"} over alternative sub-patterns.
     */
    private static boolean matches(JsonNode pattern, JsonNode event) {
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            if (field.getKey().equals("$or")) {
                if (java.util.stream.StreamSupport.stream(field.getValue().spliterator(), false)
                        .noneMatch(alternative -> matches(alternative, event))) {
                    return false;
                }
                continue;
            }
            JsonNode value = event.path(field.getKey());
            if (field.getValue().isArray() && field.getValue().size() == 1 && field.getValue().get(0).has("exists")) {
                if (value.isMissingNode() == field.getValue().get(0).path("exists").asBoolean()) {
                    return false;
                }
                continue;
            }
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
