package com.auroracdc.local.run;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.clusterstate.ClusterStateTable;
import com.auroracdc.clusterstate.RenewLeaseHandler;
import com.auroracdc.inspect.InspectHandler;
import com.auroracdc.local.sim.StateTable;
import com.auroracdc.settings.LocalOnly;
import com.auroracdc.local.pg.EmbeddedCluster;
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
import com.auroracdc.local.template.SamTemplate;
import com.auroracdc.settings.StackSettings;
import com.auroracdc.parametergroup.ParameterGroupHandler;
import com.auroracdc.publication.PgConnector;
import com.auroracdc.publication.PublicationHandler;
import com.auroracdc.publication.Timeouts;
import com.auroracdc.reboot.AwaitRebootHandler;
import com.auroracdc.reboot.RebootHandler;
import com.auroracdc.report.ReportHandler;
import com.auroracdc.securitygroup.SecurityGroupHandler;
import com.auroracdc.stage.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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

    private final SimAws sim = SimAws.create();
    private final EmbeddedCluster writer;
    private final ClusterHandle cluster;
    private final LocalLambdaEndpoint lambda;
    private final StateMachineRunner runner;
    private final SamTemplate template = SamTemplate.load(ROOT.resolve("template.yaml"));
    private final SamTemplate.StateMachine setup = template.stateMachine("SetupStateMachine").orElseThrow();
    private final AtomicInteger executions = new AtomicInteger();
    private final Map<String, String> stack;
    private final ClusterStateTable state = StateTable.of(sim);

    public LocalAutopilot(Scenario scenario) {
        this(scenario, Map.of());
    }

    /** @param stack stack parameters (Lambda environment variables) the handlers see, e.g. ALLOW_PUBLIC_SOURCE */
    public LocalAutopilot(Scenario scenario, Map<String, String> stack) {
        this.stack = Map.copyOf(stack);
        writer = EmbeddedCluster.start(EmbeddedCluster.Options.defaults(EmbeddedCluster.Major.PG17).withLogical(false));
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
    public ClusterStateTable state() {
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
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("clusterIdentifier", CLUSTER);
        input.put("sslMode", "disable"); // the embedded writer has no TLS; real clusters keep verify-full
        input.putAll(overrides);
        String name = "local-" + executions.incrementAndGet();
        String stateMachineName = setup.definitionFile().getFileName().toString().replace(".asl.json", "");
        String executionArn = sim.sfn().registerExecution(LocalArns.stateMachine(stateMachineName), name, Json.write(input));
        ExecutionRequest request = ExecutionRequest.builder(setup.definitionFile())
                .stateMachineName(stateMachineName)
                .substitutions(template.localSubstitutions(setup))
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
        StateMachineRunner.RunningExecution running = runner.startExecution(request);
        running.result().whenComplete((result, error) -> sim.sfn().finishExecution(executionArn,
                result != null && result.succeeded() ? software.amazon.awssdk.services.sfn.model.ExecutionStatus.SUCCEEDED
                        : software.amazon.awssdk.services.sfn.model.ExecutionStatus.FAILED));
        return running;
    }

    /** A Wait state lasts milliseconds here; the simulated clock moves on as far as the real one would have. */
    private void advanceSimulatedTime(com.auroracdc.local.sfn.ExecutionEvent event) {
        if (event.type() != com.auroracdc.local.sfn.ExecutionEvent.Type.StateEntered || !"Wait".equals(event.stateType())) {
            return;
        }
        switch (event.state()) {
            case "WaitForReboot" -> sim.clock().advance(Duration.ofSeconds(event.input().path("rebootStatus").path("waitSeconds").asLong()));
            case "WaitForStatus" -> sim.clock().advance(Duration.ofSeconds(com.auroracdc.reboot.RebootSchedule.SETTLE_WAIT_SECONDS));
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
        String lambdaGroup = sim.ec2().seedSecurityGroup(cluster.vpcId(), "autopilot-database-function",
                "Aurora CDC Autopilot database function", Map.of());
        // As deployed: the stack settings in the SSM parameter CloudFormation writes, read by each invocation.
        Map<String, String> deployed = new LinkedHashMap<>(stack);
        deployed.put(com.auroracdc.securitygroup.DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE, lambdaGroup);
        String parameter = template.stackSettingsParameterName();
        sim.ssm().deploy(parameter, StackSettings.encode(deployed));
        StackSettings settings = StackSettings.fromParameter(sim.ssm(), parameter, Map.of());
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        handlers.put("InspectFunction", new InspectHandler(sim.rds(), state, settings));
        handlers.put("ParameterGroupFunction", new ParameterGroupHandler(sim.rds(), settings));
        handlers.put("SecurityGroupFunction", new SecurityGroupHandler(sim.rds(), sim.ec2(), settings));
        handlers.put("RebootFunction", new RebootHandler(sim.rds(), sim.clock(), settings));
        handlers.put("AwaitRebootFunction", new AwaitRebootHandler(sim.rds(), sim.clock()));
        handlers.put("PublicationFunction", new PublicationHandler(sim.rds(), sim.secretsManager(),
                new PgConnector(Timeouts.defaults()), settings));
        handlers.put("ReportFunction", new ReportHandler(sim.rds(), sim.eventBridge(), state, settings));
        handlers.put("RenewLeaseFunction", new RenewLeaseHandler(state));
        return handlers;
    }

    @Override
    public void close() {
        runner.close();
        lambda.close();
        writer.close();
    }
}
