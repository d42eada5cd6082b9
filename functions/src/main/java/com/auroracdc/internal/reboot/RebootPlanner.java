package com.auroracdc.internal.reboot;

import com.auroracdc.errors.WriterWithoutLogicalReplicationException;
import com.auroracdc.internal.reboot.RebootChange.RebootReader;
import com.auroracdc.internal.reboot.RebootChange.RebootWriter;
import com.auroracdc.internal.settings.ReaderReboot;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.stage.Effect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Pure: what to reboot next, and whether now. The writer first, from what the parameter-group stage knows
 * (it changed the group, so the writer needs a reboot whatever its status says right after the change); then,
 * where the engine version keeps readers up during the writer's reboot, the readers still pending, one at a
 * time ({@code readerReboot=rolling}) or none ({@code skip}: a warning with the commands). A reader never
 * causes a writer reboot.
 */
public final class RebootPlanner {
    private RebootPlanner() {
    }

    /**
     * @param parametersChanged the parameter-group stage changed (in a dry run: would change) the cluster's group
     * @param writerWithoutLogicalReplication the database stage found the writer without logical replication
     * @param window            the maintenance window; only read under policy maintenance-window
     */
    public record Situation(String clusterIdentifier, List<MemberState> members, boolean readAvailability,
                            RebootPolicy policy, ReaderReboot readerReboot, MaintenanceWindow window, Instant now,
                            boolean dryRun, boolean parametersChanged, boolean writerWithoutLogicalReplication,
                            RebootProgress progress) {
        public Situation {
            members = List.copyOf(members);
        }
    }

    /**
     * @param plan         every reboot still to do, in order; the first is {@code step} when it is due now
     * @param step         the reboot to make now, or null
     * @param targets      the members the state machine waits for (AWAIT)
     * @param progress     the progress once {@code step} is made
     */
    public record Decision(RebootAction action, List<RebootChange> plan, RebootChange step, List<String> targets,
                           Instant waitUntil, String instructions, List<String> warnings, RebootProgress progress) {
        public Decision {
            plan = List.copyOf(plan);
            targets = List.copyOf(targets);
            warnings = List.copyOf(warnings);
        }
    }

