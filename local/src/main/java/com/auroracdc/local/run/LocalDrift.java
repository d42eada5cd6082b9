package com.auroracdc.local.run;

import com.auroracdc.internal.drift.DriftConfig;
import com.auroracdc.internal.drift.DriftThresholds;
import com.auroracdc.internal.drift.DriftWorld;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.RepairMode;
import com.auroracdc.internal.settings.Setting;
import com.auroracdc.local.pg.EmbeddedCluster;
import com.auroracdc.local.sfn.ExecutionEvent;
import com.auroracdc.local.sfn.ExecutionRequest;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sfn.LocalLambdaEndpoint;
import com.auroracdc.local.sfn.StateMachineRunner;
import com.auroracdc.local.sim.ClusterBuilder;
import com.auroracdc.local.sim.ClusterHandle;
import com.auroracdc.local.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./autopilot local --drift [--repair]}: a small fleet on the simulator, set up by the real setup stages,
 * with drift injected by hand; then the real {@code statemachine/drift.asl.json} runs end to end with the real
 * drift functions, and the findings per cluster, the metrics it would emit and the events it sent are printed.
 * With {@code --repair} the fleet runs with {@code repair=auto}: the setups the check starts are run, and a second
 * check shows what is clean again (an abandoned slot and an unreachable cluster are never repaired automatically).
 *
 * <p>Two embedded PostgreSQL servers hold the databases: replication slots are per server, so the one with the
 * abandoned slot is the only cluster on its server.
 */
public final class LocalDrift {
    /** The drift state machine's name in the simulated account (DriftWorld's drift state machine ARN). */
    private static final String DRIFT_MACHINE_NAME = "aurora-cdc-drift";
    /** Each cluster of the fleet and the drift it is given. */
    public static final Map<String, String> FLEET = fleet();
    private static final String ABANDONED_SLOT = "materialize_0ab1e55";

    private final PrintStream out;

    public LocalDrift(PrintStream out) {
        this.out = out;
    }

    private static Map<String, String> fleet() {
        Map<String, String> fleet = new LinkedHashMap<>();
        fleet.put("orders", "converged");
        fleet.put("customers", "converged");
        fleet.put("billing", "parameter group swapped back to the default");
        fleet.put("payments", "our security group detached from the cluster");
        fleet.put("inventory", "publication dropped by hand");
        fleet.put("analytics", "an abandoned Materialize slot retaining WAL");
        fleet.put("legacy", "database unreachable (uncheckable)");
        return Collections.unmodifiableMap(fleet);
    }

    public int run(boolean repair) {
        out.printf("Aurora CDC Autopilot, local drift check: %d simulated clusters%s%n", FLEET.size(),
                repair ? " with repair=auto" : "");
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(DriftThresholds.SLOT_INACTIVE_MINUTES, "0"); // the slot was abandoned just now
        environment.put(DriftThresholds.RETAINED_WAL_MB, "1");
        environment.put(DriftConfig.BATCH_SIZE, "3");
        if (repair) {
            environment.put(Setting.REPAIR.environmentVariable(), RepairMode.AUTO.value());
        }
        DriftWorld world = new DriftWorld(Map.of("sslMode", TextNode.valueOf("disable")), environment).withDatabases();
        EmbeddedCluster.Options options = EmbeddedCluster.Options.defaults(EmbeddedCluster.Major.PG17).withLogical(true);
        try (EmbeddedCluster shared = EmbeddedCluster.start(options); EmbeddedCluster slotted = EmbeddedCluster.start(options)) {
            buildFleet(world, shared, slotted);
            ExecutionResult first = check(world, "Check 1");
            if (!first.succeeded() || !repair) {
                return first.succeeded() ? 0 : 1;
            }
            List<String> repaired = world.runStartedRepairs();
            out.printf("%nRepair: ran the setup the check started for %s%n", repaired.isEmpty() ? "no cluster" : String.join(", ", repaired));
            List<String> left = new ArrayList<>();
            first.output().path("drifted").forEach(c -> left.add(c.asText()));
            first.output().path("uncheckable").forEach(c -> left.add(c.asText()));
            left.removeAll(repaired);
            if (!left.isEmpty()) {
                out.printf("Not repaired automatically: %s (a slot is dropped by a person who knows it is abandoned;"
                        + " an unreachable database needs its network or credentials fixed)%n", String.join(", ", left));
            }
            ExecutionResult second = check(world, "Check 2 (after the repairs)");
            return second.succeeded() ? 0 : 1;
        }
    }

    /** Sets every cluster up with the real setup stages, then injects each one's drift. */
    private void buildFleet(DriftWorld world, EmbeddedCluster shared, EmbeddedCluster slotted) {
        out.println("  building the fleet: the real setup stages on each cluster, then drift injected by hand");
        Map<String, ClusterHandle> handles = new LinkedHashMap<>();
        for (String id : FLEET.keySet()) {
            EmbeddedCluster server = id.equals("analytics") ? slotted : shared;
            if (id.equals("legacy")) {
                handles.put(id, database(world.cluster(id), server, id).port(closedPort()).create());
                world.setUp(id, false); // the control plane is set up; its database stopped answering since
                continue;
            }
            server.createDatabase(id);
            server.superuserIn(id, "CREATE TABLE public.events (id bigint PRIMARY KEY, payload text)");
            handles.put(id, world.setUpNew(database(world.cluster(id), server, id)));
        }
        world.sim().unrecorded(() -> {
            world.sim().rds().modifyDBCluster(r -> r.dbClusterIdentifier("billing")
                    .dbClusterParameterGroupName("default.aurora-postgresql16"));
            world.sim().rds().modifyDBCluster(r -> r.dbClusterIdentifier("payments")
                    .vpcSecurityGroupIds(handles.get("payments").securityGroupIds()));
        });
        shared.superuserIn("inventory", "DROP PUBLICATION mz_source");
        slotted.superuserIn("analytics", "SELECT pg_create_logical_replication_slot('" + ABANDONED_SLOT + "', 'pgoutput')",
                "INSERT INTO public.events SELECT g, repeat('x', 1000) FROM generate_series(1, 4000) g");
        FLEET.forEach((id, drift) -> out.printf("    %-10s %s%n", id, drift));
    }

