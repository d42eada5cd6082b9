package com.auroracdc.local.run;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.execution.ClusterState;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.reboot.RebootSchedule;
import com.auroracdc.internal.securitygroup.DesiredAccess;
import com.auroracdc.internal.settings.LocalOnly;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.lambda.PrivateLinkHandler;
import com.auroracdc.local.materialize.MaterializeStandIn;
import com.auroracdc.local.pg.EmbeddedCluster;
import com.auroracdc.local.sfn.ExecutionEvent;
import com.auroracdc.local.sfn.ExecutionListener;
import com.auroracdc.local.sfn.ExecutionRequest;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sfn.LocalArns;
import com.auroracdc.local.sfn.LocalLambdaEndpoint;
import com.auroracdc.local.sfn.StateMachineRunner;
import com.auroracdc.local.sim.ClusterHandle;
import com.auroracdc.local.sim.RebootEvent;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimClock;
import com.auroracdc.local.sim.SimFunctions;
import com.auroracdc.local.sim.StateTable;
import com.auroracdc.local.template.SamTemplate;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The whole setup on one machine: the real {@code statemachine/setup.asl.json} run by aws-local-stepfunctions,
 * every Task served in-process by the real handler, a simulated AWS control plane, and an embedded PostgreSQL
 * playing the cluster's writer. The writer starts with {@code wal_level=replica} and is restarted with
 * {@code logical} by the simulated reboot, so the reboot really matters. Wait states last a few milliseconds,
 * while the simulated clock moves on by what they would have waited.
 */
public final class LocalAutopilot implements AutoCloseable {
    public static final String CLUSTER = "orders-prod";
    static final Path ROOT = Path.of(System.getProperty("autopilot.root", ".."));

    private final SimAws sim;
    private final EmbeddedCluster writer;
    private final ClusterHandle cluster;
    private final LocalLambdaEndpoint lambda;
    private final StateMachineRunner runner;
    private final SamTemplate template = SamTemplate.load(ROOT.resolve("template.yaml"));
    private final SamTemplate.StateMachine setup = template.stateMachine("SetupStateMachine").orElseThrow();
    private final SamTemplate.StateMachine teardown = template.stateMachine("TeardownStateMachine").orElseThrow();
    private final AtomicInteger executions = new AtomicInteger();
    private final Map<String, String> stack;
    private final ClusterState state;
    /** The database function's security group, which the stack settings name. */
    private String lambdaGroup;

    public LocalAutopilot(Scenario scenario) {
        this(scenario, Map.of());
    }

    /** @param stack stack parameters (Lambda environment variables) the handlers see, e.g. ALLOW_PUBLIC_SOURCE */
    public LocalAutopilot(Scenario scenario, Map<String, String> stack) {
        this(scenario, stack, SimClock.DEFAULT_START);
    }

    /** @param start where the simulated clock starts (tests: a fixed Monday noon; the command line: now) */
    public LocalAutopilot(Scenario scenario, Map<String, String> stack, Instant start) {
        this(scenario, stack, start, EmbeddedCluster.Major.PG17);
    }

    /** @param major the PostgreSQL major the embedded writer runs (PG17, or OLDER: 13) */
    public LocalAutopilot(Scenario scenario, Map<String, String> stack, Instant start, EmbeddedCluster.Major major) {
        this.sim = SimAws.create(SimAws.DEFAULT_REGION, SimAws.DEFAULT_ACCOUNT, new SimClock(start));
        this.state = StateTable.of(sim);
        this.stack = Map.copyOf(stack);
        writer = EmbeddedCluster.start(EmbeddedCluster.Options.defaults(major).withLogical(false));
        SampleSchema.create(writer);
        cluster = scenario.builder(sim, CLUSTER).endpoint("localhost").port(writer.port())
                .masterUsername(EmbeddedCluster.ADMIN).managedMasterSecret(EmbeddedCluster.ADMIN_PASSWORD)
                .databaseName(SampleSchema.DATABASE).create();
        sim.rds().onReboot(this::rebootWriter);
        lambda = LocalLambdaEndpoint.start().functionLog(FunctionLog.sink());
        handlers().forEach((name, handler) -> lambda.register(name, handler));
        runner = new StateMachineRunner(lambda);
    }

