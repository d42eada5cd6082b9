package com.auroracdc.internal.drift.check;

import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.errors.LocalOnlySettingException;
import com.auroracdc.internal.cluster.ClusterBinding;
import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.drift.BatchCheck;
import com.auroracdc.internal.drift.BatchInput;
import com.auroracdc.internal.drift.CheckFailures;
import com.auroracdc.internal.drift.ClusterCheck;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.drift.list.TaggedClusters;
import com.auroracdc.internal.execution.ClusterState;
import com.auroracdc.internal.execution.InMemoryClusterState;
import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.settings.RepairMode;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.internal.settings.Tags;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Drift step 2a, per batch: describe the batch's clusters together and run every control-plane area's
 * observe and plan (never apply) on each. Read-only. Each cluster also gets the context the database check
 * needs, marked as a dry run.
 */
public final class ControlPlaneCheck {
    /** Cluster states in which nobody can connect: report them instead of waiting for a timeout. */
    private static final Set<String> DOWN = Set.of("stopped", "stopping", "starting", "deleting",
            "inaccessible-encryption-credentials", "inaccessible-encryption-credentials-recoverable");

    private final RdsClient rds;
    private final Ec2Client ec2;
    private final SettingsResolver resolver;
    private final List<ControlPlaneDrift> areas;
    private final Map<String, JsonNode> overrides;
    private final ClusterState state;
    private final RunCache.Holder cache;

    public ControlPlaneCheck(RdsClient rds, Ec2Client ec2, SettingsResolver resolver, List<ControlPlaneDrift> areas) {
        this(rds, ec2, resolver, areas, Map.of(), new InMemoryClusterState());
    }

    /**
     * @param overrides settings applied to every cluster as if given in a manual execution's input: only the
     *                  local runner uses them (e.g. {@code sslMode=disable} and a tunnel's host and port)
     * @param state     where each cluster's recorded desired state and lock are read
     */
    public ControlPlaneCheck(RdsClient rds, Ec2Client ec2, SettingsResolver resolver, List<ControlPlaneDrift> areas,
                             Map<String, JsonNode> overrides, ClusterState state) {
        this(rds, ec2, resolver, areas, overrides, state, new RunCache.Holder());
    }

    /**
     * @param cache the container's run cache: a handler that builds a check per invocation (stack settings read
     *              per call) passes the same holder each time, so the batches of one run still share their reads
     */
    public ControlPlaneCheck(RdsClient rds, Ec2Client ec2, SettingsResolver resolver, List<ControlPlaneDrift> areas,
                             Map<String, JsonNode> overrides, ClusterState state, RunCache.Holder cache) {
        this.rds = rds;
        this.ec2 = ec2;
        this.resolver = resolver;
        this.areas = List.copyOf(areas);
        this.overrides = Map.copyOf(overrides);
        this.state = state;
        this.cache = cache;
    }

    public BatchCheck check(BatchInput input) {
        RunCache run = cache.forRun(input, rds);
        BatchObservation batch = new BatchObservation(rds, ec2, input.clusterIds());
        Map<String, DBCluster> clusters;
        try {
            clusters = batch.clusters();
        } catch (RuntimeException e) {
            // Without the description nothing else can be checked: every cluster of the batch gets the reason.
            return new BatchCheck(input.runId(), input.startedAt(), input.clusterIds().stream()
                    .map(id -> ClusterCheck.failed(id, List.of(CheckFailures.finding(id, "cluster description", e, false))))
                    .toList());
        }
        List<ClusterCheck> checks = new ArrayList<>();
        for (String id : input.clusterIds()) {
            DBCluster cluster = clusters.get(id);
            checks.add(cluster == null
                    ? ClusterCheck.skipped(id, "the cluster no longer exists (deleted since the listing)")
                    : check(cluster, batch, run, input));
        }
        return new BatchCheck(input.runId(), input.startedAt(), checks);
    }

    private static ClusterCheck invalidSettings(String id, DBCluster cluster, String statusTag, String message, String setting,
                                                boolean disabled) {
        return new ClusterCheck(id, cluster.dbClusterArn(), statusTag, RepairMode.OFF, null, null,
                List.of(Finding.of(id, FindingKind.INVALID_SETTINGS, "valid materialize: tags", message,
                        "Fix or remove the tag " + setting + "; nothing else can be checked until then.")),
                null, disabled);
    }

