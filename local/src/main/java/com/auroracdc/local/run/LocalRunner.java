package com.auroracdc.local.run;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.errors.AutopilotException;
import com.auroracdc.errors.AwsCallException;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.execution.ClusterState;
import com.auroracdc.internal.execution.DynamoDbClusterState;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.InMemoryClusterState;
import com.auroracdc.internal.execution.TeardownOptions;
import com.auroracdc.internal.report.SetupReporter;
import com.auroracdc.internal.settings.LocalOnly;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.lambda.AwsApis;
import com.auroracdc.lambda.SetupFunctions;
import com.auroracdc.local.sfn.ExecutionRequest;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sfn.LocalArns;
import com.auroracdc.local.sfn.LocalLambdaEndpoint;
import com.auroracdc.local.sfn.StateMachineRunner;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code ./autopilot local [flags]}: the whole setup on an embedded cluster, twice (the second run must find
 * nothing to change); with {@code --drift}, a drift check over a simulated fleet ({@link LocalDrift}).
 * {@code ./autopilot run --cluster NAME [flags]}: laptop mode, the same state machine and handlers against a real
 * AWS account through the default credential chain. Every flag is checked ({@link CommandLine}) before anything
 * starts; with {@code -Dautopilot.checkOnly=true} that is all it does (the script asks before it builds).
 */
public final class LocalRunner {
    /** The local teardown's stand-in for the replication slot a Materialize source creates. */
    static final String LOCAL_SLOT = "materialize_local_0001";

    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<AwsApis> apis;
    private final Map<String, String> environment;

    LocalRunner(PrintStream out) {
        this(out, System.err, AwsApis::real, System.getenv());
    }

    /**
     * @param apis        the AWS APIs laptop mode calls (built only when it runs)
     * @param environment laptop mode's process environment: the stack parameters in effect, the table, the region
     */
    LocalRunner(PrintStream out, PrintStream err, Supplier<AwsApis> apis, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.apis = apis;
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(new LocalRunner(System.out).start(List.of(args)));
    }

    /** The whole command: its flags checked, then run. Returns the exit status (2: the flags are wrong). */
    int start(List<String> args) {
        // This process is the local runner: --ssl-mode, --database-host and --database-port are its to take, and the
        // flags are checked as the runner will apply them (a deployed function still refuses them, see LocalOnly).
        LocalOnly.allowForLocalRunner();
        String command = args.isEmpty() ? "local" : args.getFirst();
        CommandLine line;
        try {
            line = CommandLine.parse(args, "run".equals(command) ? environment : Map.of());
        } catch (CommandLineException e) {
            err.println(e.getMessage());
            err.println("Every flag: ./autopilot " + command + " --help");
            return 2;
        }
        if (line.help()) {
            out.print(line.usage());
            return 0;
        }
        if (Boolean.getBoolean("autopilot.checkOnly")) {
            return 0;
        }
        try {
            return run(line);
        } catch (AutopilotException e) {
            // region, credentials or an AWS call outside any state (laptop mode): one line, no stack trace
            err.printf("%s: %s%n", e.getClass().getSimpleName(), e.getMessage());
            return 1;
        }
    }

    int run(CommandLine line) {
        return switch (line.mode()) {
            case LOCAL -> line.has("--drift") ? new LocalDrift(out).run(line.has("--repair")) : local(line);
            case RUN -> laptop(line);
        };
    }

    private int local(CommandLine line) {
        Scenario scenario = line.scenario();
        out.printf("Aurora CDC Autopilot, local run: cluster %s (%s)%n", LocalAutopilot.CLUSTER, scenario.description());
        // the simulated clock starts at today's time, so the dates printed (windows, records) are today's
        boolean privateLink = LocalPrivateLink.wanted(line);
        Map<String, String> stack = privateLink ? LocalPrivateLink.stack(line.stack()) : line.stack();
        try (LocalAutopilot autopilot = new LocalAutopilot(scenario, stack,
                Instant.now().truncatedTo(ChronoUnit.SECONDS))) {
            out.printf("  simulated AWS control plane; embedded PostgreSQL on localhost:%d playing the writer (wal_level=replica until rebooted)%n",
                    autopilot.writer().port());
            if (privateLink) {
                out.printf("  network path privatelink: an internal load balancer and a VPC endpoint service in front of the"
                        + " writer (allowed principal %s)%n", stack.get(LocalPrivateLink.PRINCIPALS_VARIABLE));
            }
            if (!line.has("--materialize")) {
                out.println();
                return line.has("--teardown") ? teardown(autopilot, line) : setups(autopilot, line);
            }
            try (LocalMaterialize materialize = LocalMaterialize.start(autopilot, stack, out)) {
                out.println();
                int status = line.has("--teardown") ? teardown(autopilot, line) : setups(autopilot, line);
                materialize.printStatements(autopilot, out);
                return status;
            }
        }
    }

