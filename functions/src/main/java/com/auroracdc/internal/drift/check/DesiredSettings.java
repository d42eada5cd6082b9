package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.execution.RecordedInput;
import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.settings.Setting;
import com.auroracdc.internal.settings.SettingOrigin;
import com.auroracdc.internal.settings.SettingsResolver;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pure: a cluster's desired settings from the record its last applied setup left and today's tags and stack
 * parameters, with the setup's own precedence: input &gt; recorded input &gt; tag &gt; stack &gt; default
 * ({@link RecordedInput}). A value given as execution input stands until another input changes it, so values only
 * input can express (quoted or non-ASCII table names, lists longer than a tag, CIDRs) survive, and a tag or stack
 * value that changed under it is information, not drift. A setting not held by recorded input follows its tag or
 * stack parameter: when that changed since the record, the change is a finding the setup applies.
 *
 * @param recordedInput the recorded input values the check resolves with (a repair's Inspect applies them itself)
 * @param changed       each setting whose tag or stack value changed since the record and now resolves differently
 * @param shadowed      each setting whose tag or stack value changed under a recorded input value
 */
public record DesiredSettings(Map<String, JsonNode> recordedInput, List<Change> changed, List<Change> shadowed) {

    /** A setting whose source changed: what the record applied and what it resolves to now (or would, without input). */
    public record Change(String setting, String recorded, String now) {
    }

    public DesiredSettings {
        recordedInput = Map.copyOf(recordedInput);
        changed = List.copyOf(changed);
        shadowed = List.copyOf(shadowed);
    }

    /** No record (never set up, or set up before records existed): tags and stack parameters alone. */
    public static DesiredSettings none() {
        return new DesiredSettings(Map.of(), List.of(), List.of());
    }

    public static DesiredSettings of(SetupRecord record, Map<String, String> tags, SettingsResolver resolver) {
        if (record == null) {
            return none();
        }
        Map<String, JsonNode> recordedInput = RecordedInput.of(record);
        Map<String, String> stack = resolver.stackValues();
        Map<Setting, SettingOrigin> today = resolver.origins(tags, Map.of());
        List<Change> changed = new ArrayList<>();
        List<Change> shadowed = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            SettingOrigin recorded = record.settings().get(setting.inputKey());
            if (recorded == null || !setting.desiredState()) {
                continue; // a setting newer than the record: today's resolution is all there is
            }
            String tagNow = setting.tagKey() == null ? null : tags.get(setting.tagKey());
            boolean sourceChanged = !Objects.equals(tagNow, record.tagsSeen().get(setting.inputKey()))
                    || !Objects.equals(stack.get(setting.inputKey()), record.stackSeen().get(setting.inputKey()));
            if (!sourceChanged) {
                continue;
            }
            SettingOrigin now = today.get(setting);
            Change change = new Change(setting.inputKey(), String.join(" ", recorded.tokens()), String.join(" ", now.tokens()));
            if (recordedInput.containsKey(setting.inputKey())) {
                if (!recorded.tokens().equals(now.tokens())) {
                    shadowed.add(change);
                }
            } else if (!recorded.tokens().equals(now.tokens())) {
                changed.add(change);
            }
        }
        return new DesiredSettings(recordedInput, changed, shadowed);
    }

    /** One settings-changed finding per changed setting, one settings-shadowed finding per shadowed one. */
    List<Finding> findings(String cluster) {
        List<Finding> findings = new ArrayList<>();
        changed.forEach(c -> findings.add(Finding.of(cluster, FindingKind.SETTINGS_CHANGED,
                c.setting() + " = " + display(c.recorded()) + " (as the last setup applied it)",
                c.setting() + " = " + display(c.now()) + " (its tag or stack parameter changed since)",
                "The setup applies the new value: run it (repair=auto does), or restore the tag or stack parameter.")));
        shadowed.forEach(c -> findings.add(Finding.of(cluster, FindingKind.SETTINGS_SHADOWED,
                c.setting() + " = " + display(c.recorded()) + " (given as execution input; it stands)",
                "its tag or stack parameter now says " + display(c.now()) + ", which the input value shadows",
                "Nothing to do if the input value is still wanted. To let the tag or stack parameter decide again, start"
                        + " a setup with {\"" + c.setting() + "\": null} in its input.")));
        return findings;
    }

    private static String display(String value) {
        return value.isEmpty() ? "(empty)" : value;
    }
}
