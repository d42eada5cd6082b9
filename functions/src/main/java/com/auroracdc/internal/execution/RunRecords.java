package com.auroracdc.internal.execution;

import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.internal.stage.StageResult;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure: what a finished execution leaves in the table, built from its stored context alone (what Inspect resolved and
 * what the stages journaled), never from a payload. The record is the desired state drift and repair compare with; the
 * history entry is the same document, kept per run.
 */
public final class RunRecords {
    /** Stage keys in the context, as the stages save their results. */
    public static final String PARAMETER_GROUP = "parameterGroup";
    public static final String SECURITY_GROUP = "securityGroup";
    public static final String PUBLICATION = "publication";
    /** Preflight's plan (in a dry run, the publication stage's plan). */
    public static final String PREFLIGHT = "preflight";
    /** MaterializeMode source: the objects created in Materialize, and the source's status once it runs. */
    public static final String MATERIALIZE_SOURCE = "materializeSource";
    /** Network path privatelink: the load balancer, target group, listener and endpoint service in front of the writer. */
    public static final String PRIVATE_LINK = "privateLink";
    /** The PrivateLink stage's fact naming the endpoint service (the record keeps it). */
    public static final String ENDPOINT_SERVICE_FACT = "endpointServiceName";
    /** The teardown's own stages (its parameter-group stage saves under {@link #PARAMETER_GROUP}, for the reboot loop). */
    public static final String DATABASE_TEARDOWN = "databaseTeardown";
    public static final String SECURITY_GROUP_TEARDOWN = "securityGroupTeardown";
    /** The teardown's first stage: our objects dropped in Materialize (MaterializeMode source or egress). */
    public static final String MATERIALIZE_TEARDOWN = "materializeTeardown";
    /** The teardown's PrivateLink stage: our load balancer, target group, listener and endpoint service deleted. */
    public static final String PRIVATE_LINK_TEARDOWN = "privateLinkTeardown";
    /**
     * Progress keys: the tables the publication stage set REPLICA IDENTITY FULL on, and the ones a teardown reset, each
     * saved before the change (a failed attempt still tells the record).
     */
    public static final String REPLICA_IDENTITY_SET = "replicaIdentitySet";
    public static final String REPLICA_IDENTITY_RESET = "replicaIdentityReset";
    /** Progress key: the tables the publication publishes (Preflight's or the publication stage's), for Materialize's side. */
    public static final String PUBLISHED_TABLES = "publishedTables";

    private RunRecords() {
    }

    /** The history entry of a finished (or ended) execution: what it resolved, did and ended as. */
    public static SetupRecord entry(ExecutionContext context, SetupRecord previous, String outcome, String error,
                                    Instant finishedAt) {
        return new SetupRecord(context.cluster(), context.executionId(), context.startedAt(), finishedAt.toString(),
                outcome, error, new TreeMap<>(context.origins()), new TreeMap<>(context.tagsSeen()),
                new SettingsResolver(context.stack()).stackValues(), resources(context, previous));
    }

    /**
     * The record to store: a finished setup's entry when it succeeded, or when it failed after changing something (what
     * it changed is then the truth, the replaced parameter group above all); null to leave the record as it was.
     */
    public static SetupRecord record(ExecutionContext context, SetupRecord entry, boolean succeeded) {
        return context.dryRun() || !(succeeded || context.changedAnything()) ? null : entry;
    }

    private static SetupRecord.Resources resources(ExecutionContext context, SetupRecord previous) {
        SetupRecord.Resources was = previous == null ? new SetupRecord.Resources(null, null, null, null, null, null, null, null)
                : previous.resources();
        if (context.purpose() == Purpose.TEARDOWN) {
            return teardownResources(context, was);
        }
        boolean moved = moved(context);
        // The parameter-group stage saves its target before its first change, so a failed attempt still tells it.
        ParameterGroupTarget progress = moved ? context.progress(PARAMETER_GROUP, ParameterGroupTarget.class,
                ParameterGroupTarget.NONE) : ParameterGroupTarget.NONE;
        String parameterGroup = fact(context, PARAMETER_GROUP, "parameterGroup",
                progress.group() != null ? progress.group() : was.parameterGroup());
        // The customer's own group the cluster left for ours: what a teardown restores. Kept until the cluster is moved
        // off a group of theirs again; never one of ours (the stage names it only when it is not).
        String leaving = progress.leaving();
        String replaced = leaving != null && parameterGroup != null && !parameterGroup.equals(leaving)
                ? leaving : was.replacedParameterGroup();
        return new SetupRecord.Resources(parameterGroup, replaced,
                fact(context, SECURITY_GROUP, "securityGroupId", firstNonNull(
                        context.progress(SECURITY_GROUP, Made.class, Made.NONE).id(), was.securityGroupId())),
                fact(context, PUBLICATION, "publicationName", was.publication()),
                fact(context, PUBLICATION, "replicationUser", was.replicationUser()),
                fact(context, PUBLICATION, "replicationSecretArn", was.replicationSecretArn()),
                fact(context, PUBLICATION, "databaseName", was.databaseName()),
                union(was.replicaIdentityFull(), tables(context, REPLICA_IDENTITY_SET)),
                fact(context, PRIVATE_LINK, ENDPOINT_SERVICE_FACT, was.endpointService()));
    }

