package com.auroracdc.internal.materialize;

import com.auroracdc.errors.MaterializeSourceStalledException;
import com.auroracdc.errors.MaterializeSourceTimeoutException;
import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.materialize.MaterializeChange.CreatePrivateLinkConnection;
import com.auroracdc.internal.settings.NetworkPath;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.stage.StageResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * MaterializeMode source, Materialize's side of the setup: after the publication stage, the secret, connection, source
 * and one table per published table are created in Materialize (observe, plan, apply, as every stage), then the state
 * machine polls {@link #await} until Materialize says the source is running. Everything it needs comes from the
 * execution's stored context (the publication stage's facts and published tables), never from a payload; the
 * replication password is read from Secrets Manager only when a {@code SECRET} statement is sent.
 *
 * <p>Network path privatelink: the connection goes through the AWS PRIVATELINK connection {@code <base>_privatelink} to
 * the endpoint service the PrivateLink stage reported ({@value #SERVICE_NAME_FACT}, {@value #ZONE_IDS_FACT}). Its
 * principal is known only once it exists, so a plan that creates it is applied up to that creation, then the stage
 * observes again (the principal, and with acceptance required our service's endpoint connections) and plans the rest.
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

    /** The PrivateLink stage's facts this stage reads (as {@code PrivateLinkHandler} names them). */
    static final String SERVICE_NAME_FACT = "endpointServiceName";
    static final String ZONE_IDS_FACT = "availabilityZoneIds";

    private final MaterializeAccess materialize;
    private final ReplicationPassword passwords;
    private final Ec2Client ec2;

    /** A stage that only waits ({@link #await}), or creates on network path public-cidrs only. */
    public SourceStage(MaterializeAccess materialize, ReplicationPassword passwords) {
        this(materialize, passwords, null);
    }

    /** @param ec2 reads and accepts endpoint connections on our endpoint service (network path privatelink) */
    public SourceStage(MaterializeAccess materialize, ReplicationPassword passwords, Ec2Client ec2) {
        this.materialize = materialize;
        this.passwords = passwords;
        this.ec2 = ec2;
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
        MaterializeSourceSpec spec = spec(run, cluster, passwords::currentVersion, privateLink(run));
        StageResult applied;
        try (MaterializeSqlApi api = materialize.open(endpoint)) {
            MaterializeObserver observer = new MaterializeObserver(api);
            MaterializePlan plan = plan(spec, observer);
            var applier = new MaterializeApplier(api, () -> passwords.password(spec.replicationSecretArn(),
                    spec.replicationSecretVersion()), ec2);
            StageResult.Journal journal = run.journal(RunRecords.MATERIALIZE_SOURCE);
            StageResult first = null;
            if (!run.dryRun() && !plan.changes().isEmpty() && plan.changes().getFirst() instanceof CreatePrivateLinkConnection) {
                // The principal exists once the connection does: create it, then observe and plan the rest.
                first = StageResult.apply(STAGE, false, plan.changes().subList(0, 1), applier, List.of(), Map.of(), journal);
                plan = plan(spec, observer);
            }
            applied = StageResult.apply(STAGE, run.dryRun(), plan.changes(), applier, plan.warnings(), Map.of(), journal);
            if (first != null) {
                applied = new StageResult(STAGE, false, concat(first.planned(), applied.planned()),
                        concat(first.applied(), applied.applied()), applied.warnings(), Map.of(),
                        concat(first.effects(), applied.effects()));
            }
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
        MaterializeSourceSpec spec = spec(run, cluster, secretArn -> "(not read)", null);
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

    /**
     * Observes (our objects; once our PrivateLink connection exists and the PostgreSQL connection does not, its
     * principal, and with acceptance required our service's endpoint connections) and plans.
     */
    private MaterializePlan plan(MaterializeSourceSpec spec, MaterializeObserver observer) {
        Map<String, ObservedObject> observed = observer.observe(spec);
        PrivateLinkPath path = spec.privateLink();
        ObservedObject connection = path == null ? null : observed.get(spec.privateLinkConnectionName());
        if (connection == null || observed.containsKey(spec.connectionName())) {
            return MaterializePlanner.plan(spec, observed, (PrivateLinkObservation) null);
        }
        String principal = observer.principal(connection.id());
        PrivateLinkObservation.Service service = null;
        List<PrivateLinkObservation.EndpointConnection> connections = List.of();
        if (path.acceptanceRequired() && path.serviceKnown() && path.allowedPrincipals().contains(principal)) {
            if (ec2 == null) {
                throw new IllegalStateException("This source stage has no EC2 client for the PrivateLink path");
            }
            EndpointServiceReads reads = EndpointServiceReads.direct(ec2);
            service = reads.service(path.serviceName()).orElse(null);
            connections = service == null || !service.managed() ? List.of() : reads.connections(service.id());
        }
        return MaterializePlanner.plan(spec, observed, new PrivateLinkObservation(principal, service, connections));
    }

    /** Network path privatelink: the PrivateLink stage's service and zones, the stack's principals; else null. */
    private static PrivateLinkPath privateLink(Execution run) {
        Settings settings = run.context().settings();
        if (settings.networkPath() != NetworkPath.PRIVATELINK) {
            return null;
        }
        StageResult stage = run.context().stage(RunRecords.PRIVATE_LINK);
        Map<String, String> facts = stage == null ? Map.of() : stage.facts();
        String service = facts.get(SERVICE_NAME_FACT);
        if ((service == null || service.isBlank()) && !run.dryRun()) {
            throw new IllegalStateException("Network path privatelink, but the PrivateLink stage of this execution"
                    + " reported no endpoint service: nothing for Materialize to connect through. Start a new setup.");
        }
        String zones = facts.getOrDefault(ZONE_IDS_FACT, "").strip();
        return new PrivateLinkPath(service, zones.isEmpty() ? List.of() : List.of(zones.split("\\s+")),
                new LinkedHashSet<>(settings.privateLinkPrincipals()), settings.privateLinkAcceptanceRequired());
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /**
     * What the stage knows of the cluster: the bound cluster and what the publication stage (or Preflight) saved.
     *
     * @param version the replication secret's current VersionId, given its ARN
     */
    private static MaterializeSourceSpec spec(Execution run, BoundCluster cluster, UnaryOperator<String> version,
                                              PrivateLinkPath privateLink) {
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
                run.context().settings().materializeCluster(), run.context().settings().sourceName(), privateLink);
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
