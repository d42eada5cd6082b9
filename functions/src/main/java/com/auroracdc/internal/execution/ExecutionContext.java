package com.auroracdc.internal.execution;

import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.SettingOrigin;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.stage.Effect;
import com.auroracdc.internal.stage.StageResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One execution's authority, stored by Inspect under the execution's id and the hash of its token, and the only
 * source every later stage reads: the stack settings as Inspect read them (one version for the whole execution),
 * the settings it resolved (with where each came from), the cluster it bound, and what each stage has done so far.
 * A stage's payload can claim none of this.
 *
 * @param stack        the stack settings (environment variable name to value) of one SSM parameter version
 * @param stackVersion that version (the SSM parameter's), for the record
 * @param input        the setting overrides this execution's input gave (before recorded input was added)
 * @param origins      where each resolved setting came from, by input key
 * @param tagsSeen     the cluster's setting tags when Inspect read them, by input key
 * @param stages       each stage's result so far (a retried attempt's merged in, see {@link #withStage})
 * @param attempted    per stage, every change an attempt started (journaled before its AWS call)
 * @param progress     per stage, what it keeps between its own invocations (the reboot ledger)
 * @param teardown     a teardown execution's opt-ins; null for a setup (the state machine it runs in decides which)
 */
public record ExecutionContext(
        String executionId,
        String cluster,
        String startedAt,
        boolean dryRun,
        Map<String, String> stack,
        String stackVersion,
        Map<String, JsonNode> input,
        Settings settings,
        Map<String, SettingOrigin> origins,
        Map<String, String> tagsSeen,
        ClusterFacts facts,
        List<String> warnings,
        Map<String, StageResult> stages,
        Map<String, List<String>> attempted,
        Map<String, JsonNode> progress,
        TeardownOptions teardown) {

    public ExecutionContext {
        stack = Map.copyOf(stack);
        input = Map.copyOf(input);
        origins = Map.copyOf(origins);
        tagsSeen = Map.copyOf(tagsSeen);
        warnings = List.copyOf(warnings);
        stages = Map.copyOf(stages == null ? Map.of() : stages);
        attempted = Map.copyOf(attempted == null ? Map.of() : attempted);
        progress = Map.copyOf(progress == null ? Map.of() : progress);
    }

    public Purpose purpose() {
        return teardown == null ? Purpose.SETUP : Purpose.TEARDOWN;
    }

    /** What the stage code written before this context existed takes: who runs, on which cluster, with what settings. */
    public SetupContext setup() {
        return new SetupContext(executionId, startedAt, dryRun, facts, settings, warnings);
    }

    public StageResult stage(String name) {
        return stages.get(name);
    }

    /**
     * With this stage's result, merged with what earlier attempts of the same stage in this execution did: a change
     * an earlier attempt started that this attempt no longer plans took effect, so it stays applied.
     */
    public ExecutionContext withStage(String name, StageResult result) {
        StageResult earlier = stages.get(name);
        Set<String> applied = new LinkedHashSet<>(earlier == null ? List.of() : earlier.applied());
        attempted.getOrDefault(name, List.of()).stream().filter(c -> !result.planned().contains(c)).forEach(applied::add);
        applied.addAll(result.applied());
        List<String> planned = new ArrayList<>();
        List<Effect> effects = new ArrayList<>();
        for (String change : applied) {
            if (!result.planned().contains(change)) {
                planned.add(change);
                effects.add(earlierEffect(earlier, change));
            }
        }
        planned.addAll(result.planned());
        effects.addAll(result.effects());
        StageResult merged = new StageResult(result.stage(), result.dryRun(), planned, List.copyOf(applied), result.warnings(),
                merge(earlier == null ? Map.of() : earlier.facts(), result.facts()), effects);
        Map<String, StageResult> all = new LinkedHashMap<>(stages);
        all.put(name, merged);
        Map<String, List<String>> none = new LinkedHashMap<>(attempted);
        none.remove(name);
        return new ExecutionContext(executionId, cluster, startedAt, dryRun, stack, stackVersion, input, settings, origins,
                tagsSeen, facts, warnings, all, none, progress, teardown);
    }

    /** With this stage's whole result so far, as a stage that reports its cumulative progress itself returns it (Reboot). */
    public ExecutionContext withStageReplaced(String name, StageResult result) {
        Map<String, StageResult> all = new LinkedHashMap<>(stages);
        all.put(name, result);
        return new ExecutionContext(executionId, cluster, startedAt, dryRun, stack, stackVersion, input, settings, origins,
                tagsSeen, facts, warnings, all, attempted, progress, teardown);
    }

    /** With one more change this stage is about to make, so a retry knows it may already have taken effect. */
    public ExecutionContext withAttempt(String name, String change) {
        Map<String, List<String>> all = new LinkedHashMap<>(attempted);
        List<String> list = new ArrayList<>(all.getOrDefault(name, List.of()));
        if (!list.contains(change)) {
            list.add(change);
        }
        all.put(name, list);
        return new ExecutionContext(executionId, cluster, startedAt, dryRun, stack, stackVersion, input, settings, origins,
                tagsSeen, facts, warnings, stages, all, progress, teardown);
    }

    /** Whether any stage of this execution changed (or started to change) anything. */
    public boolean changedAnything() {
        return stages.values().stream().anyMatch(s -> !s.applied().isEmpty())
                || attempted.values().stream().anyMatch(list -> !list.isEmpty());
    }

    public <T> T progress(String name, Class<T> type, T none) {
        JsonNode node = progress.get(name);
        return node == null || node.isNull() ? none : Json.convert(node, type);
    }

    public ExecutionContext withProgress(String name, Object value) {
        Map<String, JsonNode> all = new LinkedHashMap<>(progress);
        all.put(name, Json.MAPPER.valueToTree(value));
        return new ExecutionContext(executionId, cluster, startedAt, dryRun, stack, stackVersion, input, settings, origins,
                tagsSeen, facts, warnings, stages, attempted, all, teardown);
    }

    private static Effect earlierEffect(StageResult earlier, String change) {
        if (earlier != null) {
            int index = earlier.planned().indexOf(change);
            if (index >= 0) {
                return earlier.effects().get(index);
            }
        }
        return Effect.CHANGE;
    }

    private static Map<String, String> merge(Map<String, String> earlier, Map<String, String> now) {
        Map<String, String> all = new LinkedHashMap<>(earlier);
        all.putAll(now);
        return all;
    }
}