    /** The tables saved under a progress key (a list of {schema, name}). */
    public static List<QualifiedName> tables(ExecutionContext context, String key) {
        QualifiedName[] tables = context.progress(key, QualifiedName[].class, new QualifiedName[0]);
        return List.of(tables);
    }

    /** The context with {@code tables} added to those saved under a progress key. */
    public static ExecutionContext withTables(ExecutionContext context, String key, List<QualifiedName> tables) {
        return context.withProgress(key, union(tables(context, key), tables));
    }

    private static List<QualifiedName> union(List<QualifiedName> was, List<QualifiedName> now) {
        Set<QualifiedName> all = new TreeSet<>(was);
        all.addAll(now);
        return List.copyOf(all);
    }

    /**
     * What is still ours after a teardown: each teardown stage that ran names in its facts what it left (under the
     * record's own fact names); what it does not name is gone. A stage that did not run (or only planned) leaves the
     * record's entry as it was.
     */
    private static SetupRecord.Resources teardownResources(ExecutionContext context, SetupRecord.Resources was) {
        StageResult database = ran(context, DATABASE_TEARDOWN);
        StageResult securityGroup = ran(context, SECURITY_GROUP_TEARDOWN);
        StageResult parameterGroup = ran(context, PARAMETER_GROUP);
        StageResult privateLink = ran(context, PRIVATE_LINK_TEARDOWN);
        return new SetupRecord.Resources(
                left(parameterGroup, "parameterGroup", was.parameterGroup()),
                left(parameterGroup, "replacedParameterGroup", was.replacedParameterGroup()),
                left(securityGroup, "securityGroupId", was.securityGroupId()),
                left(database, "publicationName", was.publication()),
                left(database, "replicationUser", was.replicationUser()),
                left(database, "replicationSecretArn", was.replicationSecretArn()),
                was.databaseName(),
                was.replicaIdentityFull().stream().filter(t -> !tables(context, REPLICA_IDENTITY_RESET).contains(t)).toList(),
                left(privateLink, ENDPOINT_SERVICE_FACT, was.endpointService()));
    }

    private static StageResult ran(ExecutionContext context, String stage) {
        StageResult result = context.stage(stage);
        return result == null || result.dryRun() ? null : result;
    }

    private static String left(StageResult stage, String fact, String was) {
        return stage == null ? was : stage.facts().get(fact);
    }

    /** A stage's progress: the resource its changes so far have made (null before the first). */
    public record Made(String id) {
        static final Made NONE = new Made(null);
    }

    /** The parameter-group stage's progress: the group the cluster uses once its plan is applied. */
    /**
     * @param group   the group the stage moves the cluster to (ours)
     * @param leaving the customer's group the cluster is on when the stage starts, or null when that one is ours too
     */
    public record ParameterGroupTarget(String group, String leaving) {
        static final ParameterGroupTarget NONE = new ParameterGroupTarget(null, null);
    }

    /** The parameter-group stage applied (or started) a change: the cluster may now be on our group. */
    private static boolean moved(ExecutionContext context) {
        StageResult stage = context.stage(PARAMETER_GROUP);
        return stage != null && !stage.applied().isEmpty()
                || !context.attempted().getOrDefault(PARAMETER_GROUP, List.of()).isEmpty();
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }

    private static String fact(ExecutionContext context, String stage, String name, String otherwise) {
        StageResult result = context.stage(stage);
        String value = result == null ? null : result.facts().get(name);
        return value == null || value.startsWith("(") ? otherwise : value;
    }
}
