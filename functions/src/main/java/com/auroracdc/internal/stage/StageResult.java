package com.auroracdc.internal.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a stage returns into the execution state: its plan, what it applied, warnings, and a few facts
 * later states choose on (e.g. {@code rebootNeeded}). The plan is listed even in a dry run.
 */
public record StageResult(
        String stage,
        boolean dryRun,
        List<String> planned,
        List<String> applied,
        List<String> warnings,
        Map<String, String> facts,
        List<Effect> effects) {

    /** {@code effects} is index-aligned with {@code planned}; absent (older inputs), every change counts as a change. */
    public StageResult {
        planned = List.copyOf(planned);
        effects = effects == null ? planned.stream().map(p -> Effect.CHANGE).toList() : List.copyOf(effects);
        if (effects.size() != planned.size()) {
            throw new IllegalArgumentException("effects must be index-aligned with planned");
        }
        applied = List.copyOf(applied);
        warnings = List.copyOf(warnings);
        facts = Map.copyOf(facts);
    }

    public StageResult(String stage, boolean dryRun, List<String> planned, List<String> applied, List<String> warnings,
                       Map<String, String> facts) {
        this(stage, dryRun, planned, applied, warnings, facts, null);
    }

    /**
     * What runs before each change is applied: the execution journals it, atomically with the check that its lease
     * still holds (a lost lease throws, and the change is not made).
     */
    @FunctionalInterface
    public interface Journal {
        Journal NONE = change -> { };

        void before(Change change);
    }

    /**
     * Applies each change of the plan in order (unless dry run), recording each as applied only once it
     * succeeded: if one fails the exception propagates and the re-run plans what is left.
     */
    public static <C extends Change> StageResult apply(String stage, boolean dryRun, List<C> plan,
                                                       Consumer<C> applier, List<String> warnings,
                                                       Map<String, String> facts) {
        return apply(stage, dryRun, plan, applier, warnings, facts, Journal.NONE);
    }

    /** As above, with {@code journal} run before each change. */
    public static <C extends Change> StageResult apply(String stage, boolean dryRun, List<C> plan,
                                                       Consumer<C> applier, List<String> warnings,
                                                       Map<String, String> facts, Journal journal) {
        List<String> applied = new ArrayList<>();
        if (!dryRun) {
            for (C change : plan) {
                journal.before(change);
                applier.accept(change);
                applied.add(change.description());
            }
        }
        return new StageResult(stage, dryRun, plan.stream().map(Change::description).toList(), applied, warnings, facts,
                plan.stream().map(Change::effect).toList());
    }
}
