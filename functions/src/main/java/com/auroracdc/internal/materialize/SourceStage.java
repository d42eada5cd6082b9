package com.auroracdc.internal.materialize;

import com.auroracdc.errors.MaterializeSourceStalledException;
import com.auroracdc.errors.MaterializeSourceTimeoutException;
import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.stage.StageResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * MaterializeMode source, Materialize's side of the setup: after the publication stage, the secret, connection, source
 * and one table per published table are created in Materialize (observe, plan, apply, as every stage), then the state
 * machine polls {@link #await} until Materialize says the source is running. Everything it needs comes from the
 * execution's stored context (the publication stage's facts and published tables), never from a payload; the
 * replication password is read from Secrets Manager only when a {@code SECRET} statement is sent.
 */
public final class SourceStage {
    public static final String STAGE = "MaterializeSource";
    /** Fact: whether the state machine waits for the source next ({@code "true"} after a source-mode apply). */
    public static final String AWAIT_FACT = "awaitSource";
    /** Fact: Materialize's word for the source once the wait ends ({@code running}). */
    public static final String STATUS_FACT = "sourceStatus";
    /** Fact: the source's name. */
    public static final String SOURCE_FACT = "source";
    /** The longest the state machine waits for {@code running} before it reports what Materialize said. */
    public static final Duration DEADLINE = Duration.ofMinutes(15);

    private final MaterializeAccess materialize;
    private final ReplicationPassword passwords;

    public SourceStage(MaterializeAccess materialize, ReplicationPassword passwords) {
        this.materialize = materialize;
        this.passwords = passwords;
    }

    /** Where the stage stands after a poll: ready, or poll again after {@code waitSeconds}. */
    public record Wait(boolean ready, String status, int waitSeconds) {
    }

