package com.auroracdc.local.run;

import com.auroracdc.internal.stage.Effect;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts what the stages planned or did, by {@link Effect}, and says it as a Terraform user reads it:
 * {@code Plan: 2 to create, 3 to change, 1 to destroy, 1 writer reboot.} for a dry run and
 * {@code Applied: 2 created, 3 changed, 1 destroyed, 1 writer reboot.} for what a run did. Zero counts are left out.
 */
final class EffectTally {
    private final Map<Effect, Integer> counts = new EnumMap<>(Effect.class);

    void add(Effect effect) {
        counts.merge(effect, 1, Integer::sum);
    }

    int count(Effect effect) {
        return counts.getOrDefault(effect, 0);
    }

    String plan() {
        return "Plan: " + phrase("to create", "to change", "to destroy");
    }

    String applied() {
        return "Applied: " + phrase("created", "changed", "destroyed");
    }

    private String phrase(String created, String changed, String destroyed) {
        List<String> parts = new ArrayList<>();
        part(parts, Effect.CREATE, created, created);
        part(parts, Effect.CHANGE, changed, changed);
        part(parts, Effect.DESTROY, destroyed, destroyed);
        part(parts, Effect.WRITER_REBOOT, "writer reboot", "writer reboots");
        part(parts, Effect.READER_REBOOT, "reader reboot", "reader reboots");
        return (parts.isEmpty() ? "no changes" : String.join(", ", parts)) + ".";
    }

    private void part(List<String> parts, Effect effect, String one, String many) {
        int count = count(effect);
        if (count > 0) {
            parts.add(count + " " + (count == 1 ? one : many));
        }
    }
}
