package com.auroracdc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.AutopilotException;
import com.auroracdc.errors.ClusterNotEnabledException;
import com.auroracdc.errors.ExecutionNotRecognizedException;
import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.errors.LocalOnlySettingException;
import com.auroracdc.errors.SecretNotAllowedException;
import com.auroracdc.internal.drift.BatchCheck;
import com.auroracdc.internal.drift.ClusterCheck;
import com.auroracdc.internal.drift.DriftConfig;
import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.drift.report.DriftReporter;
import com.auroracdc.internal.drift.report.ReportInput;
import com.auroracdc.internal.execution.ExecutionHandle;
import com.auroracdc.internal.execution.LockHolder;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.settings.RepairMode;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.lambda.DriftFunctions;
import com.auroracdc.local.sim.ClusterBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whoever may start an execution, write a tag or invoke a function directly tries to borrow the automation's
 * rights. Each attempt ends in a named error, with no secret read, no database connection opened (the writer
 * and the attacker's host are both servers that count connections) and no mutating AWS call.
 */
class AttackerTest {
    private static final String MANUAL = "{\"clusterIdentifier\": \"" + DeployedSetup.CLUSTER + "\", \"dryRun\": %s%s}";

    record Attack(String name, Class<? extends AutopilotException> error, Map<String, String> stack,
                  BiConsumer<DeployedSetup, ClusterBuilder> cluster, String extraInput) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Attack input(String name, Class<? extends AutopilotException> error, String fields) {
        return new Attack("input " + name, error, Map.of(), (s, b) -> { }, ", " + fields);
    }

    private static Attack tag(String name, Class<? extends AutopilotException> error, Map<String, String> tags) {
        return new Attack("tag " + name, error, Map.of(), (s, b) -> tags.forEach((k, v) -> b.tag(k, s.fill(v))), "");
    }

    private static Attack stack(String name, Class<? extends AutopilotException> error, Map<String, String> values) {
        return new Attack("stack " + name, error, values, (s, b) -> { }, "");
    }

    static Stream<Arguments> attacks() {
        List<Attack> attacks = List.of(
                input("naming another cluster's master secret", SecretNotAllowedException.class,
                        "\"adminSecretArn\": \"{foreign}\""),
                tag("naming another cluster's master secret", SecretNotAllowedException.class,
                        Map.of("materialize:admin-secret-arn", "{foreign}")),
                new Attack("tag naming a secret outside the stack's allowed prefix", SecretNotAllowedException.class,
                        Map.of("ALLOWED_ADMIN_SECRET_ARNS", "arn:aws:secretsmanager:us-east-1:123456789012:secret:team/*"),
                        (s, b) -> b.tag("materialize:admin-secret-arn", s.foreignSecret), ""),
                input("sending the database stage elsewhere (the issue's input)", LocalOnlySettingException.class,
                        "\"adminSecretArn\": \"{foreign}\", \"databaseHost\": \"127.0.0.1\", \"databasePort\": {attacker-port},"
                                + " \"sslMode\": \"disable\""),
                input("databaseHost", LocalOnlySettingException.class, "\"databaseHost\": \"127.0.0.1\""),
                input("databasePort", LocalOnlySettingException.class, "\"databasePort\": {attacker-port}"),
                input("sslMode disable", LocalOnlySettingException.class, "\"sslMode\": \"disable\""),
                input("sslMode require", LocalOnlySettingException.class, "\"sslMode\": \"require\""),
                tag("sslMode", LocalOnlySettingException.class, Map.of("materialize:ssl-mode", "disable")),
                tag("databaseHost and databasePort", LocalOnlySettingException.class,
                        Map.of("materialize:database-host", "127.0.0.1", "materialize:database-port", "{attacker-port}")),
                stack("sslMode", LocalOnlySettingException.class, Map.of("SSL_MODE", "require")),
                stack("databaseHost and databasePort", LocalOnlySettingException.class,
                        Map.of("DATABASE_HOST", "127.0.0.1", "DATABASE_PORT", "{attacker-port}")),
                tag("allow-public-source", InvalidSettingException.class,
                        Map.of("materialize:allow-public-source", "true", "materialize:egress-cidrs", "0.0.0.0/0")),
                input("allowPublicSource", InvalidSettingException.class,
                        "\"allowPublicSource\": true, \"egressCidrs\": \"0.0.0.0/0\""),
                tag("egress-cidrs splitting the IPv4 internet in two", InvalidSettingException.class,
                        Map.of("materialize:egress-cidrs", "0.0.0.0/1 128.0.0.0/1")),
                input("egressCidrs splitting the IPv6 internet in two", InvalidSettingException.class,
                        "\"egressCidrs\": [\"::/1\", \"8000::/1\"]"),
                input("egressCidrs: a public /8 beside a private one", InvalidSettingException.class,
                        "\"egressCidrs\": \"10.0.0.0/8 11.0.0.0/8\""),
                input("egressCidrs: a public /8", InvalidSettingException.class, "\"egressCidrs\": \"52.0.0.0/8\""),
                tag("egress-cidrs: a public /8 among Materialize's ranges", InvalidSettingException.class,
                        Map.of("materialize:egress-cidrs", "3.215.237.32/27 52.0.0.0/8 52.6.209.3/32")),
                input("egressCidrs: a public IPv6 /32", InvalidSettingException.class, "\"egressCidrs\": [\"2600::/32\"]"),
                new Attack("tag naming a master secret a stack prefix without / would take", InvalidSettingException.class,
                        Map.of("ALLOWED_ADMIN_SECRET_ARNS", "arn:aws:secretsmanager:us-east-1:123456789012:secret:r*"),
                        (s, b) -> b.tag("materialize:admin-secret-arn", s.foreignSecret), ""),
                stack("AllowedAdminSecretArns entry ending in a bare *", InvalidSettingException.class,
                        Map.of("ALLOWED_ADMIN_SECRET_ARNS", "arn:aws:secretsmanager:us-east-1:123456789012:secret:team-a/orders*")));
        List<Arguments> cases = new ArrayList<>();
        for (Attack attack : attacks) {
            cases.add(Arguments.of(attack, true));
            cases.add(Arguments.of(attack, false));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, dry run {1}")
    @MethodSource("attacks")
    void setup_whenAttacked_refusesWithNamedErrorReadingOpeningAndChangingNothing(Attack attack, boolean dryRun) {
        try (DeployedSetup setup = new DeployedSetup(attack.stack(), attack.cluster())) {
            assertThatThrownBy(() -> setup.run(String.format(MANUAL, dryRun, setup.fill(attack.extraInput()))))
                    .isInstanceOf(attack.error());
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    /** What the CIDR refusals above leave open: private ranges at any width, and public ones up to a /24 or /48. */
    @ParameterizedTest
    @ValueSource(strings = {"52.1.2.0/24", "10.0.0.0/8", "100.64.0.0/10", "2600:1f18::/48"})
    void inspect_whenEgressCidrIsPrivateOrNoWiderThanASlash24OrSlash48_acceptsIt(String cidr) {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> { })) {
            var context = setup.inspect(String.format(MANUAL, true, ", \"egressCidrs\": \"" + cidr + "\"")).context();
            assertThat(context.settings().egressCidrs()).containsExactly(cidr);
        }
    }

    @Test
    void setup_whenClusterHasNoTriggerTag_refusesAManualRun() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> b.untag(Tags.DEFAULT_TRIGGER_KEY))) {
            assertThatThrownBy(() -> setup.run(String.format(MANUAL, false, "")))
                    .isInstanceOf(ClusterNotEnabledException.class).hasMessageContaining("materialize:cdc=enabled");
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    @Test
    void setup_whenTriggerTagIsNotEnabled_refusesAManualRun() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> b.tag(Tags.DEFAULT_TRIGGER_KEY, "disabled"))) {
            assertThatThrownBy(() -> setup.run(String.format(MANUAL, false, "")))
                    .isInstanceOf(ClusterNotEnabledException.class).hasMessageContaining("'disabled'");
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    @Test
    void repair_whenTheTriggerTagWasRemovedSinceTheListing_isRefused() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> b.untag(Tags.DEFAULT_TRIGGER_KEY))) {
            String repairInput = repairStartedFor(setup);
            setup.sim.clearCalls();

            assertThatThrownBy(() -> setup.run(repairInput)).isInstanceOf(ClusterNotEnabledException.class);
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    // ---- every function invoked directly, as anyone with lambda:InvokeFunction on it can ----------------------

    /** Each function of the stack that an invocation could turn against a cluster, with the payload it takes. */
    enum Function {
        INSPECT("InspectFunction"), PREFLIGHT("PreflightFunction"), PARAMETER_GROUP("ParameterGroupFunction"),
        SECURITY_GROUP("SecurityGroupFunction"), REBOOT("RebootFunction"), AWAIT_REBOOT("AwaitRebootFunction"),
        PUBLICATION("PublicationFunction"), REPORT("ReportFunction");

        final String logicalId;

        Function(String logicalId) {
            this.logicalId = logicalId;
        }

        /**
         * The payload with every field a stage once trusted crafted: a context with settings that open the port to the
         * internet, reboot at once and size 80,000 sources, facts naming another cluster's instances and the attacker's
         * host, progress that forgets the reboots made, a wait that would hold the lease until 2999, a recheck asking
         * for another writer reboot, stage results and record contents to be recorded, an error to report.
         */
        ObjectNode crafted(DeployedSetup setup, JsonNode execution) {
            ObjectNode payload = Json.MAPPER.createObjectNode();
            payload.set("execution", execution);
            ObjectNode context = payload.putObject("context");
            context.put("executionId", execution.path("executionId").asText()).put("dryRun", false);
            context.putObject("settings").put("rebootPolicy", "immediate").put("sourceCount", 80000)
                    .put("allowPublicSource", true).put("repair", "auto").putArray("egressCidrs").add("198.51.100.0/24");
            context.putObject("cluster").put("identifier", setup.foreign.clusterId())
                    .put("writerInstanceId", setup.foreign.writerInstanceId()).put("writerEndpoint", "127.0.0.1")
                    .put("port", setup.attacker.port()).put("adminSecretArn", setup.foreignSecret);
            payload.putObject("reboot").putObject("facts").put("writerRebooted", "false").put("waitUntil", "2999-01-01T00:00:00Z")
                    .put("targets", setup.foreign.writerInstanceId());
            payload.put("recheck", "logical-replication-off").put("waitUntil", "2999-01-01T00:00:00Z");
            payload.putObject("parameterGroup").putArray("applied").add("Modify parameters");
            payload.putObject("record").put("repair", "auto").put("rebootPolicy", "immediate");
            payload.putObject("error").put("Error", "com.auroracdc.errors.LockTimeoutException").put("Cause", "{}");
            if (this == INSPECT) {
                payload.set("input", DeployedSetup.tree(String.format(MANUAL, false, "")));
            }
            return payload;
        }
    }

    /** Ways to name an execution without holding its token. */
    enum ForgedHandle {
        MADE_UP_EXECUTION, HOLDERS_EXECUTION_WITH_ANOTHER_TOKEN, HOLDERS_EXECUTION_WITHOUT_TOKEN;

        JsonNode of(DeployedSetup setup, ExecutionHandle holder) {
            ObjectNode handle = Json.MAPPER.createObjectNode();
            switch (this) {
                case MADE_UP_EXECUTION -> handle.put("executionId", DeployedSetup.STATE_MACHINE.replace(":stateMachine:",
                        ":execution:") + ":made-up").put("token", UUID.randomUUID().toString());
                case HOLDERS_EXECUTION_WITH_ANOTHER_TOKEN -> handle.put("executionId", holder.executionId())
                        .put("token", UUID.randomUUID().toString());
                case HOLDERS_EXECUTION_WITHOUT_TOKEN -> handle.put("executionId", holder.executionId());
            }
            return handle;
        }
    }

    static Stream<Arguments> forgedCalls() {
        List<Arguments> cases = new ArrayList<>();
        for (Function function : Function.values()) {
            for (ForgedHandle handle : ForgedHandle.values()) {
                cases.add(Arguments.of(function, handle));
            }
        }
        return cases.stream();
    }

    /**
     * While a genuine setup holds the cluster (tagged reboot-policy=never, so nothing it decided reboots), every function
     * is invoked with every payload field crafted and a handle it cannot prove. Each refuses with a named error, reads no
     * secret, opens no connection, makes no mutating call, and leaves the lease and the record as they were.
     */
    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("forgedCalls")
    void function_whenInvokedWithAForgedHandle_refusesAndChangesNothing(Function function, ForgedHandle forged) {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> b.tag("materialize:reboot-policy", "never"))) {
            ExecutionHandle holder = setup.inspect(String.format(MANUAL, false, "")).execution();
            var lockBefore = setup.lock().orElseThrow();
            var recordBefore = setup.record();
            setup.sim.clearCalls();

            assertThatThrownBy(() -> setup.invoke(function.logicalId, function.crafted(setup, forged.of(setup, holder))))
                    .isInstanceOf(AutopilotException.class)
                    .satisfies(e -> assertThat(e.getClass().getSimpleName()).isIn("ExecutionNotRecognizedException",
                            "SetupAlreadyRunningException", "ExecutionNotVisibleException"));
            assertNothingReadOpenedOrChanged(setup);
            assertThat(setup.lock()).as("the holder's lease, unchanged").contains(lockBefore);
            assertThat(setup.record()).as("the record, unchanged").isEqualTo(recordBefore);
            assertThat(setup.sim.callCount("PutEvents")).as("events sent").isZero();
        }
    }

    /**
     * The genuine handle with every other field crafted: the stages act on what Inspect stored, never on the payload. The
     * cluster's tag says reboot-policy=never, so the Reboot stage reboots nothing whatever the payload claims; the
     * parameter group is sized for the stored sourceCount, not 80,000; the security group opens to the stored CIDRs only.
     */
    @Test
    void stages_whenAGenuineHandleComesWithCraftedFields_actOnTheStoredContextOnly() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> b.tag("materialize:reboot-policy", "never"))) {
            ExecutionHandle genuine = setup.inspect(String.format(MANUAL, false, ", \"egressCidrs\": \"3.215.237.32/27\"")).execution();
            JsonNode handle = Json.MAPPER.valueToTree(genuine);

            JsonNode parameterGroup = setup.invoke("ParameterGroupFunction", Function.PARAMETER_GROUP.crafted(setup, handle));
            JsonNode securityGroup = setup.invoke("SecurityGroupFunction", Function.SECURITY_GROUP.crafted(setup, handle));
            JsonNode reboot = setup.invoke("RebootFunction", Function.REBOOT.crafted(setup, handle));

            assertThat(parameterGroup.path("applied").toString()).as("sized for one source (3 x 1 + 4), not 80,000")
                    .contains("max_logical_replication_workers (default) -> 7").doesNotContain("240004");
            assertThat(securityGroup.path("applied").toString()).contains("3.215.237.32/27").doesNotContain("198.51.100.0/24");
            assertThat(reboot.path("facts").path("action").asText()).isEqualTo("pending-reboot");
            assertThat(setup.sim.mutatingCallCount("RebootDBInstance")).as("reboots").isZero();
            assertThat(setup.sim.calls()).as("nothing of the other cluster touched")
                    .noneMatch(c -> String.valueOf(c.request()).contains(setup.foreign.clusterId()) && c.mutating());
            assertThat(setup.lock().orElseThrow().leaseUntil()).as("the lease is not held until 2999")
                    .isBefore(setup.sim.clock().instant().plus(java.time.Duration.ofDays(1)));
        }
    }

    /** A made-up execution id cannot take a lock, even on a tagged cluster: Inspect asks Step Functions first. */
    @Test
    void inspect_whenTheExecutionIsNotRunningInTheSetupStateMachine_takesNoLock() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> { })) {
            ObjectNode request = Function.INSPECT.crafted(setup, Json.MAPPER.createObjectNode()
                    .put("executionId", "arn:aws:states:us-east-1:123456789012:execution:someone-elses-machine:x")
                    .put("token", UUID.randomUUID().toString()));

            assertThatThrownBy(() -> setup.invoke("InspectFunction", request)).isInstanceOf(ExecutionNotRecognizedException.class)
                    .hasMessageContaining("not an execution of the state machine arn:aws:states:us-east-1:123456789012:stateMachine:autopilot-setup");
            assertThat(setup.lock()).isEmpty();
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    /**
     * A direct call racing a real execution's own Inspect (it names that running execution, with a token of its own)
     * cannot bind it to other settings: the input must be the one the execution was started with.
     */
    @Test
    void inspect_whenTheInputIsNotTheOneTheRunningExecutionStartedWith_takesNoLock() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> { })) {
            ExecutionHandle started = setup.startExecution(String.format(MANUAL, false, ""));
            ObjectNode request = Json.MAPPER.createObjectNode();
            request.set("input", DeployedSetup.tree(String.format(MANUAL, false,
                    ", \"egressCidrs\": \"198.51.100.0/24\", \"sourceCount\": 40")));
            request.set("execution", Json.MAPPER.valueToTree(started));
            setup.sim.clearCalls();

            assertThatThrownBy(() -> setup.invoke("InspectFunction", request)).isInstanceOf(ExecutionNotRecognizedException.class)
                    .hasMessageContaining("started with another input");
            assertThat(setup.lock()).isEmpty();
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    /** An untagged cluster is refused before the lock is taken: a made-up run cannot lock it either. */
    @Test
    void inspect_whenTheClusterIsUntagged_takesNoLock() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> b.untag(Tags.DEFAULT_TRIGGER_KEY))) {
            assertThatThrownBy(() -> setup.inspect(String.format(MANUAL, false, ""))).isInstanceOf(ClusterNotEnabledException.class);
            assertThat(setup.lock()).isEmpty();
        }
    }

    /** Bound while tagged; the trigger tag removed since: every stage that changes the cluster refuses it now. */
    @ParameterizedTest
    @ValueSource(strings = {"ParameterGroupFunction", "SecurityGroupFunction", "RebootFunction", "PublicationFunction",
            "PreflightFunction"})
    void stage_whenTheTriggerTagWasRemovedAfterInspect_refuses(String function) {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> { })) {
            ExecutionHandle execution = setup.inspect(String.format(MANUAL, false, "")).execution();
            setup.sim.unrecorded(() -> setup.sim.rds().removeTagsFromResource(r -> r.resourceName(setup.cluster.clusterArn())
                    .tagKeys(Tags.DEFAULT_TRIGGER_KEY)));
            setup.sim.clearCalls();

            assertThatThrownBy(() -> setup.invoke(function, DeployedSetup.stageInput(execution)))
                    .isInstanceOf(ClusterNotEnabledException.class).hasMessageContaining("materialize:cdc=enabled");
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    /** The trigger tag key each stage checks is the stack's (TriggerTagKey), as Inspect's is. */
    @Test
    void setup_whenTheClusterCarriesTheStacksOwnTriggerTagKey_changesIt() {
        try (DeployedSetup setup = new DeployedSetup(Map.of("TRIGGER_TAG_KEY", "team:cdc"),
                (s, b) -> b.untag(Tags.DEFAULT_TRIGGER_KEY).tag("team:cdc", Tags.TRIGGER_VALUE))) {
            ObjectNode stage = setup.inspect(String.format(MANUAL, false, "")).stageInput();
            assertThat(setup.invoke("SecurityGroupFunction", stage).path("applied")).isNotEmpty();
            assertThat(setup.invoke("ParameterGroupFunction", stage).path("applied")).isNotEmpty();
        }
    }

    /** A forged drift batch for a made-up drift run starts nothing and tags nothing. */
    @Test
    void reportDrift_whenTheDriftRunIsNotRunning_refusesAndStartsNothing() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> { })) {
            var reporter = new DriftReporter(setup.sim.rds(), setup.sim.eventBridge(), setup.sim.sfn(),
                    DriftConfig.fromEnvironment(Map.of(DriftConfig.SETUP_STATE_MACHINE_ARN, DeployedSetup.STATE_MACHINE,
                            DriftConfig.DRIFT_STATE_MACHINE_ARN, "arn:aws:states:us-east-1:123456789012:stateMachine:autopilot-drift")),
                    line -> { }, line -> { }, Clock.systemUTC());

            assertThatThrownBy(() -> DriftFunctions.reportDrift(() -> reporter).handle(craftedBatch(setup, "made-up-run")))
                    .isInstanceOf(ExecutionNotRecognizedException.class);
            assertThat(setup.sim.sfn().executions()).as("executions started").isEmpty();
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    /** A forged "execution ended" event for the running holder leaves its lease alone: Step Functions says it runs. */
    @Test
    void executionEnded_whenForgedForARunningHolder_releasesNothing() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> { })) {
            ExecutionHandle holder = setup.inspect(String.format(MANUAL, false, "")).execution();
            ObjectNode event = Json.MAPPER.createObjectNode().put("source", "aws.states");
            event.putObject("detail").put("executionArn", holder.executionId()).put("status", "ABORTED");

            JsonNode result = setup.invoke("ExecutionEndedFunction", event);

            assertThat(result.path("released").asBoolean()).isFalse();
            assertThat(setup.lock()).map(LockHolder::executionId).contains(holder.executionId());
        }
    }

    /** The input the drift check's repair starts the setup with (ReportDrift's StartExecution), for this cluster. */
    private static String repairStartedFor(DeployedSetup setup) {
        var reporter = new DriftReporter(setup.sim.rds(), setup.sim.eventBridge(), setup.sim.sfn(),
                DriftConfig.fromEnvironment(Map.of(DriftConfig.SETUP_STATE_MACHINE_ARN, DeployedSetup.STATE_MACHINE)),
                line -> { }, line -> { }, Clock.systemUTC());
        DriftFunctions.reportDrift(() -> reporter).handle(craftedBatch(setup, "drift-run-1"));
        assertThat(setup.sim.sfn().executions()).as("the repair was started").hasSize(1);
        String input = setup.sim.sfn().executions().getFirst().input();
        assertThat(input).as("a repair names the cluster only: its Inspect applies the recorded input itself")
                .isEqualTo("{\"clusterIdentifier\":\"" + DeployedSetup.CLUSTER + "\"}");
        return input;
    }

    /** A batch that claims the cluster drifted, with repair=auto and other CIDRs. */
    private static ReportInput craftedBatch(DeployedSetup setup, String runId) {
        String now = setup.sim.clock().instant().toString();
        var check = new ClusterCheck(DeployedSetup.CLUSTER, setup.cluster.clusterArn(), "ready", RepairMode.AUTO,
                RebootPolicy.IMMEDIATE, null, List.of(Finding.of(DeployedSetup.CLUSTER, FindingKind.PARAMETER_GROUP,
                "cluster parameter group with logical replication on", "the default group", "run the setup")), null);
        return new ReportInput(runId, now, List.of(DeployedSetup.CLUSTER), new BatchCheck(runId, now, List.of(check)), null, null);
    }

    private static void assertNothingReadOpenedOrChanged(DeployedSetup setup) {
        assertThat(setup.secretsRead()).as("secrets read").isZero();
        assertThat(setup.connectionsOpened()).as("database connections opened").isZero();
        assertThat(setup.mutatingCalls()).as("mutating calls: %s", setup.sim.mutatingCallsByOperation()).isZero();
    }
}
