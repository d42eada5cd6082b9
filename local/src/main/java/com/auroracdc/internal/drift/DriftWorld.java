package com.auroracdc.internal.drift;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.drift.check.AdminDatabaseConnector;
import com.auroracdc.internal.drift.check.ControlPlaneCheck;
import com.auroracdc.internal.drift.check.DatabaseCheck;
import com.auroracdc.internal.drift.check.DriftAreas;
import com.auroracdc.internal.drift.check.RunCache;
import com.auroracdc.internal.drift.list.ClusterLister;
import com.auroracdc.internal.drift.list.ListInput;
import com.auroracdc.internal.drift.repair.RepairDecision;
import com.auroracdc.internal.drift.report.DriftReporter;
import com.auroracdc.internal.drift.report.ReportInput;
import com.auroracdc.internal.drift.summarize.RunSummary;
import com.auroracdc.internal.drift.summarize.SummaryInput;
import com.auroracdc.internal.execution.ClusterState;
import com.auroracdc.internal.execution.ExecutionHandle;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.inspect.ClusterInspector;
import com.auroracdc.internal.inspect.InspectRequest;
import com.auroracdc.internal.inspect.SetupRequest;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.privatelink.PrivateLinkPlan;
import com.auroracdc.internal.privatelink.PrivateLinkReads;
import com.auroracdc.internal.report.ReportRequest;
import com.auroracdc.internal.securitygroup.DesiredAccess;
import com.auroracdc.internal.settings.LocalOnly;
import com.auroracdc.internal.settings.NetworkPath;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.lambda.CheckControlPlaneHandler;
import com.auroracdc.lambda.CheckDatabasesHandler;
import com.auroracdc.lambda.DriftFunctions;
import com.auroracdc.lambda.ListTaggedClustersHandler;
import com.auroracdc.lambda.PrivateLinkHandler;
import com.auroracdc.lambda.ReportDriftHandler;
import com.auroracdc.lambda.SummarizeDriftHandler;
import com.auroracdc.local.sim.ClusterBuilder;
import com.auroracdc.local.sim.ClusterHandle;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimFunctions;
import com.auroracdc.local.sim.SimSfn;
import com.auroracdc.local.sim.StateTable;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A simulated region in which clusters are set up by the real setup stages (Inspect, parameter group,
 * security group, reboot of the writer) and then checked by the real drift functions: in-process and in
 * the order the drift state machine runs them ({@link #drift()}), or as Lambda functions for the real
 * {@code statemachine/drift.asl.json} ({@link #driftFunctions()}). Used by the drift tests and by
 * {@code ./autopilot local --drift}.
 */
public final class DriftWorld {
    static final String SETUP_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:aurora-cdc-setup";
    static final String DRIFT_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:aurora-cdc-drift";
    static final String EGRESS = "3.215.237.32/27 52.6.209.3/32";
    /** Rounds of the PrivateLink stage a setup runs at most (the state machine's deadline, in waits). */
    private static final int PRIVATELINK_ROUNDS = 40;

    private final SimAws sim = SimAws.create();
    private final String databaseFunctionGroup;
    /** The stack's parameters as the last deploy set them (see {@link #redeploy}). */
    private Map<String, String> environment;
    /** Every embedded-metric line the drift functions printed (CloudWatch EMF). */
    private final List<String> metrics = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    /** IAM actions seen per drift function (e.g. CheckControlPlaneFunction -> rds:DescribeDBClusters). */
    private final Map<String, Set<String>> actionsByFunction = new TreeMap<>();
    private final Map<String, JsonNode> overrides;
    /** The stack's cluster-state table: the setups record into it, the drift check reads it. */
    private final ClusterState state = StateTable.of(sim);
    private boolean checkDatabases;
    /** How the setup's and the drift check's functions open Materialize's SQL API (MaterializeMode egress, source). */
    private MaterializeAccess materialize = MaterializeAccess.withDefaultTrust(sim.secretsManager());
    private int runs;
    private int setups;
    /** The stage results of the latest setup (each PrivateLink round), publication and report aside. */
    private final List<StageResult> lastSetup = new ArrayList<>();

    public DriftWorld(Map<String, JsonNode> overrides, Map<String, String> extraEnvironment) {
        LocalOnly.allowForLocalRunner(); // the embedded writers: no TLS (sslMode disable in the overrides)
        this.overrides = overrides;
        sim.rds().rebootDuration(Duration.ofMinutes(2));
        sim.ec2().seedVpc(ClusterBuilder.DEFAULT_VPC, ClusterBuilder.DEFAULT_VPC_CIDR, false);
        databaseFunctionGroup = sim.ec2().seedSecurityGroup(ClusterBuilder.DEFAULT_VPC, "aurora-cdc-database-function",
                "The database function", Map.of());
        Map<String, String> env = new HashMap<>(extraEnvironment);
        env.putAll(Map.of("EGRESS_CIDRS", EGRESS, DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE, databaseFunctionGroup,
                DriftConfig.SETUP_STATE_MACHINE_ARN, SETUP_ARN, DriftConfig.DRIFT_STATE_MACHINE_ARN, DRIFT_ARN));
        environment = Map.copyOf(env);
    }

    DriftWorld() {
        this(Map.of(), Map.of());
    }

    /** The simulated AWS account the functions run against. */
    public SimAws sim() {
        return sim;
    }

    /** The stack's cluster-state table. */
    public ClusterState state() {
        return state;
    }

    /** Every embedded-metric line the drift functions printed, in order. */
    public List<String> metrics() {
        return metrics;
    }

    /** What the drift functions logged (other than metric lines). */
    List<String> log() {
        return log;
    }

    /** IAM actions seen per drift function. */
    Map<String, Set<String>> actionsByFunction() {
        return actionsByFunction;
    }

    /** The security group of the database-checking function. */
    String databaseFunctionGroup() {
        return databaseFunctionGroup;
    }

    /** What the latest setup's parameter group, PrivateLink (each round) and security group stages planned and applied. */
    List<StageResult> lastSetup() {
        return List.copyOf(lastSetup);
    }

    /** The stack's parameters as the last deploy set them. */
    Map<String, String> environment() {
        return environment;
    }

    /**
     * Redeploys the stack with these parameters instead of the ones it had (the database function's group, the state
     * machines and the ones not named stay): setups and drift runs after this read them.
     */
    public void redeploy(Map<String, String> parameters) {
        Map<String, String> env = new HashMap<>(parameters);
        env.put(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE, databaseFunctionGroup);
        env.put(DriftConfig.SETUP_STATE_MACHINE_ARN, SETUP_ARN);
        env.put(DriftConfig.DRIFT_STATE_MACHINE_ARN, DRIFT_ARN);
        environment = Map.copyOf(env);
    }

    /**
     * Database checks on (otherwise skipped), through the publication stage's connector and secrets, and the
     * setup runs the publication stage too for clusters whose database answers.
     */
    public DriftWorld withDatabases() {
        this.checkDatabases = true;
        return this;
    }

    /** Materialize's SQL API opened with this trust (a stand-in's) by the setup and the drift functions from now. */
    public DriftWorld materializeTrust(SSLContext trust) {
        this.materialize = new MaterializeAccess(sim.secretsManager(), trust);
        return this;
    }

    /** The PrivateLink stage's reads on this world (DNS: the simulator's instance endpoints), as the drift function's. */
    public PrivateLinkReads privateLinkReads() {
        return PrivateLinkReads.direct(sim.elbv2(), sim.ec2(), sim.rds(), sim.rds()::resolve);
    }

    SecretStore secrets() {
        return new SecretStore(sim.secretsManager());
    }

    PgConnector pgConnector() {
        return DriftAreas.pgConnector(new DriftConfig(25, null, "default", "ns", 2, Duration.ofSeconds(2),
                DriftThresholds.defaults(), 5, null));
    }

    public ClusterBuilder cluster(String id) {
        return sim.newCluster(id).tag(Tags.DEFAULT_TRIGGER_KEY, Tags.TRIGGER_VALUE);
    }

    /**
     * Runs the setup on the cluster as the setup state machine would, unrecorded: Inspect, parameter group,
     * PrivateLink (networkPath privatelink only, each round waited for while it awaits),
     * security group, reboot, and (with databases on) the publication stage.
     */
    void setUp(String clusterId) {
        setUp(clusterId, checkDatabases);
    }

    public void setUp(String clusterId, boolean publication) {
        setUp(clusterId, publication, Map.of());
    }

    /**
     * As {@link #setUp(String, boolean)} with these execution input fields (a manual setup's, or a repair's), ending
     * with the real Report: status tag, completion event, and the run stored as the cluster's desired state.
     */
    public void setUp(String clusterId, boolean publication, Map<String, JsonNode> input) {
        sim.unrecorded(() -> {
            var fields = Json.MAPPER.createObjectNode().put("clusterIdentifier", clusterId);
            overrides.forEach(fields::set);
            input.forEach(fields::set);
            String executionArn = sim.sfn().registerExecution(SETUP_ARN, "setup-" + clusterId + "-" + (++setups),
                    Json.write(fields));
            var handle = new ExecutionHandle(executionArn, UUID.randomUUID().toString());
            var stage = new StageInput(handle);
            // The real setup functions as deployed, invoked with JSON as Lambda does; the reboot loop is the simulator's.
            var setup = SimFunctions.setup(sim, SETUP_ARN, StackSettings.fixed(environment), pgConnector(), materialize);
            SetupContext context = SimFunctions.invoke(setup.get("InspectFunction"),
                    new InspectRequest(fields, handle, sim.clock().instant().toString()), SetupContext.class);
            lastSetup.clear();
            StageResult parameterGroup = SimFunctions.invoke(setup.get("ParameterGroupFunction"), stage, StageResult.class);
            lastSetup.add(parameterGroup);
            if (context.settings().networkPath() == NetworkPath.PRIVATELINK) {
                privateLink(setup.get("PrivateLinkFunction"), stage);
            }
            lastSetup.add(SimFunctions.invoke(setup.get("SecurityGroupFunction"), stage, StageResult.class));
            if ("true".equals(parameterGroup.facts().get("rebootNeeded"))) {
                // As the setup does (readerReboot=rolling): the writer, then each reader, each waited for.
                List<String> members = new ArrayList<>(List.of(context.cluster().writerInstanceId()));
                members.addAll(context.cluster().readerInstanceIds());
                for (String member : members) {
                    sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(member));
                    sim.clock().advance(Duration.ofMinutes(5));
                    sim.settle();
                }
            }
            if (publication) {
                SimFunctions.invoke(setup.get("PublicationFunction"), stage, StageResult.class);
            }
            SimFunctions.invoke(setup.get("ReportFunction"), new ReportRequest(fields, handle, null), JsonNode.class);
            sim.sfn().finishExecution(executionArn, ExecutionStatus.SUCCEEDED);
        });
    }

    /** The PrivateLink stage as the setup state machine loops on it: each round waited for while it awaits (bounded). */
    private void privateLink(RequestStreamHandler function, StageInput stage) {
        for (int round = 0; round < PRIVATELINK_ROUNDS; round++) {
            StageResult result = SimFunctions.invoke(function, stage, StageResult.class);
            lastSetup.add(result);
            if (!"true".equals(result.facts().get(PrivateLinkPlan.AWAITING_FACT))) {
                return;
            }
            sim.clock().advance(Duration.ofSeconds(PrivateLinkHandler.WAIT_SECONDS));
            sim.settle();
        }
        throw new IllegalStateException("The PrivateLink stage still awaits after " + PRIVATELINK_ROUNDS + " rounds");
    }

    public ClusterHandle setUpNew(ClusterBuilder builder) {
        return setUpNew(builder, checkDatabases);
    }

    ClusterHandle setUpNew(ClusterBuilder builder, boolean publication) {
        ClusterHandle handle = builder.create();
        setUp(handle.clusterId(), publication);
        return handle;
    }

    SetupContext context(String clusterId) {
        return context(clusterId, Map.of());
    }

    private SetupContext context(String clusterId, Map<String, JsonNode> input) {
        Map<String, JsonNode> fields = new HashMap<>(overrides);
        fields.putAll(input);
        var inspection = new ClusterInspector(sim.rds(), new SettingsResolver(environment))
                .inspect(new SetupRequest(clusterId, false, fields));
        return new SetupContext("setup-" + clusterId + "-" + (++setups), sim.clock().instant().toString(), false,
                inspection.cluster(), inspection.settings(), inspection.warnings());
    }

    public DBCluster describe(String clusterId) {
        return sim.rds().describeDBClusters(r -> r.dbClusterIdentifier(clusterId)).dbClusters().getFirst();
    }

    /**
     * What one drift run found, per cluster: what its events announced ({@code findings}) and everything its checks
     * handed the report, information included ({@code checked}, as the execution history shows it).
     */
    record Run(RunSummary summary, Map<String, List<Finding>> findings, Map<String, List<Finding>> checked,
               long calls, long mutatingCalls) {
        List<Finding> of(String cluster) {
            return findings.getOrDefault(cluster, List.of());
        }

        List<Finding> checkedOf(String cluster) {
            return checked.getOrDefault(cluster, List.of());
        }

        List<FindingKind> kinds(String cluster) {
            return of(cluster).stream().map(Finding::kind).toList();
        }
    }

    /** One drift execution, step by step as drift.asl.json runs it (Map items one after the other). */
    Run drift() {
        String runId = "drift-run-" + (++runs);
        String[] runArn = new String[1];
        sim.unrecorded(() -> runArn[0] = sim.sfn().registerExecution(DRIFT_ARN, runId, "{}")); // its Report checks it runs
        sim.clearCalls();
        int eventsBefore = sim.eventBridge().sentEvents().size();
        Functions functions = functions();
        DriftRun run = attributed("ListTaggedClustersFunction",
                () -> functions.list().handle(new ListInput(runId, sim.clock().instant().toString(), Json.MAPPER.createObjectNode())));
        var controlPlane = functions.controlPlane();
        var databases = functions.databases();
        var report = functions.report();
        List<BatchSummary> results = new ArrayList<>();
        Map<String, List<Finding>> checkedFindings = new TreeMap<>();
        for (DriftRun.Batch batch : run.batches()) {
            BatchCheck checked = attributed("CheckControlPlaneFunction", () -> controlPlane.handle(
                    new BatchInput(runId, run.startedAt(), batch.clusterIds(), run.sharedParameterGroups())));
            if (checkDatabases) {
                BatchCheck controlPlaneChecked = checked;
                checked = attributed("CheckDatabasesFunction", () -> databases.handle(controlPlaneChecked));
            } else {
                checked = new BatchCheck(checked.runId(), checked.startedAt(), checked.clusters().stream()
                        .map(c -> c.withDatabaseFindings(List.of())).toList());
            }
            BatchCheck toReport = checked;
            toReport.clusters().forEach(c -> checkedFindings.put(c.cluster(), c.findings()));
            results.add(attributed("ReportDriftFunction", () -> report.handle(
                    new ReportInput(runId, run.startedAt(), batch.clusterIds(), toReport, null, null))));
        }
        RunSummary summary = attributed("SummarizeDriftFunction", () -> functions.summarize().handle(new SummaryInput(runId,
                run.startedAt(), run.clusterCount(), run.skipped(), results)));
        sim.unrecorded(() -> sim.sfn().finishExecution(runArn[0], ExecutionStatus.SUCCEEDED));
        return new Run(summary, findingsSince(eventsBefore), checkedFindings, sim.callCount(), sim.mutatingCallCount());
    }

    /** The findings of each "Aurora CDC Drift Detected" event sent since the {@code first} event, by cluster. */
    public Map<String, List<Finding>> findingsSince(int first) {
        Map<String, List<Finding>> findings = new TreeMap<>();
        for (var event : sim.eventBridge().sentEvents().subList(first, sim.eventBridge().sentEvents().size())) {
            if (!DriftReporter.DETAIL_TYPE.equals(event.detailType())) {
                continue; // a setup's completion event
            }
            JsonNode detail = Json.read(event.detail(), JsonNode.class);
            List<Finding> ofCluster = new ArrayList<>();
            detail.get("findings").forEach(f -> ofCluster.add(Json.convert(f, Finding.class)));
            findings.put(detail.get("clusterIdentifier").asText(), ofCluster);
        }
        return findings;
    }

    /** The five drift functions on this world, as the stack wires them (database checks through its connector). */
    private record Functions(ListTaggedClustersHandler list, CheckControlPlaneHandler controlPlane,
                             CheckDatabasesHandler databases, ReportDriftHandler report, SummarizeDriftHandler summarize) {
    }

    private Functions functions() {
        // As deployed: each function reads the stack settings (the SSM parameter) per invocation; sinks are the test's.
        var stack = deployedStackSettings();
        var cache = new RunCache.Holder(); // one container: its batches share the run's reads, as in Lambda
        return new Functions(
                DriftFunctions.listTaggedClusters(stack.perInvocation(env -> new ClusterLister(sim.rds(),
                        new SettingsResolver(env), DriftConfig.fromEnvironment(env)))),
                DriftFunctions.checkControlPlane(stack.perInvocation(env -> new ControlPlaneCheck(sim.rds(), sim.ec2(),
                        new SettingsResolver(env), DriftAreas.controlPlaneAreas(env, materialize, privateLinkReads()), overrides, state, cache))),
                DriftFunctions.checkDatabases(sim.rds(), stack, env -> new DatabaseCheck(
                        new AdminDatabaseConnector(secrets(), pgConnector()),
                        DriftAreas.databaseAreas(DriftConfig.fromEnvironment(env), metrics::add, secrets(), pgConnector()), 2)),
                DriftFunctions.reportDrift(stack.perInvocation(env -> new DriftReporter(sim.rds(), sim.eventBridge(),
                        sim.sfn(), DriftConfig.fromEnvironment(env), metrics::add, log::add, Clock.systemUTC()))),
                DriftFunctions.summarizeDrift(DriftConfig.fromEnvironment(environment).metricsNamespace(), metrics::add,
                        Clock.systemUTC()));
    }

    private StackSettings deployedStackSettings() {
        String parameter = "/aurora-cdc-autopilot/local/stack-settings";
        sim.ssm().deploy(parameter, StackSettings.encode(environment));
        return StackSettings.fromParameter(sim.ssm(), parameter, Map.of());
    }

    /**
     * The drift functions by the name each {@code ${...FunctionArn}} of drift.asl.json is substituted with
     * (the template's logical IDs: ListTaggedClustersFunction, ...), for a local
     * execution of the real state machine.
     */
    public Map<String, RequestStreamHandler> driftFunctions() {
        Functions functions = functions();
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        handlers.put("ListTaggedClustersFunction", functions.list());
        handlers.put("CheckControlPlaneFunction", functions.controlPlane());
        handlers.put("CheckDatabasesFunction", functions.databases());
        handlers.put("ReportDriftFunction", functions.report());
        handlers.put("SummarizeDriftFunction", functions.summarize());
        return handlers;
    }

    /** Runs one handler and records the IAM actions of the calls it made. */
    private <T> T attributed(String function, Supplier<T> step) {
        int before = sim.calls().size();
        T result = step.get();
        var actions = actionsByFunction.computeIfAbsent(function, f -> new TreeSet<>());
        sim.calls().subList(before, sim.calls().size()).forEach(call -> actions.add(switch (call.service()) {
            case "eventbridge" -> "events";
            case "sfn" -> "states";
            case "elbv2" -> "elasticloadbalancing";
            default -> call.service();
        } + ":" + call.operation()));
        return result;
    }

    /** A drift execution as Step Functions knows it while it runs (its batches are reported only then); its ARN. */
    public String startDriftRun(String name) {
        String[] arn = new String[1];
        sim.unrecorded(() -> arn[0] = sim.sfn().registerExecution(DRIFT_ARN, name, "{}"));
        return arn[0];
    }

    public void endDriftRun(String arn) {
        sim.unrecorded(() -> sim.sfn().finishExecution(arn, ExecutionStatus.SUCCEEDED));
    }

    /** The setup executions drift runs started as repairs (not the setups this world ran itself). */
    public List<SimSfn.Execution> repairs() {
        return sim.sfn().executions().stream().filter(e -> e.stateMachineArn().equals(SETUP_ARN)
                && e.name().startsWith(RepairDecision.NAME_PREFIX)).toList();
    }

    /** What a repair execution does: the setup, for each cluster the drift check started it for. */
    public List<String> runStartedRepairs() {
        List<String> repaired = new ArrayList<>();
        for (var execution : sim.sfn().executions()) {
            if (execution.status() == ExecutionStatus.RUNNING) {
                JsonNode input = Json.read(execution.input(), JsonNode.class);
                String cluster = input.get("clusterIdentifier").asText();
                Map<String, JsonNode> fields = new HashMap<>();
                input.fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue()));
                fields.remove("clusterIdentifier");
                setUp(cluster, checkDatabases, fields); // with the repair's input: the recorded desired state
                sim.sfn().finishExecution(execution.executionArn(), ExecutionStatus.SUCCEEDED);
                repaired.add(cluster);
            }
        }
        return repaired;
    }
}
