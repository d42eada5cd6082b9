package com.auroracdc.internal.drift.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.settings.SettingOrigin;
import com.auroracdc.internal.settings.SettingsResolver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredSettingsTest {
    private static final Map<String, String> TAGS = Map.of("materialize:cdc", "enabled", "materialize:sources", "2");
    private static final Map<String, String> STACK = Map.of("EGRESS_CIDRS", "3.215.237.32/27", "REBOOT_POLICY", "immediate");

    /** A record as Report writes it after a setup with this input, these tags and this stack. */
    private static SetupRecord recorded(Map<String, JsonNode> input, Map<String, String> tags, Map<String, String> stack) {
        SettingsResolver resolver = new SettingsResolver(stack);
        resolver.resolve(tags, input);
        Map<String, SettingOrigin> settings = new HashMap<>();
        resolver.origins(tags, input).forEach((setting, origin) -> settings.put(setting.inputKey(), origin));
        Map<String, String> seen = new HashMap<>();
        if (tags.containsKey("materialize:sources")) {
            seen.put("sourceCount", tags.get("materialize:sources"));
        }
        return new SetupRecord("orders", "exec:1", "t0", "t1", "ready", null, settings, seen, resolver.stackValues(),
                new SetupRecord.Resources(null, null, null, null, null, null, null, null));
    }

    @Test
    void of_whenNothingChanged_keepsThePersistingInputValuesOnly() {
        var input = Map.<String, JsonNode>of("tables", TextNode.valueOf("\"Ä b\".\"c, d\""), "egressCidrs",
                TextNode.valueOf("198.51.100.0/24"), "rotatePassword", TextNode.valueOf("true"), "rebootPolicy",
                TextNode.valueOf("never"));
        var desired = DesiredSettings.of(recorded(input, TAGS, STACK), TAGS, new SettingsResolver(STACK));
        assertThat(desired.changed()).isEmpty();
        assertThat(desired.shadowed()).isEmpty();
        assertThat(desired.recordedInput()).as("rotatePassword and rebootPolicy apply to one run only")
                .containsOnlyKeys("tables", "egressCidrs");
        assertThat(desired.recordedInput().get("tables").get(0).asText()).isEqualTo("\"Ä b\".\"c, d\"");
        assertThat(new SettingsResolver(STACK).resolve(TAGS, desired.recordedInput()).egressCidrs())
                .as("the recorded input resolves to the recorded value").containsExactly("198.51.100.0/24");
    }

    @Test
    void of_whenATagChangedUnderARecordedInput_theInputStandsAndTheChangeIsInformationOnly() {
        var input = Map.<String, JsonNode>of("sourceCount", TextNode.valueOf("5"));
        var record = recorded(input, TAGS, STACK);
        var now = Map.of("materialize:cdc", "enabled", "materialize:sources", "3");
        var desired = DesiredSettings.of(record, now, new SettingsResolver(STACK));
        assertThat(desired.changed()).isEmpty();
        assertThat(desired.shadowed()).containsExactly(new DesiredSettings.Change("sourceCount", "5", "3"));
        assertThat(desired.recordedInput()).containsKey("sourceCount");
        assertThat(desired.findings("orders")).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SETTINGS_SHADOWED);
            assertThat(f.kind().repairedBySetup()).isFalse();
        });
    }

    @Test
    void of_whenATagChangedWithoutInput_theTagWinsAsAChange() {
        var record = recorded(Map.of(), TAGS, STACK);
        var now = Map.of("materialize:cdc", "enabled", "materialize:sources", "3");
        var desired = DesiredSettings.of(record, now, new SettingsResolver(STACK));
        assertThat(desired.changed()).containsExactly(new DesiredSettings.Change("sourceCount", "2", "3"));
        assertThat(desired.findings("orders")).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo(FindingKind.SETTINGS_CHANGED));
    }

    @Test
    void of_whenAStackParameterChanged_itWinsAndATagRemovedFallsBackToTheStack() {
        var record = recorded(Map.of(), TAGS, STACK);
        var redeployed = Map.of("EGRESS_CIDRS", "52.6.209.3/32", "REBOOT_POLICY", "immediate");
        var untagged = Map.of("materialize:cdc", "enabled");
        var desired = DesiredSettings.of(record, untagged, new SettingsResolver(redeployed));
        assertThat(desired.changed()).containsExactlyInAnyOrder(
                new DesiredSettings.Change("egressCidrs", "3.215.237.32/27", "52.6.209.3/32"),
                new DesiredSettings.Change("sourceCount", "2", "1"));
        assertThat(desired.recordedInput()).isEmpty();
    }

    @Test
    void of_whenALaptopRecordMeetsTheDeployedStack_theUsersInputStandsWithNoChange() {
        // The laptop run had no stack parameters at all (stackSeen empty); the user gave tables and CIDRs as input.
        var input = Map.<String, JsonNode>of("tables", TextNode.valueOf("public.orders"), "egressCidrs",
                TextNode.valueOf("3.215.237.32/27 52.6.209.3/32"));
        var record = recorded(input, Map.of("materialize:cdc", "enabled"), Map.of());
        var deployed = new SettingsResolver(Map.of("TABLES", "*", "EGRESS_CIDRS", "", "SOURCE_COUNT", "1"));
        var desired = DesiredSettings.of(record, Map.of("materialize:cdc", "enabled"), deployed);
        assertThat(desired.changed()).isEmpty();
        assertThat(deployed.resolve(Map.of("materialize:cdc", "enabled"), desired.recordedInput()).egressCidrs())
                .containsExactly("3.215.237.32/27", "52.6.209.3/32");
    }

    @Test
    void of_whenNoRecord_tagsAndStackAlone() {
        assertThat(DesiredSettings.of(null, TAGS, new SettingsResolver(STACK))).isEqualTo(DesiredSettings.none());
    }
}