    /** A cluster whose database is the embedded server, with its own database and replication user. */
    private static ClusterBuilder database(ClusterBuilder builder, EmbeddedCluster server, String id) {
        return builder.endpoint("localhost").port(server.port()).databaseName(id)
                .masterUsername(EmbeddedCluster.ADMIN).managedMasterSecret(EmbeddedCluster.ADMIN_PASSWORD)
                .tag("materialize:database", id).tag("materialize:replication-user", "mz_" + id);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One execution of the real drift state machine, and what it found, emitted and sent. */
    private ExecutionResult check(DriftWorld world, String title) {
        out.printf("%n%s: statemachine/drift.asl.json%n", title);
        SamTemplate template = SamTemplate.load(LocalAutopilot.ROOT.resolve("template.yaml"));
        SamTemplate.StateMachine drift = template.stateMachine("DriftStateMachine").orElseThrow();
        int events = world.sim().eventBridge().sentEvents().size();
        int metrics = world.metrics().size();
        ExecutionResult result;
        String name = "local-drift-" + System.currentTimeMillis();
        String run = world.startDriftRun(name);
        try (LocalLambdaEndpoint lambda = LocalLambdaEndpoint.start().functionLog(FunctionLog.sink()); StateMachineRunner runner = new StateMachineRunner(lambda)) {
            world.driftFunctions().forEach(lambda::register);
            ProgressPrinter progress = new ProgressPrinter(out);
            result = runner.run(ExecutionRequest.builder(drift.definitionFile())
                    .stateMachineName(DRIFT_MACHINE_NAME)
                    .substitutions(template.localSubstitutions(drift))
                    .input(Files.readString(LocalAutopilot.ROOT.resolve("events/scheduled-event.json")))
                    .executionName(name)
                    .timeout(Duration.ofMinutes(3))
                    .listener(event -> {
                        if (event.type() == ExecutionEvent.Type.StateFailed
                                || event.type() == ExecutionEvent.Type.StateRetried
                                || event.type() == ExecutionEvent.Type.StateCaught) {
                            progress.onEvent(event);
                        }
                    })
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            world.endDriftRun(run);
        }
        if (!result.succeeded()) {
            out.printf("Result: failed with %s%n  %s%n", result.error(), result.causeMessage());
            return result;
        }
        printFindings(world.findingsSince(events));
        printMetrics(world.metrics().subList(metrics, world.metrics().size()));
        out.println("Events sent to EventBridge:");
        world.sim().eventBridge().sentEvents().subList(events, world.sim().eventBridge().sentEvents().size()).forEach(e ->
                out.printf("  %s: %s%n", e.detailType(), Json.read(e.detail(), JsonNode.class).path("clusterIdentifier").asText()));
        JsonNode summary = result.output();
        out.printf("Summary: %d listed, %d checked, %d drifted %s, %d uncheckable %s, repairs started %s%n",
                summary.path("clustersListed").asInt(), summary.path("clustersChecked").asInt(),
                summary.path("clustersDrifted").asInt(), summary.path("drifted"), summary.path("clustersUncheckable").asInt(),
                summary.path("uncheckable"), summary.path("repairsStarted"));
        return result;
    }

    private void printFindings(Map<String, List<Finding>> findings) {
        out.println("Findings per cluster:");
        for (String id : FLEET.keySet()) {
            List<Finding> ofCluster = findings.getOrDefault(id, List.of());
            if (ofCluster.isEmpty()) {
                out.printf("  %-10s clean%n", id);
            }
            for (Finding finding : ofCluster) {
                out.printf("  %-10s %s [%s]%n", id, finding.kind().value(), finding.severity().value());
                out.printf("  %-10s   found:    %s%n", "", finding.found());
                out.printf("  %-10s   expected: %s%n", "", finding.expected());
                if (finding.repair() != null && !finding.repair().isBlank()) {
                    out.printf("  %-10s   fix:      %s%n", "", finding.repair());
                }
            }
        }
    }

    /** CloudWatch embedded-metric lines, shortened to {@code Name=value {dimensions}}. */
    private void printMetrics(List<String> lines) {
        out.println("Metrics it would emit (CloudWatch embedded metric format):");
        for (String line : lines) {
            JsonNode document = Json.read(line, JsonNode.class);
            for (JsonNode directive : document.path("_aws").path("CloudWatchMetrics")) {
                Map<String, String> dimensions = new LinkedHashMap<>();
                directive.path("Dimensions").forEach(set -> set.forEach(d -> dimensions.put(d.asText(), document.path(d.asText()).asText())));
                directive.path("Metrics").forEach(metric -> out.println(String.format("  %s = %s %s", metric.path("Name").asText(),
                        document.path(metric.path("Name").asText()).asText(), dimensions.isEmpty() ? "" : dimensions).stripTrailing()));
            }
        }
    }
}
