package com.auroracdc.local.run;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.aws.AwsClients;
import com.auroracdc.inspect.InspectHandler;
import com.auroracdc.settings.LocalOnly;
import com.auroracdc.local.sfn.ExecutionRequest;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sfn.LocalLambdaEndpoint;
import com.auroracdc.local.sfn.StateMachineRunner;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.template.SamTemplate;
import com.auroracdc.parametergroup.ParameterGroupHandler;
import com.auroracdc.publication.PublicationHandler;
import com.auroracdc.reboot.AwaitRebootHandler;
import com.auroracdc.reboot.RebootHandler;
import com.auroracdc.report.ReportHandler;
import com.auroracdc.report.SetupReporter;
import com.auroracdc.securitygroup.SecurityGroupHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./autopilot local [flags]}: the whole setup on an embedded cluster, twice (the second run must find
 * nothing to change). {@code ./autopilot run --cluster NAME [flags]}: laptop mode, the same state machine and
 * handlers against a real AWS account through the default credential chain.
 */
public final class LocalRunner {
    private static final String USAGE = """
            usage: ./autopilot local [--dry-run] [--reboot-policy immediate|maintenance-window|never]
                                     [--tables "public.orders billing.*"] [--scenario NAME] [--once]
                                     [--egress-cidrs "3.215.237.32/27 52.6.209.3/32"]
                   ./autopilot run --cluster NAME [--dry-run] [--reboot-policy ...] [--tables ...]
                                     [--database-host HOST --database-port PORT] [--ssl-mode verify-full|require]
            scenarios:\s""";

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        try {
            int code = new LocalRunner().run(List.of(args));
            System.exit(code);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE + String.join(", ", java.util.Arrays.stream(Scenario.values()).map(Scenario::cliName).toList()));
            System.exit(2);
        }
    }

    int run(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("Say 'local' or 'aws'.");
        }
        Flags flags = Flags.parse(args.subList(1, args.size()));
        return switch (args.getFirst()) {
            case "local" -> local(flags);
            case "aws" -> laptop(flags);
            default -> throw new IllegalArgumentException("Unknown command '" + args.getFirst() + "'.");
        };
    }

    private int local(Flags flags) {
        Scenario scenario = Scenario.named(flags.value("--scenario", "default-group"));
        out.printf("Aurora CDC Autopilot, local run: cluster %s (%s)%n", LocalAutopilot.CLUSTER, scenario.description());
        try (LocalAutopilot autopilot = new LocalAutopilot(scenario)) {
            out.printf("  simulated AWS control plane; embedded PostgreSQL on localhost:%d playing the writer (wal_level=replica until rebooted)%n%n",
                    autopilot.writer().port());
            Map<String, Object> overrides = new LinkedHashMap<>(flags.overrides());
            // Materialize's egress addresses come from SELECT * FROM mz_egress_ips; these stand in for them.
            overrides.putIfAbsent("egressCidrs", "3.215.237.32/27 52.6.209.3/32");
            out.println("Run 1");
            ExecutionResult first = autopilot.setup(overrides, new ProgressPrinter(out));
            summarize(first);
            if (flags.has("--once") || !first.succeeded() || flags.has("--dry-run")) {
                return first.succeeded() ? 0 : 1;
            }
            out.println();
            out.println("Run 2 (the same setup again: it must find nothing to change)");
            long before = autopilot.sim().mutatingCallCount();
            ExecutionResult second = autopilot.setup(overrides, new ProgressPrinter(out));
            summarize(second);
            long writes = autopilot.sim().mutatingCallCount() - before;
            out.printf("%nSecond run: %d mutating AWS call(s), %d change(s).%n", writes, second.output().path("changes").size());
            return second.succeeded() ? 0 : 1;
        }
    }

    private int laptop(Flags flags) {
        String cluster = flags.value("--cluster", null);
        if (cluster == null) {
            throw new IllegalArgumentException("Laptop mode needs --cluster NAME.");
        }
        if ("maintenance-window".equals(flags.value("--reboot-policy", null))) {
            throw new IllegalArgumentException("Laptop mode does not wait days for a maintenance window: use the deployed stack.");
        }
        SamTemplate template = SamTemplate.load(LocalAutopilot.ROOT.resolve("template.yaml"));
        SamTemplate.StateMachine setup = template.stateMachine("SetupStateMachine").orElseThrow();
        Map<String, Object> input = new LinkedHashMap<>(flags.overrides());
        input.put("clusterIdentifier", cluster);
        out.printf("Aurora CDC Autopilot, laptop mode: cluster %s in %s%s%n%n", cluster,
                System.getenv().getOrDefault("AWS_REGION", "the default region"), flags.has("--dry-run") ? " (dry run)" : "");
        try (LocalLambdaEndpoint lambda = LocalLambdaEndpoint.start(); StateMachineRunner runner = new StateMachineRunner(lambda)) {
            realHandlers().forEach(lambda::register);
            ExecutionResult result = runner.run(ExecutionRequest.builder(setup.definitionFile())
                    .substitutions(template.localSubstitutions(setup))
                    .inputValue(input)
                    .waitMillis(Duration.ofSeconds(30).toMillis()) // WaitForReboot, for real
                    .realRetryIntervals()
                    .timeout(Duration.ofHours(2))
                    .listener(new ProgressPrinter(out))
                    .build());
            summarize(result);
            return result.succeeded() ? 0 : 1;
        }
    }

    /** The deployed handlers with real clients; the setup lock is off: no deployed state machine is asked. */
    private static Map<String, RequestStreamHandler> realHandlers() {
        LocalOnly.allowForLocalRunner(); // laptop mode: --ssl-mode, --database-host/-port reach a tunnel
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        handlers.put("InspectFunction", new InspectHandler(AwsClients.rds(), null, System.getenv()));
        handlers.put("ParameterGroupFunction", new ParameterGroupHandler());
        handlers.put("SecurityGroupFunction", new SecurityGroupHandler());
        handlers.put("RebootFunction", new RebootHandler());
        handlers.put("AwaitRebootFunction", new AwaitRebootHandler());
        handlers.put("PublicationFunction", new PublicationHandler());
        handlers.put("ReportFunction", new ReportHandler());
        return handlers;
    }

    private void summarize(ExecutionResult result) {
        out.println();
        if (!result.succeeded()) {
            out.printf("Result: failed with %s%n  %s%n", SetupReporter.simpleName(result.error()), result.causeMessage());
            return;
        }
        JsonNode report = result.output();
        out.printf("Result: %s%n", report.path("status").asText());
        list("Changes", report.path("changes"));
        list("Warnings", report.path("warnings"));
        if (report.hasNonNull("proof")) {
            out.printf("Proof that changes stream: %s%n", report.path("proof").asText());
        }
        if (report.hasNonNull("nextSteps")) {
            out.println("Next:");
            report.path("nextSteps").asText().lines().forEach(line -> out.println("  " + line));
        }
    }

    private void list(String title, JsonNode items) {
        if (items.isEmpty()) {
            out.printf("%s: none%n", title);
            return;
        }
        out.printf("%s (%d):%n", title, items.size());
        items.forEach(item -> out.println("  - " + item.asText()));
    }

    /** {@code --flag value} and bare {@code --flag} arguments. */
    record Flags(Map<String, String> values) {
        private static final List<String> BARE = List.of("--dry-run", "--once");

        static Flags parse(List<String> args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String flag = args.get(i);
                if (!flag.startsWith("--")) {
                    throw new IllegalArgumentException("Unexpected argument '" + flag + "'.");
                }
                if (BARE.contains(flag)) {
                    values.put(flag, "true");
                } else if (i + 1 < args.size()) {
                    values.put(flag, args.get(++i));
                } else {
                    throw new IllegalArgumentException(flag + " needs a value.");
                }
            }
            return new Flags(values);
        }

        boolean has(String flag) {
            return values.containsKey(flag);
        }

        String value(String flag, String fallback) {
            return values.getOrDefault(flag, fallback);
        }

        /** Execution input fields from the flags; the setup itself validates them. */
        Map<String, Object> overrides() {
            Map<String, Object> input = new LinkedHashMap<>();
            List<String> known = new ArrayList<>(List.of("--dry-run", "--once", "--scenario", "--cluster"));
            map(input, "--dry-run", "dryRun", v -> true);
            map(input, "--reboot-policy", "rebootPolicy", v -> v);
            map(input, "--tables", "tables", v -> v);
            map(input, "--database-host", "databaseHost", v -> v);
            map(input, "--database-port", "databasePort", v -> v);
            map(input, "--ssl-mode", "sslMode", v -> v);
            map(input, "--egress-cidrs", "egressCidrs", v -> v);
            known.addAll(List.of("--reboot-policy", "--tables", "--database-host", "--database-port", "--ssl-mode", "--egress-cidrs"));
            values.keySet().stream().filter(f -> !known.contains(f)).findFirst().ifPresent(f -> {
                throw new IllegalArgumentException("Unknown flag " + f + ".");
            });
            return input;
        }

        private void map(Map<String, Object> input, String flag, String field, java.util.function.Function<String, Object> value) {
            if (values.containsKey(flag)) {
                input.put(field, value.apply(values.get(flag)));
            }
        }
    }
}
