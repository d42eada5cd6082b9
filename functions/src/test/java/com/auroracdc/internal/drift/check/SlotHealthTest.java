package com.auroracdc.internal.drift.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.DriftThresholds;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.drift.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotHealthTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final DriftThresholds THRESHOLDS = new DriftThresholds(Duration.ofMinutes(60), 1L << 30, 2);
    private static final int PG17 = 170004;
    private static final int PG16 = 160004;

    private static ReplicationSlot slot(String name, boolean active, String walStatus, Long retained, Instant inactiveSince) {
        return new ReplicationSlot(name, "logical", "pgoutput", "orders", active, walStatus, retained, inactiveSince);
    }

    private static SlotSnapshot snapshot(int version, ReplicationSlot... slots) {
        return new SlotSnapshot(10, NOW, version, List.of(slots));
    }

    @Test
    void classify_whenActiveSlotIsHealthy_findsNothing() {
        assertThat(SlotHealth.classify("orders", snapshot(PG17, slot("materialize_a1", true, "reserved", 4096L, null)), THRESHOLDS))
                .isEmpty();
    }

    @Test
    void classify_whenInactiveLongerThanThreshold_reportsItWithTheDropCommand() {
        var findings = SlotHealth.classify("orders", snapshot(PG17,
                slot("materialize_a1", false, "reserved", 4096L, NOW.minus(Duration.ofHours(3)))), THRESHOLDS);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SLOT_INACTIVE);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.cluster()).isEqualTo("orders");
            assertThat(f.found()).contains("inactive for 3 h");
            assertThat(f.repair()).endsWith("SELECT pg_drop_replication_slot('materialize_a1');");
        });
    }

    @Test
    void classify_whenInactiveShorterThanThreshold_findsNothing() {
        assertThat(SlotHealth.classify("orders", snapshot(PG17,
                slot("materialize_a1", false, "reserved", 4096L, NOW.minus(Duration.ofMinutes(5)))), THRESHOLDS)).isEmpty();
    }

    @Test
    void classify_whenServerBefore17_reportsAnInactiveSlotWithoutDuration() {
        var findings = SlotHealth.classify("orders", snapshot(PG16, slot("materialize_a1", false, "reserved", 4096L, null)), THRESHOLDS);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SLOT_INACTIVE);
            assertThat(f.found()).contains("before 17");
        });
    }

    @Test
    void classify_whenActiveSlotRetainsTooMuchWal_warnsNotToDropIt() {
        var findings = SlotHealth.classify("orders", snapshot(PG17, slot("materialize_a1", true, "extended", 3L << 30, null)), THRESHOLDS);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SLOT_RETAINED_WAL);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.found()).contains("3.0 GiB").contains("(active)");
            assertThat(f.repair()).contains("Do not drop an active slot").doesNotContain("pg_drop_replication_slot");
        });
    }

    @Test
    void classify_whenInactiveSlotRetainsTooMuchWal_reportsBothWithTheDropCommand() {
        var findings = SlotHealth.classify("orders", snapshot(PG17,
                slot("materialize_a1", false, "extended", 2L << 30, NOW.minus(Duration.ofDays(2)))), THRESHOLDS);
        assertThat(findings).extracting(Finding::kind).containsExactly(FindingKind.SLOT_INACTIVE, FindingKind.SLOT_RETAINED_WAL);
        assertThat(findings).allSatisfy(f -> assertThat(f.repair()).contains("pg_drop_replication_slot('materialize_a1')"));
    }

    @Test
    void classify_whenSlotLost_reportsOnlyTheInvalidation() {
        var findings = SlotHealth.classify("orders", snapshot(PG17,
                slot("materialize_a1", false, "lost", null, NOW.minus(Duration.ofDays(2)))), THRESHOLDS);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SLOT_INVALIDATED);
            assertThat(f.found()).contains("wal_status lost");
            assertThat(f.repair()).contains("Recreate the Materialize source").contains("pg_drop_replication_slot('materialize_a1')");
        });
    }

    @Test
    void classify_whenSlotUnreserved_warnsItIsAboutToBeInvalidated() {
        var findings = SlotHealth.classify("orders", snapshot(PG17, slot("materialize_a1", true, "unreserved", 4096L, null)), THRESHOLDS);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SLOT_INVALIDATED);
            assertThat(f.found()).contains("unreserved");
        });
    }

    @Test
    void classify_whenOtherToolsSlotIsInactive_ignoresItButCountsItTowardsTheLimit() {
        var snapshot = new SlotSnapshot(3, NOW, PG17, List.of(
                slot("debezium", false, "extended", 5L << 30, NOW.minus(Duration.ofDays(9))),
                slot("materialize_a1", true, "reserved", 1L, null)));
        var findings = SlotHealth.classify("orders", snapshot, THRESHOLDS);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SLOTS_NEAR_LIMIT);
            assertThat(f.found()).isEqualTo("2 of max_replication_slots 3 in use (1 free)");
        });
    }

    @Test
    void classify_whenEnoughFreeSlots_doesNotReportTheLimit() {
        var snapshot = new SlotSnapshot(4, NOW, PG17, List.of(slot("materialize_a1", true, "reserved", 1L, null),
                slot("materialize_b2", true, "reserved", 1L, null)));
        assertThat(SlotHealth.classify("orders", snapshot, THRESHOLDS)).isEmpty();
    }

    @Test
    void dropCommand_whenNameHasAQuote_escapesIt() {
        assertThat(SlotHealth.dropCommand("materialize_o'x")).isEqualTo("SELECT pg_drop_replication_slot('materialize_o''x');");
    }

    @Test
    void thresholds_whenEnvironmentSetsThem_areReadInUnits() {
        var thresholds = DriftThresholds.fromEnvironment(java.util.Map.of("DRIFT_SLOT_INACTIVE_MINUTES", "30",
                "DRIFT_RETAINED_WAL_MB", "2048", "DRIFT_SLOT_HEADROOM", "3"));
        assertThat(thresholds).isEqualTo(new DriftThresholds(Duration.ofMinutes(30), 2L << 30, 3));
        assertThat(DriftThresholds.defaults()).isEqualTo(new DriftThresholds(Duration.ofMinutes(60), 5L << 30, 2));
    }

    @Test
    void thresholds_whenMalformed_nameTheVariable() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriftThresholds.fromEnvironment(
                        java.util.Map.of("DRIFT_RETAINED_WAL_MB", "lots")))
                .isInstanceOf(com.auroracdc.errors.InvalidSettingException.class)
                .hasMessageContaining("DRIFT_RETAINED_WAL_MB").hasMessageContaining("whole number");
    }

    @Test
    void leftovers_whenTheAutomationIsDisabled_reportEveryMaterializeSlotAsCriticalWithItsWalAndFix() {
        var snapshot = snapshot(PG16, slot("materialize_0ld", false, "reserved", 3L << 30, null),
                slot("materialize_l1ve", true, "reserved", 5L << 20, null), slot("debezium", false, "reserved", 1L << 30, null));

        var findings = SlotHealth.leftovers("orders", snapshot);

        assertThat(findings).extracting(Finding::kind).containsExactly(FindingKind.LEFTOVER_SLOT, FindingKind.LEFTOVER_SLOT);
        assertThat(findings).extracting(Finding::severity).containsOnly(Severity.CRITICAL);
        assertThat(findings.get(0).found()).isEqualTo("slot materialize_0ld is left (inactive, retaining 3.0 GiB of WAL)");
        assertThat(findings.get(0).repair()).endsWith("SELECT pg_drop_replication_slot('materialize_0ld');");
        assertThat(findings.get(1).found()).contains("(active, retaining 5.0 MiB of WAL)");
        assertThat(findings.get(1).repair()).startsWith("Materialize still reads it: drop the source");
        assertThat(SlotHealth.leftovers("orders", snapshot(PG16, slot("debezium", false, "reserved", 1L, null)))).isEmpty();
    }
}