    /** A setup holding the cluster now: its findings may be that setup's work in progress, and no repair is started. */
    private Optional<Finding> setupRunning(String id) {
        try {
            return state.holder(id).filter(h -> !h.expired(Instant.now())).map(h -> Finding.of(id,
                    FindingKind.SETUP_RUNNING, "no setup running", (h.brief() ? "the failover retarget (" + h.executionId()
                            + ", a hold of seconds)" : "setup " + h.executionId()) + " holds the cluster (since "
                            + h.takenAt() + ")", "Nothing to do: the check after it ends compares the result."));
        } catch (RuntimeException e) {
            return Optional.empty(); // the lock is advisory here; the repair's own Inspect checks it again
        }
    }

    /** Chosen by the stack's policy, as the setup's binding chooses it: a tag cannot point the check at another secret. */
    private String adminSecret(Settings settings, DBCluster cluster) {
        return ClusterBinding.chooseAdminSecret(resolver.adminSecretPolicy(), settings, cluster);
    }

    private ClusterCheck check(DBCluster cluster, BatchObservation batch, RunCache run, BatchInput input) {
        String id = cluster.dbClusterIdentifier();
        Map<String, String> tags = TaggedClusters.tags(cluster);
        String statusTag = tags.get(Tags.STATUS);
        boolean disabled = TaggedClusters.disabled(cluster, resolver.triggerTagKey());
        DesiredSettings desired;
        SetupRecord record;
        try {
            record = state.record(id).orElse(null);
            desired = DesiredSettings.of(record, tags, resolver);
        } catch (RuntimeException e) {
            return ClusterCheck.failed(id, List.of(CheckFailures.finding(id, "desired state record", e, false)));
        }
        Settings settings;
        try {
            Map<String, JsonNode> asInput = new LinkedHashMap<>(desired.recordedInput());
            asInput.putAll(overrides);
            settings = resolver.resolve(tags, asInput);
        } catch (InvalidSettingException e) {
            return invalidSettings(id, cluster, statusTag, e.getMessage(), e.setting(), disabled);
        } catch (LocalOnlySettingException e) { // e.g. a materialize:ssl-mode tag: this cluster only, not the batch
            return invalidSettings(id, cluster, statusTag, e.getMessage(), e.setting(), disabled);
        }
        // Disabled: not ours to compare or repair any more; only the database's leftover slots are looked for.
        List<Finding> findings = disabled ? new ArrayList<>() : new ArrayList<>(desired.findings(id));
        if (!disabled) {
            setupRunning(id).ifPresent(findings::add);
        }
        ClusterFacts facts;
        try {
            String family = run.family(cluster.engine(), cluster.engineVersion());
            // Unlike Inspect it refuses nothing (a drift check reports, it does not stop), and only the automation's own
            // tags travel on: the batch's state must stay far below Step Functions' 256 KB.
            facts = ClusterFacts.of(cluster, batch.instances(id), family, adminSecret(settings, cluster), Tags.ours(tags));
        } catch (RuntimeException e) {
            findings.add(CheckFailures.finding(id, "cluster facts", e, false));
            return new ClusterCheck(id, cluster.dbClusterArn(), statusTag, disabled ? RepairMode.OFF : settings.repair(),
                    settings.rebootPolicy(), null, findings, null, disabled);
        }
        if (!disabled) {
            ObservedCluster observed = new ObservedCluster(cluster, batch.instances(id), facts, settings, batch, run,
                    record == null ? null : record.resources());
            for (ControlPlaneDrift area : areas) {
                try {
                    findings.addAll(area.check(observed));
                } catch (RuntimeException e) {
                    findings.add(CheckFailures.finding(id, area.area(), e, true));
                }
            }
        }
        SetupContext database = null;
        if (DOWN.contains(cluster.status())) {
            findings.add(Finding.of(id, FindingKind.UNREACHABLE, "the cluster available",
                    "the cluster is " + cluster.status() + ": its database was not checked",
                    "Start the cluster (aws rds start-db-cluster --db-cluster-identifier " + id + ") if it should be replicating."));
        } else {
            database = new SetupContext(input.runId(), input.startedAt(), true, facts, settings, List.of());
        }
        return new ClusterCheck(id, cluster.dbClusterArn(), statusTag, disabled ? RepairMode.OFF : settings.repair(),
                settings.rebootPolicy(), null, findings, database, disabled);
    }
}