    public SimAws sim() {
        return sim;
    }

    /** The stack's cluster-state table in the simulated account: the lock, the record, the run history. */
    public ClusterState state() {
        return state;
    }

    public EmbeddedCluster writer() {
        return writer;
    }

    public ClusterHandle cluster() {
        return cluster;
    }

    public LocalLambdaEndpoint lambda() {
        return lambda;
    }

    /** Runs one setup execution to its end. {@code overrides} are execution input fields besides clusterIdentifier. */
    public ExecutionResult setup(Map<String, Object> overrides, ExecutionListener listener) {
        return start(overrides, listener).await();
    }

    /** Starts a setup execution; the simulator's Step Functions lists it as running until it ends, as AWS would. */
    public StateMachineRunner.RunningExecution start(Map<String, Object> overrides, ExecutionListener listener) {
        return start(overrides, listener, Map.of());
    }

    /** As above, with some Wait states lasting this many real milliseconds (to act while an execution waits there). */
    public StateMachineRunner.RunningExecution start(Map<String, Object> overrides, ExecutionListener listener,
                                                     Map<String, Long> waitMillisByState) {
        return start(setup, overrides, listener, waitMillisByState);
    }

    /**
     * Runs one teardown execution to its end (the trigger tag set to disabled first, as its owner would, unless the
     * overrides ask for a dry run). {@code overrides} are input fields besides clusterIdentifier, e.g. dropSlots.
     */
    public ExecutionResult teardown(Map<String, Object> overrides, ExecutionListener listener) {
        if (!Boolean.TRUE.equals(overrides.get("dryRun"))) {
            disableTrigger();
        }
        return startTeardown(overrides, listener, Map.of()).await();
    }

    /** The cluster as RDS describes it now (not an automation call). */
    public DBCluster describe() {
        DBCluster[] described = new DBCluster[1];
        sim.unrecorded(() -> described[0] = sim.rds().describeDBClusters(r -> r.dbClusterIdentifier(cluster.clusterId()))
                .dbClusters().getFirst());
        return described[0];
    }

    /** The cluster's tags now. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        describe().tagList().forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    /** What the cluster's owner does to stop streaming: the trigger tag set to disabled (not an automation call). */
    public void disableTrigger() {
        tagTrigger(Tags.DISABLED_VALUE);
    }

    /** The owner sets the trigger tag to {@code value} (not an automation call). */
    public void tagTrigger(String value) {
        sim.unrecorded(() -> sim.rds().addTagsToResource(r -> r.resourceName(cluster.clusterArn())
                .tags(t -> t.key(Tags.DEFAULT_TRIGGER_KEY).value(value))));
    }

    /** Starts a teardown execution; as {@link #start(Map, ExecutionListener, Map)}. */
    public StateMachineRunner.RunningExecution startTeardown(Map<String, Object> overrides, ExecutionListener listener,
                                                             Map<String, Long> waitMillisByState) {
        return start(teardown, overrides, listener, waitMillisByState);
    }