    /** Creates what is missing in Materialize (nothing outside source mode); saved under {@link RunRecords#MATERIALIZE_SOURCE}. */
    public StageResult create(Execution run, BoundCluster cluster) {
        MaterializeEndpoint endpoint = MaterializeEndpoint.fromStack(run.context().stack());
        if (endpoint.mode() != MaterializeEndpoint.Mode.SOURCE) {
            return run.saveStage(RunRecords.MATERIALIZE_SOURCE, new StageResult(STAGE, run.dryRun(), List.of(), List.of(),
                    List.of(), Map.of(AWAIT_FACT, "false", "materializeMode", endpoint.mode().word()), List.of()));
        }
        if (run.dryRun() && publicationFacts(run) == null) {
            // Preflight could not reach the database yet (our security group comes first): nothing to plan from.
            return run.saveStage(RunRecords.MATERIALIZE_SOURCE, new StageResult(STAGE, true, List.of(), List.of(),
                    List.of("Materialize's side is planned once the publication stage's plan is known (the database was"
                            + " not reachable before the security group stage): run the dry run again after the setup's"
                            + " security group exists, or run the setup."),
                    Map.of(AWAIT_FACT, "false", "materializeMode", endpoint.mode().word()), List.of()));
        }
        MaterializeSourceSpec spec = spec(run, cluster, passwords::currentVersion);
        StageResult applied;
        try (MaterializeSqlApi api = materialize.open(endpoint)) {
            MaterializePlan plan = MaterializePlanner.plan(spec, new MaterializeObserver(api).observe(spec));
            var applier = new MaterializeApplier(api, () -> passwords.password(spec.replicationSecretArn(),
                    spec.replicationSecretVersion()));
            applied = StageResult.apply(STAGE, run.dryRun(), plan.changes(), applier, plan.warnings(), Map.of(),
                    run.journal(RunRecords.MATERIALIZE_SOURCE));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("materializeMode", endpoint.mode().word());
        facts.put(SOURCE_FACT, spec.source());
        facts.put(AWAIT_FACT, Boolean.toString(!run.dryRun()));
        facts.put("waitStartedAt", run.now().toString());
        return run.saveStage(RunRecords.MATERIALIZE_SOURCE, new StageResult(STAGE, run.dryRun(), applied.planned(),
                applied.applied(), applied.warnings(), facts, applied.effects()));
    }

    /**
     * One poll of {@code mz_source_statuses}: ready when the source and every table run; a named error when Materialize
     * reports an error or the objects are gone, or when {@link #DEADLINE} passed without {@code running}; else how long
     * to wait, with the lease held over that wait.
     */
    public Wait await(Execution run, BoundCluster cluster) {
        StageResult created = run.context().stage(RunRecords.MATERIALIZE_SOURCE);
        if (created == null || !"true".equals(created.facts().get(AWAIT_FACT))) {
            throw new IllegalStateException("No source of this execution to wait for: the MaterializeSource stage"
                    + " did not create one. Start a new setup.");
        }
        // Statuses need the names only: the secret's version is not read on every poll.
        MaterializeSourceSpec spec = spec(run, cluster, secretArn -> "(not read)");
        SourceStatus status;
        try (MaterializeSqlApi api = materialize.open(MaterializeEndpoint.fromStack(run.context().stack()))) {
            status = SourceStatus.read(api, spec);
        }
        String where = "Materialize source " + spec.source() + " (of cluster " + spec.clusterId() + ")";
        switch (status.state()) {
            case RUNNING -> {
                Map<String, String> facts = new LinkedHashMap<>(created.facts());
                facts.put(AWAIT_FACT, "false");
                facts.put(STATUS_FACT, SourceState.RUNNING.word());
                run.save(run.context().withStageReplaced(RunRecords.MATERIALIZE_SOURCE, new StageResult(created.stage(),
                        created.dryRun(), created.planned(), created.applied(), created.warnings(), facts, created.effects())));
                return new Wait(true, SourceState.RUNNING.word(), 0);
            }
            case STALLED, FAILED -> throw new MaterializeSourceStalledException(where + " is " + status.state().word()
                    + ": " + status.errors() + ". Fix what Materialize names (often the network path, the replication"
                    + " password, or the publication), then run the setup again; drift reports it until it runs.");
            case DROPPED, MISSING -> throw new MaterializeSourceStalledException(where + " or one of its tables no"
                    + " longer exists in Materialize (" + status.state().word() + "). Run the setup again to create it.");
            default -> {
                Instant started = Instant.parse(created.facts().get("waitStartedAt"));
                if (run.now().isAfter(started.plus(DEADLINE))) {
                    throw new MaterializeSourceTimeoutException(where + " is still " + status.state().word() + " after "
                            + DEADLINE.toMinutes() + " minutes" + (status.state() == SourceState.PAUSED
                            ? ": no replica of its Materialize cluster runs it. Give the cluster a replica (ALTER CLUSTER"
                            + " ... SET (REPLICATION FACTOR 1)), then run the setup again."
                            : ". Check SELECT * FROM mz_internal.mz_source_statuses in Materialize; drift reports it until"
                            + " it runs."));
                }
                int wait = run.now().isBefore(started.plus(Duration.ofMinutes(2))) ? 10 : 30;
                run.saveHolding(run.context(), Duration.ofSeconds(wait));
                return new Wait(false, status.state().word(), wait);
            }
        }
    }

    /** What the stage knows of the cluster: the bound cluster and what the publication stage (or Preflight) saved. */
    /** @param version the replication secret's current VersionId, given its ARN */
    private static MaterializeSourceSpec spec(Execution run, BoundCluster cluster, UnaryOperator<String> version) {
        Map<String, String> facts = publicationFacts(run);
        if (facts == null) {
            throw new IllegalStateException("The publication stage has not run for this execution: nothing to create"
                    + " a source for. Start a new setup.");
        }
        String secretArn = facts.get("replicationSecretArn");
        boolean secretExists = secretArn != null && secretArn.startsWith("arn:");
        List<PublishedTable> tables = Arrays.stream(run.context().progress(RunRecords.PUBLISHED_TABLES,
                QualifiedName[].class, new QualifiedName[0])).map(t -> new PublishedTable(t.schema(), t.name())).toList();
        return new MaterializeSourceSpec(cluster.identifier(), cluster.facts().arn(), region(cluster.facts().arn()),
                facts.get("databaseHost"), Integer.parseInt(facts.get("databasePort")), facts.get("databaseName"),
                facts.get("replicationUser"), facts.get("publicationName"), tables,
                secretExists ? secretArn : "(created by the publication stage)",
                secretExists ? version.apply(secretArn) : "(none yet)",
                run.context().settings().materializeCluster(), run.context().settings().sourceName());
    }

    /** The publication stage's facts, or in a dry run its plan's (Preflight's); null when neither planned it. */
    private static Map<String, String> publicationFacts(Execution run) {
        StageResult publication = run.context().stage(RunRecords.PUBLICATION);
        if (publication == null) {
            publication = run.context().stage(RunRecords.PREFLIGHT);
        }
        return publication == null || publication.facts().get("publicationName") == null ? null : publication.facts();
    }

    /** {@code arn:aws:rds:us-east-1:123456789012:cluster:orders} → {@code us-east-1}. */
    private static String region(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length > 3 ? parts[3] : "";
    }
}
