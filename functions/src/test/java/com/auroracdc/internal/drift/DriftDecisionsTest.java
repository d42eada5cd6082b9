package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.repair.RepairDecision;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.settings.RepairMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftDecisionsTest {
    private static Finding finding(FindingKind kind) {
        return Finding.of("orders", kind, "e", "f", "r");
    }

    @Test
    void status_whenNoFinding_isReady() {
        assertThat(DriftStatus.of(List.of())).isEqualTo("ready");
    }

    @Test
    void status_whenSetupDrifted_isDriftedEvenWithSlotFindings() {
        assertThat(DriftStatus.of(List.of(finding(FindingKind.SLOT_INACTIVE), finding(FindingKind.PUBLICATION))))
                .isEqualTo("drifted");
    }

    @Test
    void status_whenOnlyRebootMissing_isPendingReboot() {
        assertThat(DriftStatus.of(List.of(finding(FindingKind.PENDING_REBOOT)))).isEqualTo("pending-reboot");
    }

    @Test
    void status_whenOnlySlots_isSlotWarning() {
        assertThat(DriftStatus.of(List.of(finding(FindingKind.SLOT_RETAINED_WAL)))).isEqualTo("slot-warning");
    }

    @Test
    void status_whenUnreachable_isUnchecked() {
        assertThat(DriftStatus.of(List.of(finding(FindingKind.UNREACHABLE)))).isEqualTo("unchecked");
    }

    @Test
    void repair_whenAutoAndSetupFixesIt_isWanted() {
        assertThat(RepairDecision.wanted(RepairMode.AUTO, RebootPolicy.IMMEDIATE,
                List.of(finding(FindingKind.SECURITY_GROUP_RULES), finding(FindingKind.SLOT_INACTIVE)))).isTrue();
    }

    @Test
    void repair_whenOff_isNeverWanted() {
        assertThat(RepairDecision.wanted(RepairMode.OFF, RebootPolicy.IMMEDIATE, List.of(finding(FindingKind.PUBLICATION))))
                .isFalse();
    }

    @Test
    void repair_whenOnlySlots_isNotWanted_slotsAreNeverDroppedAutomatically() {
        assertThat(RepairDecision.wanted(RepairMode.AUTO, RebootPolicy.IMMEDIATE,
                List.of(finding(FindingKind.SLOT_INACTIVE), finding(FindingKind.SLOT_INVALIDATED)))).isFalse();
    }

    @Test
    void repair_whenClusterCouldNotBeCheckedAtAll_isNotWanted() {
        assertThat(RepairDecision.wanted(RepairMode.AUTO, RebootPolicy.IMMEDIATE, List.of(finding(FindingKind.UNREACHABLE))))
                .isFalse();
        assertThat(RepairDecision.wanted(RepairMode.AUTO, RebootPolicy.IMMEDIATE,
                List.of(finding(FindingKind.INVALID_SETTINGS)))).isFalse();
        assertThat(RepairDecision.wanted(RepairMode.AUTO, RebootPolicy.IMMEDIATE,
                List.of(finding(FindingKind.PARAMETER_VALUE), finding(FindingKind.SETUP_BLOCKED)))).isFalse();
    }

    @Test
    void repair_whenDatabaseUnreachableAndGroupDetached_isWanted_theSetupRestoresAccess() {
        assertThat(RepairDecision.wanted(RepairMode.AUTO, RebootPolicy.IMMEDIATE,
                List.of(finding(FindingKind.SECURITY_GROUP), finding(FindingKind.UNREACHABLE)))).isTrue();
    }

    @Test
    void repair_whenOnlyRebootMissingAndPolicyNever_isNotWanted() {
        assertThat(RepairDecision.wanted(RepairMode.AUTO, RebootPolicy.NEVER, List.of(finding(FindingKind.PENDING_REBOOT))))
                .isFalse();
        assertThat(RepairDecision.wanted(RepairMode.AUTO, RebootPolicy.MAINTENANCE_WINDOW,
                List.of(finding(FindingKind.PENDING_REBOOT)))).isTrue();
    }

    @Test
    void executionName_whenLongestClusterIdentifier_fitsStepFunctionsLimitAndIsRecognised() {
        String id = "a".repeat(63);
        String name = RepairDecision.executionName(id, "run-1");
        assertThat(name).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9_-]+");
        assertThat(RepairDecision.executionName(id, "run-1")).isEqualTo(name);
        assertThat(RepairDecision.executionName(id, "run-2")).isNotEqualTo(name);
        assertThat(RepairDecision.isRepairOf(name, id)).isTrue();
        assertThat(RepairDecision.isRepairOf(RepairDecision.executionName("orders-eu", "r"), "orders")).isFalse();
    }
}
