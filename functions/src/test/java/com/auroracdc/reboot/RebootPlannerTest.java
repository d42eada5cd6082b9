package com.auroracdc.reboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.settings.RebootPolicy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebootPlannerTest {
    private static final Instant TUESDAY = Instant.parse("2026-11-24T10:00:00Z");
    private static final MaintenanceWindow SUNDAY = MaintenanceWindow.parse("sun:05:00-sun:05:30");

    private static List<MemberState> members(String writerStatus, String writerGroup, String readerStatus, String readerGroup) {
        return List.of(new MemberState("w", true, writerStatus, writerGroup), new MemberState("r", false, readerStatus, readerGroup));
    }

    private static RebootPlanner.Decision decide(List<MemberState> members, RebootPolicy policy, Instant now) {
        return RebootPlanner.decide("orders", members, policy, SUNDAY, now);
    }

    @Test
    void decide_whenAllInSync_needsNothing() {
        for (RebootPolicy policy : RebootPolicy.values()) {
            var decision = decide(members("available", "in-sync", "available", "in-sync"), policy, TUESDAY);
            assertThat(decision.action()).isEqualTo(RebootAction.NONE);
            assertThat(decision.plan()).isEmpty();
        }
    }

    @Test
    void decide_whenPendingAndImmediate_rebootsWriterOnly() {
        var decision = decide(members("available", "pending-reboot", "available", "pending-reboot"), RebootPolicy.IMMEDIATE, TUESDAY);
        assertThat(decision.action()).isEqualTo(RebootAction.AWAIT);
        assertThat(decision.plan()).extracting(RebootPlanner.RebootWriter::instanceId).containsExactly("w");
    }

    @Test
    void decide_whenOnlyReaderPending_stillRebootsWriter() {
        var decision = decide(members("available", "in-sync", "available", "pending-reboot"), RebootPolicy.IMMEDIATE, TUESDAY);
        assertThat(decision.plan()).extracting(RebootPlanner.RebootWriter::instanceId).containsExactly("w");
    }

    @Test
    void decide_whenAlreadyRebooting_awaitsWithoutRebootingAgain() {
        var decision = decide(members("rebooting", "pending-reboot", "rebooting", "pending-reboot"), RebootPolicy.IMMEDIATE, TUESDAY);
        assertThat(decision.action()).isEqualTo(RebootAction.AWAIT);
        assertThat(decision.plan()).isEmpty();
    }

    @Test
    void decide_whenMaintenanceWindowLater_waitsForItsStart() {
        var decision = decide(members("available", "pending-reboot", "available", "in-sync"), RebootPolicy.MAINTENANCE_WINDOW, TUESDAY);
        assertThat(decision.action()).isEqualTo(RebootAction.WAIT_FOR_WINDOW);
        assertThat(decision.waitUntil()).isEqualTo(Instant.parse("2026-11-29T05:00:00Z"));
        assertThat(decision.plan()).isEmpty();
    }

    @Test
    void decide_whenInsideMaintenanceWindow_reboots() {
        var decision = decide(members("available", "pending-reboot", "available", "in-sync"), RebootPolicy.MAINTENANCE_WINDOW,
                Instant.parse("2026-11-29T05:00:00Z"));
        assertThat(decision.action()).isEqualTo(RebootAction.AWAIT);
        assertThat(decision.plan()).hasSize(1);
    }

    @Test
    void decide_whenNever_endsPendingRebootWithTheCommandToRun() {
        var decision = decide(members("available", "pending-reboot", "available", "pending-reboot"), RebootPolicy.NEVER, TUESDAY);
        assertThat(decision.action()).isEqualTo(RebootAction.PENDING_REBOOT);
        assertThat(decision.plan()).isEmpty();
        assertThat(decision.instructions()).contains("aws rds reboot-db-instance --db-instance-identifier w");
    }
}
