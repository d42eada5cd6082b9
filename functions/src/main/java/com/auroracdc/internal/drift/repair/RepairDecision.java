package com.auroracdc.internal.drift.repair;

import com.auroracdc.internal.drift.DriftStatus;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.settings.RepairMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a drifted cluster gets a setup started for it, the execution's name, the per-run cap and the
 * suspension after failed repairs. Pure.
 */
public final class RepairDecision {
    public static final String NAME_PREFIX = "drift-";
    /** Repairs failed in a row after which repair stops until someone acts. */
    static final int FAILURES_TO_SUSPEND = 2;

    private RepairDecision() {
    }

    /**
     * True when repair is {@code auto} and the setup would fix at least one finding. Never for slots alone,
     * never when the settings are malformed or a planner refuses the cluster (the setup would refuse it too), never
     * while a setup holds the cluster (it would be refused by the lock; the next check sees that setup's result),
     * and not for a missing reboot alone under reboot policy {@code never} (the setup would only say so again).
     * A database that could not be reached does not hold a control-plane repair back: a detached security
     * group is a common reason for it, and the setup puts the group back.
     */
    public static boolean wanted(RepairMode repair, RebootPolicy rebootPolicy, List<Finding> findings) {
        if (repair != RepairMode.AUTO) {
            return false;
        }
        if (findings.stream().anyMatch(f -> f.kind() == FindingKind.INVALID_SETTINGS || f.kind() == FindingKind.SETUP_BLOCKED
                || f.kind() == FindingKind.SETUP_RUNNING)) {
            return false;
        }
        return findings.stream().anyMatch(f -> f.kind().repairedBySetup()
                && !(f.kind() == FindingKind.PENDING_REBOOT && rebootPolicy == RebootPolicy.NEVER));
    }

    /**
     * {@code drift-<cluster>-<8 hex of the run>}: at most 78 characters (cluster identifiers are at most 63),
     * the same for a retried report of the same run (StartExecution is then idempotent), and recognisable
     * so a later run sees that its repair is still running.
     */
    public static String executionName(String clusterId, String runId) {
        return NAME_PREFIX + clusterId + "-" + runHash(runId);
    }

    /** Whether an execution name is a repair started by the drift run {@code runId} (for the per-run cap). */
    public static boolean isFromRun(String executionName, String runId) {
        return executionName.startsWith(NAME_PREFIX) && executionName.endsWith("-" + runHash(runId));
    }

    /**
     * The repairs to start, in order, so that one drift run starts at most {@code cap} setups: {@code alreadyStarted}
     * counts those its other batches started (seen in the setup's execution list).
     */
    public static List<String> withinCap(List<String> candidates, long alreadyStarted, int cap) {
        long room = Math.max(0, cap - alreadyStarted);
        return candidates.subList(0, (int) Math.min(candidates.size(), room));
    }

    /** Suspended: the last {@value #FAILURES_TO_SUSPEND} repairs failed, and nobody said "ready" since (tag or setup). */
    public static boolean suspended(int failedInARow, String statusTag) {
        return failedInARow >= FAILURES_TO_SUSPEND && !DriftStatus.healthy(statusTag);
    }

    private static String runHash(String runId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(runId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether an execution name is a repair this automation started for the cluster. */
    public static boolean isRepairOf(String executionName, String clusterId) {
        return Pattern.matches(Pattern.quote(NAME_PREFIX + clusterId + "-") + "[0-9a-f]{8}", executionName);
    }
}