    public static Decision decide(Situation s) {
        RebootProgress progress = s.progress();
        MemberState writer = s.members().stream().filter(MemberState::writer).findFirst().orElseThrow(() ->
                new IllegalStateException("Cluster " + s.clusterIdentifier() + " has no writer instance to reboot."));
        boolean extra = s.writerWithoutLogicalReplication();
        if (extra && progress.extraReboots() >= 1) {
            throw new WriterWithoutLogicalReplicationException("Writer " + writer.instanceId() + " of cluster "
                    + s.clusterIdentifier() + " still runs without logical replication after " + (progress.writerRebooted()
                    ? "the setup's reboots" : "a reboot") + ". Check that the cluster uses the parameter group with"
                    + " rds.logical_replication = 1 (every member in-sync), that no instance-level DB parameter group or"
                    + " pending engine upgrade overrides it, and look at the writer's RDS events; then run the setup again.");
        }
        boolean writerNeeds = extra || (!progress.writerRebooted() && (s.parametersChanged() || !writer.inSync()));
        boolean readersRestartWithWriter = !s.readAvailability();
        // A changed group reaches every member: each reader needs its reboot too, whatever its status reads yet.
        List<MemberState> readersPending = s.members().stream()
                .filter(m -> !m.writer() && (!m.inSync() || s.parametersChanged()))
                .filter(m -> !progress.rebootedReaders().contains(m.instanceId()))
                .sorted(Comparator.comparing(MemberState::instanceId)).toList();

        List<RebootChange> plan = new ArrayList<>();
        if (writerNeeds) {
            plan.add(new RebootWriter(writer.instanceId(), s.clusterIdentifier(), readersRestartWithWriter,
                    (int) s.members().stream().filter(m -> !m.writer()).count()));
        }
        boolean rollReaders = s.readerReboot() != ReaderReboot.SKIP && s.policy() != RebootPolicy.NEVER;
        boolean readersLeftToUs = !(writerNeeds && readersRestartWithWriter);
        if (rollReaders && readersLeftToUs) {
            readersPending.forEach(r -> plan.add(new RebootReader(r.instanceId(), s.clusterIdentifier())));
        }
        List<String> warnings = new ArrayList<>();
        if (!rollReaders && readersLeftToUs && !readersPending.isEmpty()) {
            warnings.add(readersLeftPending(s, readersPending));
        }
        if (s.dryRun() || plan.isEmpty()) {
            return new Decision(RebootAction.NONE, plan, null, List.of(), null, null, warnings, progress);
        }

        List<String> busy = s.members().stream().filter(m -> !m.available()).map(MemberState::instanceId).toList();
        if (!busy.isEmpty()) {
            // A reboot is already under way (an earlier run's, or RDS's own): wait for it before anything else.
            return new Decision(RebootAction.AWAIT, plan, null, busy, null, null, warnings, progress);
        }
        RebootChange step = plan.getFirst();
        boolean writerStep = step instanceof RebootWriter;
        if (writerStep && !extra && !writer.pendingReboot() && progress.settles() < RebootSchedule.MAX_SETTLES) {
            // Right after ModifyDBClusterParameterGroup the status can still read in-sync, or applying: rebooting
            // now could restart the writer before the new values reach it. Read again shortly (bounded).
            RebootProgress settling = new RebootProgress(progress.writerRebooted(), progress.rebootedReaders(),
                    progress.settles() + 1, progress.extraReboots(), progress.applied(), progress.appliedEffects());
            return new Decision(RebootAction.SETTLE, plan, null, List.of(), null, null, warnings, settling);
        }
        if (s.policy() == RebootPolicy.NEVER) {
            return new Decision(RebootAction.PENDING_REBOOT, plan, null, List.of(), null, neverInstructions(s, writer,
                    readersPending), warnings, progress);
        }
        // The window binds every reboot, the readers rolled after the writer's included: one that closes meanwhile
        // leaves the rest for the next one.
        if (s.policy() == RebootPolicy.MAINTENANCE_WINDOW && !s.window().contains(s.now())) {
            Instant start = s.window().currentOrNextStart(s.now());
            warnings.add("Reboot deferred to the maintenance window starting " + start + ".");
            return new Decision(RebootAction.WAIT_FOR_WINDOW, plan, null, List.of(), start, null, warnings, progress);
        }
        List<String> targets = writerStep && readersRestartWithWriter
                ? s.members().stream().map(MemberState::instanceId).toList() : List.of(step.instanceId());
        List<String> applied = new ArrayList<>(progress.applied());
        applied.add(step.description());
        List<Effect> effects = new ArrayList<>(progress.appliedEffects());
        effects.add(step.effect());
        List<String> readers = new ArrayList<>(progress.rebootedReaders());
        if (!writerStep) {
            readers.add(step.instanceId());
        } else if (readersRestartWithWriter) {
            s.members().stream().filter(m -> !m.writer()).forEach(m -> readers.add(m.instanceId()));
        }
        RebootProgress after = new RebootProgress(progress.writerRebooted() || writerStep, readers, progress.settles(),
                progress.extraReboots() + (extra ? 1 : 0), applied, effects);
        return new Decision(RebootAction.AWAIT, plan, step, targets, null, null, warnings, after);
    }

    private static String readersLeftPending(Situation s, List<MemberState> readers) {
        String why = s.policy() == RebootPolicy.NEVER ? "reboot policy never" : "readerReboot=skip";
        return "Readers " + names(readers) + " keep the old parameter values until each is rebooted (" + why + "); logical"
                + " replication needs only the writer. When convenient, one at a time, waiting until each is available: "
                + readers.stream().map(r -> "aws rds reboot-db-instance --db-instance-identifier " + r.instanceId())
                .collect(Collectors.joining("; ")) + ".";
    }

    private static String neverInstructions(Situation s, MemberState writer, List<MemberState> readers) {
        String then = s.readAvailability() && !readers.isEmpty()
                ? " Then, one at a time, each reader still pending (" + names(readers) + "): aws rds reboot-db-instance"
                + " --db-instance-identifier <reader>."
                : "";
        return "Static parameters are pending a reboot and the reboot policy is 'never'. When convenient, run `aws rds"
                + " reboot-db-instance --db-instance-identifier " + writer.instanceId() + "` (a write outage while the"
                + " writer restarts" + (s.readAvailability() ? "" : "; its readers restart with it") + "), wait until it is"
                + " available, then run the setup again to create the publication." + then;
    }

    private static String names(List<MemberState> members) {
        return members.stream().map(MemberState::instanceId).collect(Collectors.joining(", "));
    }
}
