package com.auroracdc.reboot;

import com.auroracdc.stage.Effect;
import com.auroracdc.stage.StageResult;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What this execution's earlier Reboot decisions already did, carried in the stage result's facts: the state
 * machine calls the stage again after each wait, and the stage must neither reboot the writer twice nor lose
 * a reader's turn.
 *
 * @param applied        descriptions of the reboots made so far, in order
 * @param appliedEffects their effects, index-aligned
 */
public record RebootProgress(boolean writerRebooted, List<String> rebootedReaders, int settles, int extraReboots,
                             List<String> applied, List<Effect> appliedEffects) {
    static final String WRITER_REBOOTED = "writerRebooted";
    static final String REBOOTED_READERS = "rebootedReaders";
    static final String SETTLES = "settles";
    static final String EXTRA_REBOOTS = "extraReboots";

    public RebootProgress {
        rebootedReaders = List.copyOf(rebootedReaders);
        applied = List.copyOf(applied);
        appliedEffects = List.copyOf(appliedEffects);
    }

    public static RebootProgress none() {
        return new RebootProgress(false, List.of(), 0, 0, List.of(), List.of());
    }

    /** From the previous Reboot result of this execution, or none. */
    public static RebootProgress of(StageResult previous) {
        if (previous == null) {
            return none();
        }
        Map<String, String> facts = previous.facts();
        String readers = facts.getOrDefault(REBOOTED_READERS, "");
        int done = previous.applied().size();
        return new RebootProgress(Boolean.parseBoolean(facts.get(WRITER_REBOOTED)),
                readers.isBlank() ? List.of() : Arrays.asList(readers.trim().split(" ")),
                Integer.parseInt(facts.getOrDefault(SETTLES, "0")), Integer.parseInt(facts.getOrDefault(EXTRA_REBOOTS, "0")),
                previous.applied(), previous.effects().subList(0, Math.min(done, previous.effects().size())));
    }

    /** The facts that carry this progress to the next decision. */
    Map<String, String> facts() {
        return Map.of(WRITER_REBOOTED, Boolean.toString(writerRebooted), REBOOTED_READERS, String.join(" ", rebootedReaders),
                SETTLES, Integer.toString(settles), EXTRA_REBOOTS, Integer.toString(extraReboots));
    }
}