    private StateMachineRunner.RunningExecution start(SamTemplate.StateMachine machine, Map<String, Object> overrides,
                                                      ExecutionListener listener, Map<String, Long> waitMillisByState) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("clusterIdentifier", CLUSTER);
        input.put("sslMode", "disable"); // the embedded writer has no TLS; real clusters keep verify-full
        input.putAll(overrides);
        String name = "local-" + executions.incrementAndGet();
        String stateMachineName = stateMachineName(machine);
        String executionArn = sim.sfn().registerExecution(LocalArns.stateMachine(stateMachineName), name, Json.write(input));
        ExecutionRequest.Builder builder = ExecutionRequest.builder(machine.definitionFile());
        waitMillisByState.forEach(builder::waitMillis);
        ExecutionRequest request = builder
                .stateMachineName(stateMachineName)
                .substitutions(template.localSubstitutions(machine))
                .inputValue(input)
                .executionName(name)
                .waitMillis(20)
                .retryIntervalMillis(20)
                .timeout(Duration.ofMinutes(3))
                .listener(event -> {
                    advanceSimulatedTime(event);
                    listener.onEvent(event);
                })
                .build();
        return runner.startExecution(request).onEnd((result, error) -> ended(executionArn, result == null
                ? ExecutionStatus.FAILED
                : ExecutionStatus.fromValue(result.status().name())));
    }

    /**
     * Starts a setup with {@code rebootPolicy=maintenance-window} and returns once it waits for the window (a real
     * minute there, so a test can act meanwhile: stop it, look at its lease).
     */
    public StateMachineRunner.RunningExecution startWaitingForTheWindow(Map<String, Object> overrides) {
        CountDownLatch waiting = new CountDownLatch(1);
        Map<String, Object> input = new LinkedHashMap<>(overrides);
        input.put("rebootPolicy", "maintenance-window");
        var running = start(input, event -> {
            if (event.type() == ExecutionEvent.Type.StateEntered
                    && "WaitForMaintenanceWindow".equals(event.state())) {
                waiting.countDown();
            }
        }, Map.of("WaitForMaintenanceWindow", 60_000L));
        try {
            if (!waiting.await(60, TimeUnit.SECONDS)) {
                running.abort();
                throw new IllegalStateException("The setup did not reach WaitForMaintenanceWindow within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return running;
    }

    /**
     * What AWS does when an execution ends: Step Functions marks it, and the stack's execution-ended rule hands a
     * FAILED, TIMED_OUT or ABORTED one to ExecutionEndedFunction (here invoked through its JSON boundary).
     */
    private void ended(String executionArn, ExecutionStatus status) {
        sim.sfn().finishExecution(executionArn, status);
        if (status == ExecutionStatus.SUCCEEDED) {
            return;
        }
        var event = Json.MAPPER.createObjectNode().put("source", "aws.states")
                .put("detail-type", "Step Functions Execution Status Change");
        event.putObject("detail").put("executionArn", executionArn)
                .put("stateMachineArn", LocalArns.stateMachine(executionArn.split(":")[6]))
                .put("status", status.toString());
        invoke("ExecutionEndedFunction", event);
    }

    /**
     * What EventBridge does with an RDS event the stack's retarget rules match: invokes RetargetFunction with it, through
     * its JSON boundary (as {@link #ended} does for the execution-ended rule). Returns the function's output; a failure
     * is thrown as the handler threw it (Lambda's asynchronous retries are the caller's to model: deliver it again).
     */
    public String deliverRdsEvent(Object event) {
        return invoke("RetargetFunction", event);
    }

    /** One invocation of a function as a rule makes it: the event as JSON in, the output as text. */
    private String invoke(String function, Object event) {
        var out = new ByteArrayOutputStream();
        try {
            lambda.handlers().get(function).handleRequest(new ByteArrayInputStream(
                    Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * An "RDS DB Cluster Event" about this autopilot's cluster as EventBridge delivers it (shape: "Overview of events for
     * Aurora", https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/working-with-events.html; FIDELITY.md), e.g.
     * RDS-EVENT-0071 "Completed failover to DB instance: name" after {@code sim().rds().failover(...)}.
     */
    public ObjectNode rdsClusterEvent(String eventId, String message) {
        String arn = cluster.clusterArn();
        var event = Json.MAPPER.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", "RDS DB Cluster Event").put("source", "aws.rds").put("account", sim.account())
                .put("time", sim.clock().instant().toString()).put("region", sim.region());
        event.putArray("resources").add(arn);
        var detail = event.putObject("detail");
        detail.putArray("EventCategories").add("failover");
        detail.put("SourceType", "CLUSTER").put("SourceArn", arn).put("Date", sim.clock().instant().toString())
                .put("Message", message).put("SourceIdentifier", cluster.clusterId()).put("EventID", eventId);
        return event;
    }

    private static String stateMachineName(SamTemplate.StateMachine machine) {
        return machine.definitionFile().getFileName().toString().replace(".asl.json", "");
    }

    /** Redeploys the stack with these parameters: CloudFormation rewrites the stack settings parameter (a new version). */
    public void redeploy(Map<String, String> parameters) {
        Map<String, String> deployed = new LinkedHashMap<>(parameters);
        deployed.put(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE, lambdaGroup);
        sim.ssm().deploy(template.stackSettingsParameterName(), StackSettings.encode(deployed));
    }

    /** A Wait state lasts milliseconds here; the simulated clock moves on as far as the real one would have. */
    private void advanceSimulatedTime(ExecutionEvent event) {
        if (event.type() != ExecutionEvent.Type.StateEntered || !"Wait".equals(event.stateType())) {
            return;
        }
        switch (event.state()) {
            case "WaitForReboot" -> sim.clock().advance(Duration.ofSeconds(event.input().path("rebootStatus").path("waitSeconds").asLong()));
            case "WaitForStatus" -> sim.clock().advance(Duration.ofSeconds(RebootSchedule.SETTLE_WAIT_SECONDS));
            case "WaitForPrivateLink" -> sim.clock().advance(Duration.ofSeconds(PrivateLinkHandler.WAIT_SECONDS));
            case "WaitForSource" -> sim.clock().advance(Duration.ofSeconds(event.input().path("sourceStatus").path("waitSeconds").asLong()));
            case "WaitForMaintenanceWindow" -> sim.clock().set(
                    Instant.parse(event.input().path("reboot").path("facts").path("waitUntil").asText()));
            default -> { }
        }
    }

    private void rebootWriter(RebootEvent event) {
        if (event.phase() == RebootEvent.Phase.STARTED && event.writer()) {
            Map<String, String> settings = new LinkedHashMap<>();
            event.effectiveClusterParameters().forEach((name, value) -> {
                if (name.startsWith("max_") && value != null && value.matches("\\d+")) {
                    settings.put(name, value); // formulas depend on the instance class; the embedded writer keeps its own
                }
            });
            writer.restart(event.logicalReplicationEnabled(), settings);
        }
    }

    private Map<String, RequestStreamHandler> handlers() {
        LocalOnly.allowForLocalRunner(); // the embedded writer has no TLS and listens on localhost
        lambdaGroup = sim.ec2().seedSecurityGroup(cluster.vpcId(), "autopilot-database-function",
                "Aurora CDC Autopilot database function", Map.of());
        // As deployed: the stack settings in the SSM parameter CloudFormation writes, read by Inspect once per execution.
        Map<String, String> deployed = new LinkedHashMap<>(stack);
        deployed.put(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE, lambdaGroup);
        String parameter = template.stackSettingsParameterName();
        sim.ssm().deploy(parameter, StackSettings.encode(deployed));
        return SimFunctions.all(sim, LocalArns.stateMachine(stateMachineName(setup)),
                LocalArns.stateMachine(stateMachineName(teardown)), StackSettings.fromParameter(sim.ssm(), parameter, Map.of()),
                new PgConnector(Timeouts.defaults()),
                // Locally Materialize is the HTTPS stand-in: its certificate is the only one trusted.
                new MaterializeAccess(sim.secretsManager(), MaterializeStandIn.clientTls()));
    }

    @Override
    public void close() {
        runner.close();
        lambda.close();
        writer.close();
    }
}