    /** Run 1, then (unless --once, a dry run or a failure) run 2, which must change nothing. */
    private int setups(LocalAutopilot autopilot, CommandLine line) {
        boolean dryRun = line.has("--dry-run");
        out.println("Run 1" + (dryRun ? " (dry run: plans, changes nothing)" : ""));
        ProgressPrinter firstProgress = new ProgressPrinter(out, line.has("--verbose"));
        ExecutionResult first = autopilot.setup(line.input(), firstProgress);
        summarize(first, firstProgress, dryRun);
        autopilot.state().record(LocalAutopilot.CLUSTER).ifPresent(record -> RecordPrinter.print(out, record));
        if (line.has("--once") || !first.succeeded() || dryRun) {
            return first.succeeded() ? 0 : 1;
        }
        out.println();
        out.println("Run 2 (the same setup again: it must find nothing to change)");
        long before = autopilot.sim().mutatingCallCount();
        ProgressPrinter secondProgress = new ProgressPrinter(out, line.has("--verbose"));
        ExecutionResult second = autopilot.setup(line.input(), secondProgress);
        summarize(second, secondProgress, false, !line.has("--verbose"));
        var recorded = autopilot.state().record(LocalAutopilot.CLUSTER).orElseThrow();
        out.printf("%nRun 2 read run 1's record and kept the group it replaced (%s); record now by %s.%n",
                recorded.resources().replacedParameterGroup(), recorded.executionId());
        long writes = autopilot.sim().mutatingCallCount() - before;
        out.printf("%nSecond run: %d mutating AWS call(s), %d change(s).%n", writes, second.output().path("changes").size());
        if (second.succeeded() && LocalPrivateLink.wanted(line)) {
            LocalPrivateLink.failOverAndRetarget(autopilot, out);
        }
        return second.succeeded() ? 0 : 1;
    }

    /**
     * The setup, then the teardown through its own state machine; with --dry-run the teardown only plans. Materialize's
     * replication slot is stood in for by an inactive materialize_ slot, so the teardown has one to report (and, with
     * --drop-slots, to drop).
     */
    private int teardown(LocalAutopilot autopilot, CommandLine line) {
        Map<String, Object> setupInput = new LinkedHashMap<>(line.input());
        List.of("dryRun", TeardownOptions.DROP_SLOTS, TeardownOptions.RESTORE_PARAMETER_GROUP,
                TeardownOptions.REVERT_REPLICA_IDENTITY).forEach(setupInput::remove);
        out.println("Setup");
        ProgressPrinter setupProgress = new ProgressPrinter(out, line.has("--verbose"));
        ExecutionResult setup = autopilot.setup(setupInput, setupProgress);
        summarize(setup, setupProgress, false, true);
        if (!setup.succeeded()) {
            return 1;
        }
        autopilot.writer().superuserIn(SampleSchema.DATABASE,
                "SELECT pg_create_logical_replication_slot('" + LOCAL_SLOT + "', 'pgoutput')");
        boolean dryRun = line.has("--dry-run");
        out.printf("%nMaterialize's replication slot, stood in for: %s (inactive)%n", LOCAL_SLOT);
        out.println(dryRun ? "\nTeardown (dry run: plans, changes nothing)"
                : "\nTeardown (the owner sets " + Tags.DEFAULT_TRIGGER_KEY + "=" + Tags.DISABLED_VALUE + ")");
        ProgressPrinter progress = new ProgressPrinter(out, line.has("--verbose"));
        ExecutionResult teardown = autopilot.teardown(line.input(), progress);
        summarize(teardown, progress, dryRun);
        autopilot.state().record(LocalAutopilot.CLUSTER).ifPresent(record -> RecordPrinter.print(out, record));
        return teardown.succeeded() ? 0 : 1;
    }

    private int laptop(CommandLine line) {
        String cluster = line.value("--cluster", null);
        SamTemplate template = SamTemplate.load(LocalAutopilot.ROOT.resolve("template.yaml"));
        SamTemplate.StateMachine setup = template.stateMachine("SetupStateMachine").orElseThrow();
        Map<String, Object> input = new LinkedHashMap<>(line.input());
        input.put("clusterIdentifier", cluster);
        LocalExecutions executions = new LocalExecutions();
        Map<String, RequestStreamHandler> handlers;
        try {
            handlers = realHandlers(apis.get(), line.stack(), executions);
        } catch (SdkException e) {
            throw AwsCallException.named(e); // no region: the clients cannot even be built
        }
        String stateMachineName = setup.definitionFile().getFileName().toString().replace(".asl.json", "");
        String executionName = "laptop-" + Instant.now().toEpochMilli();
        String executionArn = LocalArns.execution(stateMachineName, executionName);
        boolean dryRun = line.has("--dry-run");
        out.printf("Aurora CDC Autopilot, laptop mode: cluster %s in %s%s%n%n", cluster,
                environment.getOrDefault("AWS_REGION", "the profile's region"), dryRun ? " (dry run)" : "");
        try (LocalLambdaEndpoint lambda = LocalLambdaEndpoint.start().functionLog(FunctionLog.sink()); StateMachineRunner runner = new StateMachineRunner(lambda)) {
            handlers.forEach(lambda::register);
            ProgressPrinter progress = new ProgressPrinter(out, line.has("--verbose"));
            executions.started(executionArn);
            ExecutionResult result;
            try {
                result = runner.run(ExecutionRequest.builder(setup.definitionFile())
                    .stateMachineName(stateMachineName)
                    .executionName(executionName)
                    .substitutions(template.localSubstitutions(setup))
                    .inputValue(input)
                    .waitMillis(Duration.ofSeconds(30).toMillis()) // WaitForReboot, for real
                    .realRetryIntervals()
                    .timeout(Duration.ofHours(2))
                    .listener(progress)
                    .build());
            } finally {
                executions.ended(executionArn, true);
            }
            summarize(result, progress, dryRun);
            return result.succeeded() ? 0 : 1;
        }
    }

