package com.auroracdc.internal.materialize;

import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.stage.StageResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The teardown's Materialize stage, first after Inspect: with the stack's MaterializeMode source or egress, drops what
 * the source mode made in Materialize for the cluster, and only that ({@link MaterializeTeardownPlanner}). Egress too:
 * the endpoint is configured, and a setup run earlier in source mode may have left objects whose source keeps the
 * replication slot active. Observe (our names, the tables fed by our source, and what depends on each, from
 * {@code mz_internal.mz_object_dependencies}), plan, then apply each drop journaled; a dry run lists the drops and sends
 * none. Any Materialize error (unreachable, refused app password, a refused statement) is the named error of
 * {@link MaterializeSqlApi}, which stops the teardown: while our source exists its slot stays active, and the database
 * stage would refuse anyway.
 */
public final class MaterializeTeardown {
    public static final String STAGE = "TeardownMaterialize";

    private final MaterializeAccess materialize;

    public MaterializeTeardown(MaterializeAccess materialize) {
        this.materialize = materialize;
    }

    /**
     * Observes, plans and applies; saved under {@link RunRecords#MATERIALIZE_TEARDOWN}. Outside source/egress: nothing,
     * with a warning when {@code recordSaysIngesting} (the cluster's record shows a source-mode setup), asked then only.
     */
    public StageResult remove(Execution run, BoundCluster cluster, BooleanSupplier recordSaysIngesting) {
        MaterializeEndpoint endpoint = MaterializeEndpoint.fromStack(run.context().stack());
        MaterializeTeardownPlanner.Target target = MaterializeTeardownPlanner.Target.of(cluster.identifier(),
                cluster.facts().arn(), run.context().settings().sourceName());
        if (endpoint.mode() == MaterializeEndpoint.Mode.OFF) {
            return run.saveStage(RunRecords.MATERIALIZE_TEARDOWN, new StageResult(STAGE, run.dryRun(), List.of(),
                    List.of(), recordSaysIngesting.getAsBoolean() ? List.of(MaterializeTeardownPlanner.leftWhileOff(target)) : List.of(),
                    Map.of("materializeMode", endpoint.mode().word()), List.of()));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("materializeMode", endpoint.mode().word());
        facts.put("source", target.source());
        StageResult result;
        try (MaterializeSqlApi api = materialize.open(endpoint)) {
            MaterializeObserver observer = new MaterializeObserver(api);
            Map<String, ObservedObject> observed = observer.observe(target.names());
            List<DependentObject> dependents = new ArrayList<>(observer.dependents(observed.values().stream()
                    .map(ObservedObject::id).toList()));
            ObservedObject source = observed.get(target.source());
            List<String> tables = source == null ? List.of() : dependents.stream()
                    .filter(d -> "table".equals(d.type()) && source.id().equals(d.sourceId()))
                    .map(DependentObject::id).distinct().toList();
            dependents.addAll(observer.dependents(tables));
            MaterializePlan plan = MaterializeTeardownPlanner.plan(target, observed, dependents);
            MaterializeApplier applier = new MaterializeApplier(api, () -> {
                throw new IllegalStateException("A teardown sends no secret value");
            });
            result = StageResult.apply(STAGE, run.dryRun(), plan.changes(), applier, plan.warnings(), facts,
                    run.journal(RunRecords.MATERIALIZE_TEARDOWN));
        }
        return run.saveStage(RunRecords.MATERIALIZE_TEARDOWN, result);
    }
}
