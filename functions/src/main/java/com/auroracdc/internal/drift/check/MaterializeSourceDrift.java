package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.drift.CheckFailures;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.drift.Severity;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.materialize.MaterializeEndpoint;
import com.auroracdc.internal.materialize.MaterializeSourceSpec;
import com.auroracdc.internal.materialize.MaterializeSqlApi;
import com.auroracdc.internal.materialize.SourceStatus;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * MaterializeMode source: is the cluster's source, with every table fed by it, running as Materialize reports it
 * ({@code mz_internal.mz_source_statuses})? Read-only; a source that is missing is created by the setup, one that
 * stalled needs what Materialize's error names, and one whose publication or slot is gone upstream is critical.
 */
public final class MaterializeSourceDrift implements ControlPlaneDrift {
    /** How Materialize (and PostgreSQL through it) says the publication or the slot the source reads is gone. */
    private static final Pattern UPSTREAM_GONE = Pattern.compile(
            "(?is).*\\b(publication|replication slot)\\b.*\\b(does not exist|not found|invalidated|was dropped)\\b.*");

    private final Map<String, String> stack;
    private final MaterializeAccess materialize;

    public MaterializeSourceDrift(Map<String, String> stack, MaterializeAccess materialize) {
        this.stack = Map.copyOf(stack);
        this.materialize = materialize;
    }

    @Override
    public String area() {
        return "Materialize source";
    }

    @Override
    public List<Finding> check(ObservedCluster o) {
        MaterializeEndpoint endpoint = MaterializeEndpoint.fromStack(stack);
        if (endpoint.mode() != MaterializeEndpoint.Mode.SOURCE) {
            return List.of();
        }
        if (o.run().egressFailure().isPresent()) {
            return List.of(); // this run could not read Materialize at all: the security group's check said so once
        }
        String source = MaterializeSourceSpec.sourceOf(o.identifier(), o.settings().sourceName());
        SourceStatus status;
        try (MaterializeSqlApi api = materialize.open(endpoint)) {
            status = SourceStatus.ofSource(api, source);
        } catch (RuntimeException e) {
            return List.of(Finding.of(o.identifier(), FindingKind.MATERIALIZE_UNAVAILABLE,
                    "Materialize's source statuses readable (mz_internal.mz_source_statuses through its SQL API)",
                    CheckFailures.describe(e) + "; source " + source + " was not checked",
                    "Fix what the error names (the stack's MaterializeHost, the app password, the drift function's route"
                            + " to the internet); the next check reads it again. Nothing was changed."));
        }
        String expected = "Materialize source " + source + " and its tables running";
        return switch (status.state()) {
            case RUNNING -> List.of();
            case MISSING, DROPPED -> List.of(Finding.of(o.identifier(), FindingKind.SOURCE_MISSING, expected,
                    "source " + source + " does not exist in Materialize (or is dropped)",
                    "The setup creates it (repair=auto runs it); a new source takes a new snapshot."));
            case STALLED, FAILED -> List.of(UPSTREAM_GONE.matcher(status.errors()).matches()
                    ? Finding.of(o.identifier(), FindingKind.SOURCE_UPSTREAM_GONE, expected, status.errors(),
                            "What the source reads was dropped in the cluster. A publication: run the setup to create it"
                                    + " again. A replication slot: the source cannot resume; drop it in Materialize (DROP"
                                    + " SOURCE " + source + " CASCADE) and run the setup, which creates it again with a new"
                                    + " snapshot.")
                    : Finding.of(o.identifier(), FindingKind.SOURCE_NOT_RUNNING, expected, status.state().word() + ": "
                            + status.errors(), "Fix what Materialize's error names (network path, replication password,"
                            + " publication); the source resumes by itself once it can."));
            case PAUSED -> List.of(new Finding(o.identifier(), FindingKind.SOURCE_NOT_RUNNING, Severity.WARNING, expected,
                    "paused: no replica of its Materialize cluster runs it",
                    "Give the Materialize cluster a replica (ALTER CLUSTER ... SET (REPLICATION FACTOR 1))."));
            case CREATED, STARTING -> List.of(Finding.of(o.identifier(), FindingKind.SOURCE_STARTING, expected, status.state().word(), "Nothing yet: a starting source usually runs within minutes; the next"
                    + " check looks again."));
        };
    }
}