    /**
     * The deployed handlers with real clients, sharing one execution authority: the stack's table when
     * CLUSTER_STATE_TABLE names it (the lock then also keeps deployed setups out), else this process's memory. The stack
     * settings have one source: the stack's SSM parameter when STACK_SETTINGS_PARAMETER names it (flags that stand in
     * for stack parameters are then refused), else the environment and those flags. Inspect reads it once per
     * execution; every later stage reads what Inspect stored.
     */
    private Map<String, RequestStreamHandler> realHandlers(AwsApis aws, Map<String, String> stackFlags,
                                                           LocalExecutions executions) {
        ClusterState state;
        if (environment.containsKey(DynamoDbClusterState.TABLE_VARIABLE)) {
            state = DynamoDbClusterState.fromEnvironment(aws.dynamoDb(), environment);
        } else {
            out.println("No CLUSTER_STATE_TABLE: the cluster's lock and record live in this run's memory only.");
            state = new InMemoryClusterState();
        }
        StackSettings stack;
        String parameter = environment.get(StackSettings.PARAMETER_VARIABLE);
        if (parameter != null && !parameter.isBlank()) {
            if (!stackFlags.isEmpty()) {
                throw new CommandLineException("STACK_SETTINGS_PARAMETER names the stack's settings (" + parameter + "), so "
                        + "flags for stack parameters (" + String.join(", ", stackFlags.keySet()) + ") cannot also apply:"
                        + " one run has one settings source. Unset STACK_SETTINGS_PARAMETER, or drop those flags.");
            }
            stack = StackSettings.fromParameter(aws.ssm(), parameter, Map.of());
        } else {
            Map<String, String> merged = new LinkedHashMap<>(environment);
            merged.putAll(stackFlags);
            stack = StackSettings.fixed(merged);
        }
        ExecutionAuthority authority = new ExecutionAuthority(state, executions, Clock.systemUTC());
        PgConnector connector = new PgConnector(Timeouts.defaults());
        return SetupFunctions.of(aws, stack, authority, connector, environment);
    }

    /** The result, then what was planned or done, counted like Terraform's closing line. */
    private void summarize(ExecutionResult result, ProgressPrinter progress, boolean dryRun) {
        summarize(result, progress, dryRun, false);
    }

    /** @param brief the warnings, the proof and the next steps left out (a second run: the first printed them) */
    private void summarize(ExecutionResult result, ProgressPrinter progress, boolean dryRun, boolean brief) {
        out.println();
        if (!result.succeeded()) {
            out.printf("Result: failed with %s%n  %s%n", SetupReporter.simpleName(result.error()), result.causeMessage());
            // The stage's own message speaks for that stage; what the stages before it did (or planned) is said here.
            out.println(dryRun ? progress.tally().plan().replace("Plan:", "Planned before the failure (dry run, nothing applied):")
                    : progress.tally().applied().replace("Applied:", "Applied by the stages before the failure:"));
            out.println(FunctionLog.where());
            return;
        }
        JsonNode report = result.output();
        out.printf("Result: %s%n", report.path("status").asText());
        if (!brief) {
            list("Warnings", report.path("warnings"));
        }
        if (report.hasNonNull("proof") && !brief) {
            out.printf("Proof that changes stream: %s%n", report.path("proof").asText());
        }
        if (report.hasNonNull("nextSteps") && !brief) {
            out.println("Next:");
            report.path("nextSteps").asText().lines().forEach(line -> out.println("  " + line));
        }
        out.println(dryRun ? progress.tally().plan() : progress.tally().applied());
        out.println(FunctionLog.where());
    }

    private void list(String title, JsonNode items) {
        if (items.isEmpty()) {
            return;
        }
        out.printf("%s (%d):%n", title, items.size());
        items.forEach(item -> out.println("  - " + item.asText()));
    }
}
