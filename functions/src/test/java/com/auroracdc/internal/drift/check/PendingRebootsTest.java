package com.auroracdc.internal.drift.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.DriftStatus;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.drift.Severity;
import com.auroracdc.internal.drift.repair.RepairDecision;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.settings.RepairMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingRebootsTest {
    private static final Map<String, String> WRITER_PENDING = Map.of("w", "pending-reboot", "r", "pending-reboot");
    private static final RunningReplication OURS_RUNNING = new RunningReplication("logical",
            Map.of("max_replication_slots", 10L, "max_wal_senders", 10L, "max_logical_replication_workers", 10L));

    private static List<Finding> writerPending() {
        return List.of(PendingReboots.fromStatuses("orders", "mz-orders", WRITER_PENDING, "w"));
    }

    @Test
    void confirm_whenTheWriterRunsWithoutLogicalReplication_makesItOursAndRepairable() {
        var blocked = Finding.of("orders", FindingKind.SETUP_BLOCKED, "publication the setup can converge",
                "publication: LogicalReplicationOffException: Logical replication is not on", "…");
        List<Finding> findings = new java.util.ArrayList<>(writerPending());
        findings.add(blocked);
        List<Finding> confirmed = PendingReboots.confirm(findings, new RunningReplication("replica", OURS_RUNNING.settings()), 1, "w");
        assertThat(confirmed).as("the publication check's blocker is this very reboot").singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.PENDING_REBOOT);
            assertThat(f.found()).contains("wal_level = replica");
        });
        assertThat(RepairDecision.wanted(RepairMode.AUTO, RebootPolicy.IMMEDIATE, confirmed)).isTrue();
        assertThat(RepairDecision.wanted(RepairMode.AUTO, RebootPolicy.NEVER, confirmed)).as("policy never").isFalse();
    }

    @Test
    void confirm_whenReplicationSettingsRunBelowWhatTheSetupSizes_makesItOurs() {
        var low = new RunningReplication("logical", Map.of("max_replication_slots", 10L, "max_wal_senders", 10L,
                "max_logical_replication_workers", 4L));
        assertThat(PendingReboots.confirm(writerPending(), low, 1, "w")).singleElement()
                .satisfies(f -> assertThat(f.found()).contains("max_logical_replication_workers = 4 (below 7)"));
    }

    @Test
    void confirm_whenOurParametersAlreadyRun_reportsAnUnrelatedRebootRepairNeverMakes() {
        List<Finding> confirmed = PendingReboots.confirm(writerPending(), OURS_RUNNING, 1, "w");
        assertThat(confirmed).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.UNRELATED_PENDING_REBOOT);
            assertThat(f.repair()).contains("aws rds reboot-db-instance --db-instance-identifier w");
        });
        assertThat(RepairDecision.wanted(RepairMode.AUTO, RebootPolicy.IMMEDIATE, confirmed)).isFalse();
        assertThat(DriftStatus.of(confirmed)).isEqualTo(DriftStatus.PENDING_REBOOT);
    }

    @Test
    void fromStatuses_whenTheDatabaseIsNotRead_leavesTheWritersRebootUnrepaired() {
        assertThat(writerPending()).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo(FindingKind.WRITER_PENDING_REBOOT));
        assertThat(RepairDecision.wanted(RepairMode.AUTO, RebootPolicy.IMMEDIATE, writerPending())).isFalse();
        assertThat(PendingReboots.needsConfirmation(writerPending())).isTrue();
    }

    @Test
    void fromStatuses_whenOnlyReadersWait_isAWarningRepairLeaves() {
        List<Finding> readers = List.of(PendingReboots.fromStatuses("orders", "mz-orders",
                Map.of("w", "in-sync", "r2", "pending-reboot", "r1", "pending-reboot"), "w"));
        assertThat(readers).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.READERS_PENDING_REBOOT);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.repair()).contains("--db-instance-identifier r1; aws rds reboot-db-instance --db-instance-identifier r2");
        });
        assertThat(RepairDecision.wanted(RepairMode.AUTO, RebootPolicy.IMMEDIATE, readers)).isFalse();
        assertThat(PendingReboots.needsConfirmation(readers)).isFalse();
    }
}
