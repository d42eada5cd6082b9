package com.auroracdc.internal.reboot;

import com.auroracdc.internal.stage.Effect;
import java.util.List;
import java.util.Map;

/**
 * What this execution's earlier Reboot decisions already did, kept in the execution's stored context (never in a
 * payload) and saved before each reboot is made: the state machine calls the stage again after each wait, and a
 * retried invocation, like the next decision, must neither reboot an instance twice nor lose a reader's turn.
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

    /** The context's progress key; and the Publication stage's count of writers found without logical replication. */
    public static final String KEY = "reboot";
    public static final String LOGICAL_REPLICATION_OFF = "logicalReplicationOff";

    public static RebootProgress none() {
        return new RebootProgress(false, List.of(), 0, 0, List.of(), List.of());
    }

    /** The facts that carry this progress to the next decision. */
    public Map<String, String> facts() {
        return Map.of(WRITER_REBOOTED, Boolean.toString(writerRebooted), REBOOTED_READERS, String.join(" ", rebootedReaders),
                SETTLES, Integer.toString(settles), EXTRA_REBOOTS, Integer.toString(extraReboots));
    }
}
