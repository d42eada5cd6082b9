package com.auroracdc.internal.reboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.WriterWithoutLogicalReplicationException;
import com.auroracdc.internal.settings.ReaderReboot;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebootPlannerTest {
    private static final Instant TUESDAY = Instant.parse("2026-11-24T10:00:00Z");
    private static final MaintenanceWindow SUNDAY = MaintenanceWindow.parse("sun:05:00-sun:05:30");
    private static final String PENDING = "pending-reboot";
    private static final String IN_SYNC = "in-sync";

    /** A writer "w" and readers "r1", "r2" with the given parameter-group statuses, all available. */
    private static List<MemberState> members(String writer, String... readers) {
        List<MemberState> members = new ArrayList<>();
        members.add(new MemberState("w", true, "available", writer));
        for (int i = 0; i < readers.length; i++) {
            members.add(new MemberState("r" + (i + 1), false, "available", readers[i]));
        }
        return members;
    }

    private record Case(List<MemberState> members, boolean readAvailability, RebootPolicy policy, ReaderReboot readers,
                        Instant now, boolean dryRun, boolean changed, boolean recheck, RebootProgress progress) {
        static Case of(List<MemberState> members) {
            return new Case(members, true, RebootPolicy.IMMEDIATE, ReaderReboot.ROLLING, TUESDAY, false, true, false,
                    RebootProgress.none());
        }

        Case oldVersion() {
            return new Case(members, false, policy, readers, now, dryRun, changed, recheck, progress);
        }

        Case policy(RebootPolicy p) {
            return new Case(members, readAvailability, p, readers, now, dryRun, changed, recheck, progress);
        }

        Case skip() {
            return new Case(members, readAvailability, policy, ReaderReboot.SKIP, now, dryRun, changed, recheck, progress);
        }

        Case asDryRun() {
            return new Case(members, readAvailability, policy, readers, now, true, changed, recheck, progress);
        }

        Case unchanged() {
            return new Case(members, readAvailability, policy, readers, now, dryRun, false, recheck, progress);
        }

        Case withRecheck() {
            return new Case(members, readAvailability, policy, readers, now, dryRun, changed, true, progress);
        }

        Case after(RebootPlanner.Decision decision, List<MemberState> now) {
            return new Case(now, readAvailability, policy, readers, this.now, dryRun, changed, false, decision.progress());
        }

        RebootPlanner.Decision decide() {
            return RebootPlanner.decide(new RebootPlanner.Situation("orders", members, readAvailability, policy, readers,
                    SUNDAY, now, dryRun, changed, recheck, progress));
        }
    }

    @Test
    void decide_whenAllInSyncAndNothingChanged_needsNothing() {
        for (RebootPolicy policy : RebootPolicy.values()) {
            var decision = Case.of(members(IN_SYNC, IN_SYNC)).unchanged().policy(policy).decide();
            assertThat(decision.action()).isEqualTo(RebootAction.NONE);
            assertThat(decision.plan()).isEmpty();
        }
    }

    @Test
    void decide_whenReadAvailability_rebootsTheWriterFirstAndPlansEachReaderAfterIt() {
        var decision = Case.of(members(PENDING, PENDING, PENDING)).decide();
        assertThat(decision.action()).isEqualTo(RebootAction.AWAIT);
        assertThat(decision.step().instanceId()).isEqualTo("w");
        assertThat(decision.targets()).as("waits for the writer alone").containsExactly("w");
        assertThat(decision.plan()).extracting(RebootChange::instanceId).containsExactly("w", "r1", "r2");
        assertThat(decision.plan()).extracting(Change::effect)
                .containsExactly(Effect.WRITER_REBOOT, Effect.READER_REBOOT, Effect.READER_REBOOT);
        assertThat(decision.plan().get(0).description()).contains("write outage while the writer restarts");
        assertThat(decision.plan().get(1).description()).contains("one reader at a time");
    }

    @Test
    void decide_whenWithoutReadAvailability_rebootsTheWriterAndWaitsForEveryMember() {
        Case old = Case.of(members(PENDING, PENDING, PENDING)).oldVersion();
        var decision = old.decide();
        assertThat(decision.plan()).extracting(RebootChange::instanceId).containsExactly("w");
        assertThat(decision.plan().getFirst().description()).contains("its readers restart with it");
        assertThat(decision.targets()).containsExactlyInAnyOrder("w", "r1", "r2");
        var after = old.after(decision, members(IN_SYNC, IN_SYNC, IN_SYNC)).decide();
        assertThat(after.action()).as("the readers restarted with the writer").isEqualTo(RebootAction.NONE);
        assertThat(after.plan()).isEmpty();
    }

    @Test
    void decide_whenWriterBackAndReadersPending_rollsOneReaderAtATimeAndNeverTheWriterAgain() {
        Case start = Case.of(members(PENDING, PENDING, PENDING));
        var writer = start.decide();
        var first = start.after(writer, members(IN_SYNC, PENDING, PENDING)).decide();
        assertThat(first.step()).isInstanceOf(RebootChange.RebootReader.class);
        assertThat(first.step().instanceId()).isEqualTo("r1");
        assertThat(first.targets()).containsExactly("r1");
        var second = start.after(first, members(IN_SYNC, IN_SYNC, PENDING)).decide();
        assertThat(second.step().instanceId()).isEqualTo("r2");
        var done = start.after(second, members(IN_SYNC, IN_SYNC, IN_SYNC)).decide();
        assertThat(done.action()).isEqualTo(RebootAction.NONE);
        assertThat(done.progress().applied()).hasSize(3);
        assertThat(done.progress().appliedEffects())
                .containsExactly(Effect.WRITER_REBOOT, Effect.READER_REBOOT, Effect.READER_REBOOT);
    }

    @Test
    void decide_whenOnlyReadersPending_rebootsReadersNotTheWriter() {
        var decision = Case.of(members(IN_SYNC, PENDING)).unchanged().decide();
        assertThat(decision.plan()).extracting(RebootChange::instanceId).containsExactly("r1");
    }

    @Test
    void decide_whenSkip_leavesReadersPendingWithTheCommands() {
        Case start = Case.of(members(PENDING, PENDING, PENDING)).skip();
        var writer = start.decide();
        assertThat(writer.plan()).extracting(RebootChange::instanceId).containsExactly("w");
        var after = start.after(writer, members(IN_SYNC, PENDING, PENDING)).decide();
        assertThat(after.action()).isEqualTo(RebootAction.NONE);
        assertThat(after.plan()).isEmpty();
        assertThat(after.warnings()).singleElement().asString()
                .contains("aws rds reboot-db-instance --db-instance-identifier r1")
                .contains("aws rds reboot-db-instance --db-instance-identifier r2");
    }

    @Test
    void decide_whenStatusLagsTheChange_readsAgainThenRebootsFromKnowledge() {
        Case lagging = Case.of(members(IN_SYNC, IN_SYNC));
        var decision = lagging.decide();
        for (int i = 0; i < RebootSchedule.MAX_SETTLES; i++) {
            assertThat(decision.action()).as("read %d", i).isEqualTo(RebootAction.SETTLE);
            assertThat(decision.step()).isNull();
            decision = lagging.after(decision, i % 2 == 0 ? members(IN_SYNC, IN_SYNC) : members("applying", "applying")).decide();
        }
        assertThat(decision.action()).as("the parameter-group stage's knowledge wins").isEqualTo(RebootAction.AWAIT);
        assertThat(decision.step().instanceId()).isEqualTo("w");
    }

    @Test
    void decide_whenStatusCatchesUp_rebootsWithoutWaitingLonger() {
        Case lagging = Case.of(members(IN_SYNC, IN_SYNC));
        var settle = lagging.decide();
        var decision = lagging.after(settle, members(PENDING, PENDING)).decide();
        assertThat(decision.step().instanceId()).isEqualTo("w");
    }

    @Test
    void decide_whenWriterStillWithoutLogicalReplication_rebootsOnceMoreThenNames() {
        Case off = Case.of(members(IN_SYNC, IN_SYNC)).unchanged().withRecheck();
        var extra = off.decide();
        assertThat(extra.action()).isEqualTo(RebootAction.AWAIT);
        assertThat(extra.step().instanceId()).isEqualTo("w");
        Case again = off.after(extra, members(IN_SYNC, IN_SYNC)).withRecheck();
        assertThatThrownBy(again::decide).isInstanceOf(WriterWithoutLogicalReplicationException.class)
                .hasMessageContaining("rds.logical_replication = 1").hasMessageContaining("instance-level");
    }

    @Test
    void decide_whenNever_endsPendingRebootWithTheCommands() {
        var decision = Case.of(members(PENDING, PENDING)).policy(RebootPolicy.NEVER).decide();
        assertThat(decision.action()).isEqualTo(RebootAction.PENDING_REBOOT);
        assertThat(decision.step()).isNull();
        assertThat(decision.instructions()).contains("aws rds reboot-db-instance --db-instance-identifier w");
    }

    @Test
    void decide_whenNeverAndOnlyReadersPending_goesOnWithAWarning() {
        var decision = Case.of(members(IN_SYNC, PENDING)).unchanged().policy(RebootPolicy.NEVER).decide();
        assertThat(decision.action()).isEqualTo(RebootAction.NONE);
        assertThat(decision.warnings()).singleElement().asString().contains("--db-instance-identifier r1");
    }

    @Test
    void decide_whenMaintenanceWindowLater_waitsForItsStartAndStillListsTheReboots() {
        var decision = Case.of(members(PENDING, PENDING)).policy(RebootPolicy.MAINTENANCE_WINDOW).decide();
        assertThat(decision.action()).isEqualTo(RebootAction.WAIT_FOR_WINDOW);
        assertThat(decision.waitUntil()).isEqualTo(Instant.parse("2026-11-29T05:00:00Z"));
        assertThat(decision.step()).isNull();
        assertThat(decision.plan()).hasSize(2);
    }

    @Test
    void decide_whenTheWindowClosesAfterTheWritersReboot_theReadersWaitForTheNextWindow() {
        Case window = Case.of(members(PENDING, PENDING)).policy(RebootPolicy.MAINTENANCE_WINDOW);
        Case inside = new Case(window.members(), true, RebootPolicy.MAINTENANCE_WINDOW, ReaderReboot.ROLLING,
                Instant.parse("2026-11-29T05:00:00Z"), false, true, false, RebootProgress.none());
        var writer = inside.decide();
        assertThat(writer.step().instanceId()).isEqualTo("w");
        var reader = window.after(writer, members(IN_SYNC, PENDING)).decide(); // TUESDAY: outside the window
        assertThat(reader.step()).as("the window's end binds the readers too").isNull();
        assertThat(reader.action()).isEqualTo(RebootAction.WAIT_FOR_WINDOW);
        assertThat(reader.plan()).extracting(RebootChange::instanceId).containsExactly("r1");
    }

    @Test
    void decide_whenDryRun_listsEveryRebootAndMakesNone() {
        var decision = Case.of(members(IN_SYNC, IN_SYNC, IN_SYNC)).asDryRun().decide();
        assertThat(decision.step()).isNull();
        assertThat(decision.plan()).as("the change will reach every member").extracting(RebootChange::instanceId)
                .containsExactly("w", "r1", "r2");
        var old = Case.of(members(IN_SYNC, IN_SYNC, IN_SYNC)).asDryRun().oldVersion().decide();
        assertThat(old.plan()).extracting(RebootChange::instanceId).containsExactly("w");
        var pending = Case.of(members(PENDING, PENDING, PENDING)).asDryRun().decide();
        assertThat(pending.plan()).extracting(RebootChange::instanceId).containsExactly("w", "r1", "r2");
    }

    @Test
    void decide_whenARebootIsUnderWay_awaitsItWithoutRebooting() {
        var members = List.of(new MemberState("w", true, "rebooting", PENDING), new MemberState("r1", false, "available", PENDING));
        var decision = Case.of(members).decide();
        assertThat(decision.action()).isEqualTo(RebootAction.AWAIT);
        assertThat(decision.step()).isNull();
        assertThat(decision.targets()).containsExactly("w");
    }

    @Test
    void decide_whenNoWriter_refusesNamingTheCluster() {
        var readersOnly = List.of(new MemberState("r1", false, "available", PENDING));

        assertThatThrownBy(() -> Case.of(readersOnly).decide()).isInstanceOf(IllegalStateException.class)
                .hasMessage("Cluster orders has no writer instance to reboot.");
    }

    @Test
    void decide_whenWriterStillWithoutLogicalReplication_saysWhichRebootsItAlreadyHad() {
        Case off = Case.of(members(IN_SYNC)).unchanged().withRecheck();
        Case afterExtraOnly = new Case(off.members(), true, RebootPolicy.IMMEDIATE, ReaderReboot.ROLLING, TUESDAY, false,
                false, true, new RebootProgress(false, List.of(), 0, 1, List.of(), List.of()));
        Case afterSetup = new Case(off.members(), true, RebootPolicy.IMMEDIATE, ReaderReboot.ROLLING, TUESDAY, false,
                false, true, new RebootProgress(true, List.of(), 0, 1, List.of(), List.of()));

        assertThatThrownBy(afterExtraOnly::decide).isInstanceOf(WriterWithoutLogicalReplicationException.class)
                .hasMessageContaining("Writer w of cluster orders still runs without logical replication after a reboot.");
        assertThatThrownBy(afterSetup::decide).isInstanceOf(WriterWithoutLogicalReplicationException.class)
                .hasMessageContaining("still runs without logical replication after the setup's reboots.");
    }

    @Test
    void decide_whenWriterReboots_itsChangeCountsTheReadersOnly() {
        var two = Case.of(members(PENDING, PENDING, PENDING)).decide();
        assertThat(two.plan().getFirst()).isEqualTo(new RebootChange.RebootWriter("w", "orders", false, 2));
        assertThat(two.plan().getFirst().description()).contains("; the readers keep serving");

        var alone = Case.of(members(PENDING)).decide();
        assertThat(alone.plan()).containsExactly(new RebootChange.RebootWriter("w", "orders", false, 0));
        assertThat(alone.plan().getFirst().description()).endsWith("(write outage while the writer restarts)");
    }

    @Test
    void decide_whenReadersRestartWithTheWriter_recordsEachReaderAsRebootedButNotTheWriter() {
        var decision = Case.of(members(PENDING, PENDING, PENDING)).oldVersion().decide();

        assertThat(decision.progress().writerRebooted()).isTrue();
        assertThat(decision.progress().rebootedReaders()).containsExactly("r1", "r2");
        assertThat(decision.progress().applied()).singleElement().asString().startsWith("Reboot writer w of cluster orders");
        assertThat(decision.progress().appliedEffects()).containsExactly(Effect.WRITER_REBOOT);
    }

    @Test
    void decide_whenReadersAreLeftPending_theWarningNamesThemAndWhy() {
        var skip = Case.of(members(IN_SYNC, PENDING, PENDING)).unchanged().skip().decide();
        assertThat(skip.warnings()).singleElement().asString()
                .startsWith("Readers r1, r2 keep the old parameter values until each is rebooted (readerReboot=skip);")
                .endsWith("aws rds reboot-db-instance --db-instance-identifier r1; aws rds reboot-db-instance"
                        + " --db-instance-identifier r2.");

        var never = Case.of(members(IN_SYNC, PENDING)).unchanged().policy(RebootPolicy.NEVER).decide();
        assertThat(never.warnings()).singleElement().asString()
                .startsWith("Readers r1 keep the old parameter values until each is rebooted (reboot policy never);");
    }

    @Test
    void decide_whenNeverWithReadAvailability_theInstructionsAddTheReadersStillPending() {
        var decision = Case.of(members(PENDING, PENDING, PENDING)).policy(RebootPolicy.NEVER).decide();

        assertThat(decision.instructions()).isEqualTo("Static parameters are pending a reboot and the reboot policy is"
                + " 'never'. When convenient, run `aws rds reboot-db-instance --db-instance-identifier w` (a write outage"
                + " while the writer restarts), wait until it is available, then run the setup again to create the"
                + " publication. Then, one at a time, each reader still pending (r1, r2): aws rds reboot-db-instance"
                + " --db-instance-identifier <reader>.");
    }

    @Test
    void decide_whenNeverAndNoReaderPending_theInstructionsNameTheWriterAlone() {
        var decision = Case.of(members(PENDING, IN_SYNC)).unchanged().policy(RebootPolicy.NEVER).decide();

        assertThat(decision.action()).isEqualTo(RebootAction.PENDING_REBOOT);
        assertThat(decision.instructions()).contains("--db-instance-identifier w` (a write outage while the writer restarts)")
                .doesNotContain("Then,").doesNotContain("r1");
    }

    @Test
    void decide_whenNeverWithoutReadAvailability_theInstructionsSayTheReadersRestartWithTheWriter() {
        var decision = Case.of(members(PENDING, PENDING)).oldVersion().policy(RebootPolicy.NEVER).decide();

        assertThat(decision.action()).isEqualTo(RebootAction.PENDING_REBOOT);
        assertThat(decision.instructions())
                .contains("(a write outage while the writer restarts; its readers restart with it), wait until")
                .doesNotContain("Then,");
        assertThat(decision.warnings()).as("nothing is left to the operator but the writer").isEmpty();
    }
}
