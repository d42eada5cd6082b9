package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.database.ReplicationSlots;
import com.auroracdc.internal.drift.DriftThresholds;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifies replication slots into findings. Pure: the snapshot comes from {@link SlotHealthReader}.
 *
 * <p>Only {@code materialize_} slots are judged one by one (other slots belong to other tools); every slot
 * counts towards {@code max_replication_slots}. Slots are never dropped automatically: a finding carries the
 * exact command a person runs once they have checked no Materialize source still uses the slot.
 */
public final class SlotHealth {
    private SlotHealth() {
    }

    public static List<Finding> classify(String cluster, SlotSnapshot snapshot, DriftThresholds thresholds) {
        List<Finding> findings = new ArrayList<>();
        for (ReplicationSlot slot : snapshot.materializeSlots()) {
            findings.addAll(classify(cluster, slot, snapshot, thresholds));
        }
        int used = snapshot.slots().size();
        int free = snapshot.maxReplicationSlots() - used;
        if (free < thresholds.slotHeadroom()) {
            findings.add(Finding.of(cluster, FindingKind.SLOTS_NEAR_LIMIT,
                    "at least " + thresholds.slotHeadroom() + " free replication slots (a Materialize source needs"
                            + " one, and up to 3 while it snapshots)",
                    used + " of max_replication_slots " + snapshot.maxReplicationSlots() + " in use (" + Math.max(free, 0) + " free)",
                    "Raise the expected source count (tag materialize:sources) and run the setup, which sizes"
                            + " max_replication_slots up (takes effect after a reboot), or drop slots no source uses."));
        }
        return findings;
    }

    private static List<Finding> classify(String cluster, ReplicationSlot slot, SlotSnapshot snapshot, DriftThresholds thresholds) {
        List<Finding> findings = new ArrayList<>();
        String name = slot.name();
        if (slot.invalidated()) {
            findings.add(Finding.of(cluster, FindingKind.SLOT_INVALIDATED,
                    "slot " + name + " keeps the WAL its source needs",
                    "slot " + name + " is invalidated (wal_status lost): its source can no longer stream and must snapshot again",
                    "Recreate the Materialize source that used it, then drop the slot on the writer: " + dropCommand(name)));
            return findings;
        }
        if (slot.aboutToBeInvalidated()) {
            findings.add(Finding.of(cluster, FindingKind.SLOT_INVALIDATED,
                    "slot " + name + " within max_slot_wal_keep_size",
                    "slot " + name + " has wal_status unreserved: PostgreSQL will remove WAL it still needs at the next checkpoint",
                    slot.active()
                            ? "Let the Materialize source catch up or raise max_slot_wal_keep_size; do not drop an active slot."
                            : "If no Materialize source uses it (SELECT * FROM mz_internal.mz_postgres_sources), drop it: "
                                    + dropCommand(name)));
        }
        if (!slot.active()) {
            Duration inactive = slot.inactiveSince() == null ? null : Duration.between(slot.inactiveSince(), snapshot.observedAt());
            boolean report = snapshot.recordsInactiveSince()
                    ? inactive != null && inactive.compareTo(thresholds.slotInactive()) >= 0
                    : true;
            if (report) {
                findings.add(Finding.of(cluster, FindingKind.SLOT_INACTIVE,
                        thresholds.slotInactive().isZero() ? "slot " + name + " read by a Materialize source (active)"
                                : "slot " + name + " read by a Materialize source (inactive less than "
                                        + minutes(thresholds.slotInactive()) + ")",
                        "slot " + name + (inactive != null
                                ? " inactive for " + minutes(inactive) + " (since " + slot.inactiveSince() + ")"
                                : " inactive at check time (PostgreSQL before 17 does not record since when)")
                                + retained(slot),
                        "If no Materialize source uses it (SELECT * FROM mz_internal.mz_postgres_sources), drop it on the writer: "
                                + dropCommand(name)));
            }
        }
        if (slot.retainedWalBytes() != null && slot.retainedWalBytes() >= thresholds.retainedWalBytes()) {
            findings.add(Finding.of(cluster, FindingKind.SLOT_RETAINED_WAL,
                    "slot " + name + " retains less than " + bytes(thresholds.retainedWalBytes()) + " of WAL",
                    "slot " + name + " retains " + bytes(slot.retainedWalBytes()) + " of WAL" + (slot.active() ? " (active)" : " (inactive)"),
                    slot.active()
                            ? "The Materialize source is connected but behind: check it in Materialize"
                                    + " (SELECT * FROM mz_internal.mz_source_statuses). Do not drop an active slot."
                            : "If no Materialize source uses it (SELECT * FROM mz_internal.mz_postgres_sources), drop it on the writer: "
                                    + dropCommand(name)));
        }
        return findings;
    }

    /**
     * On a cluster whose trigger tag says disabled, every {@code materialize_} slot is a leftover: nothing will read
     * it again once its source is gone, and until it is dropped it keeps WAL until the storage fills.
     */
    public static List<Finding> leftovers(String cluster, SlotSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (ReplicationSlot slot : snapshot.materializeSlots()) {
            String name = slot.name();
            findings.add(Finding.of(cluster, FindingKind.LEFTOVER_SLOT,
                    "no materialize_ replication slot on a cluster whose automation is disabled",
                    "slot " + name + " is left (" + (slot.active() ? "active" : "inactive") + retained(slot) + ")",
                    slot.active()
                            ? "Materialize still reads it: drop the source that uses it in Materialize (SELECT * FROM"
                                    + " mz_internal.mz_postgres_sources), which drops the slot; if it stays, drop it on the"
                                    + " writer: " + dropCommand(name)
                            : "If no Materialize source uses it any more (SELECT * FROM mz_internal.mz_postgres_sources),"
                                    + " drop it on the writer: " + dropCommand(name)));
        }
        return findings;
    }

    /** The exact statement that drops the slot; slot names are [a-z0-9_] but quote anyway. */
    public static String dropCommand(String slotName) {
        return ReplicationSlots.dropCommand(slotName);
    }

    private static String retained(ReplicationSlot slot) {
        return slot.retainedWalBytes() == null ? "" : ", retaining " + bytes(slot.retainedWalBytes()) + " of WAL";
    }

    static String minutes(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            return duration.toSeconds() + " s";
        }
        return minutes >= 120 ? (minutes / 60) + " h" : minutes + " min";
    }

    static String bytes(long bytes) {
        return ReplicationSlots.bytes(bytes);
    }
}
