package com.auroracdc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.drift.BatchCheck;
import com.auroracdc.drift.ClusterCheck;
import com.auroracdc.drift.DriftConfig;
import com.auroracdc.drift.DriftReporter;
import com.auroracdc.drift.Finding;
import com.auroracdc.drift.FindingKind;
import com.auroracdc.drift.ReportDriftHandler;
import com.auroracdc.drift.ReportInput;
import com.auroracdc.errors.AutopilotException;
import com.auroracdc.errors.ClusterNotEnabledException;
import com.auroracdc.errors.InvalidInputException;
import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.errors.LocalOnlySettingException;
import com.auroracdc.errors.SecretNotAllowedException;
import com.auroracdc.local.sim.ClusterBuilder;
import com.auroracdc.reboot.RebootInput;
import com.auroracdc.settings.RebootPolicy;
import com.auroracdc.settings.RepairMode;
import com.auroracdc.settings.Tags;
import com.auroracdc.stage.Json;
import com.auroracdc.stage.StageResult;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
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
            var context = setup.inspect(String.format(MANUAL, true, ", \"egressCidrs\": \"" + cidr + "\""));
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

    @Test
    void publication_whenInvokedDirectlyWithLocalOnlySettings_refuses() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> { })) {
            String crafted = crafted(setup, context -> ((ObjectNode) context.path("settings"))
                    .put("sslMode", "disable").put("databaseHost", "127.0.0.1").put("databasePort", setup.attacker.port()));

            assertThatThrownBy(() -> setup.publication(crafted)).isInstanceOf(LocalOnlySettingException.class);
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    @Test
    void publication_whenInvokedDirectlyWithAForeignAdminSecret_refuses() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> { })) {
            String crafted = crafted(setup, context -> ((ObjectNode) context.path("settings"))
                    .put("adminSecretArn", setup.foreignSecret));

            assertThatThrownBy(() -> setup.publication(crafted)).isInstanceOf(SecretNotAllowedException.class);
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    @Test
    void publication_whenInvokedDirectlyForAnUntaggedCluster_refuses() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> b.untag(Tags.DEFAULT_TRIGGER_KEY))) {
            String crafted = crafted(setup, context -> ((ObjectNode) context).put("dryRun", false));

            assertThatThrownBy(() -> setup.publication(crafted)).isInstanceOf(ClusterNotEnabledException.class);
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    @Test
    void publication_whenTheContextNamesAnotherHostAndSecret_usesTheClustersOwnInstead() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> { })) {
            String crafted = crafted(setup, context -> ((ObjectNode) context.path("cluster"))
                    .put("writerEndpoint", "127.0.0.1").put("port", setup.attacker.port())
                    .put("adminSecretArn", setup.foreignSecret));

            // The writer here is an impostor too (no TLS): the connection fails, but it went to the cluster's own
            // endpoint with the cluster's own secret, never to the host or with the secret the context named.
            assertThatThrownBy(() -> setup.publication(crafted)).isInstanceOf(AutopilotException.class);
            assertThat(setup.attacker.accepted()).isZero();
            assertThat(setup.writer.accepted()).isPositive();
            assertThat(setup.sim.calls()).filteredOn(c -> c.operation().equals("GetSecretValue"))
                    .allSatisfy(c -> assertThat(String.valueOf(c.request())).contains(setup.cluster.masterSecretArn())
                            .doesNotContain(setup.foreignSecret));
            assertThat(setup.mutatingCalls()).isZero();
        }
    }

    /** The stages that change a cluster, each invoked directly (as anyone with lambda:InvokeFunction on it can). */
    enum ChangingStage {
        PARAMETER_GROUP, SECURITY_GROUP,
        /** With the recheck that asks for one more writer reboot at once (no settling first), as any input may. */
        REBOOT;

        StageResult invoke(DeployedSetup setup, ObjectNode input) {
            return switch (this) {
                case PARAMETER_GROUP -> setup.parameterGroup(input.toString());
                case SECURITY_GROUP -> setup.securityGroup(input.toString());
                case REBOOT -> setup.reboot(input.put("recheck", RebootInput.LOGICAL_REPLICATION_OFF).toString());
            };
        }
    }

    @ParameterizedTest
    @EnumSource(ChangingStage.class)
    void stage_whenInvokedDirectlyForAnUntaggedCluster_refuses(ChangingStage stage) {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> b.untag(Tags.DEFAULT_TRIGGER_KEY))) {
            ObjectNode crafted = craftedInput(setup, context -> ((ObjectNode) context).put("dryRun", false));

            assertThatThrownBy(() -> stage.invoke(setup, crafted)).isInstanceOf(ClusterNotEnabledException.class)
                    .hasMessageContaining(DeployedSetup.CLUSTER).hasMessageContaining("materialize:cdc=enabled");
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    /** The trigger tag key each stage checks is the stack's (TriggerTagKey), as Inspect's is. */
    @ParameterizedTest
    @EnumSource(ChangingStage.class)
    void stage_whenTheClusterCarriesTheStacksOwnTriggerTagKey_changesIt(ChangingStage stage) {
        try (DeployedSetup setup = new DeployedSetup(Map.of("TRIGGER_TAG_KEY", "team:cdc"),
                (s, b) -> b.untag(Tags.DEFAULT_TRIGGER_KEY).tag("team:cdc", Tags.TRIGGER_VALUE))) {
            ObjectNode crafted = craftedInput(setup, context -> ((ObjectNode) context).put("dryRun", false));

            assertThat(stage.invoke(setup, crafted).applied()).isNotEmpty();
        }
    }

    /** What the refusal above prevents: the same invocation changes a cluster that carries the trigger tag. */
    @ParameterizedTest
    @EnumSource(ChangingStage.class)
    void stage_whenInvokedDirectlyForATaggedCluster_changesIt(ChangingStage stage) {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> { })) {
            ObjectNode crafted = craftedInput(setup, context -> ((ObjectNode) context).put("dryRun", false));

            assertThat(stage.invoke(setup, crafted).applied()).isNotEmpty();
            assertThat(setup.mutatingCalls()).isPositive();
        }
    }

    /** A dry run changes nothing, so an untagged cluster may still be planned. */
    @ParameterizedTest
    @EnumSource(ChangingStage.class)
    void stage_whenDryRunForAnUntaggedCluster_plansAndChangesNothing(ChangingStage stage) {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> b.untag(Tags.DEFAULT_TRIGGER_KEY))) {
            StageResult result = stage.invoke(setup, craftedInput(setup, context -> { }));

            assertThat(result.planned()).isNotEmpty();
            assertThat(result.applied()).isEmpty();
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"writerInstanceId", "readerInstanceIds"})
    void reboot_whenTheContextNamesAnotherClustersInstance_refusesAndRebootsNothing(String field) {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> { })) {
            String foreignInstance = field.equals("writerInstanceId") ? setup.foreign.writerInstanceId()
                    : setup.foreign.readerInstanceIds().getFirst();
            ObjectNode crafted = craftedInput(setup, context -> {
                ((ObjectNode) context).put("dryRun", false);
                ObjectNode cluster = (ObjectNode) context.path("cluster");
                if (field.equals("writerInstanceId")) {
                    cluster.put(field, foreignInstance);
                } else {
                    cluster.putArray(field).add(foreignInstance);
                }
            });

            assertThatThrownBy(() -> ChangingStage.REBOOT.invoke(setup, crafted)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(foreignInstance).hasMessageContaining("not a member of cluster " + DeployedSetup.CLUSTER);
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    @Test
    void securityGroup_whenInvokedDirectlyWithAPublicCidrItsContextAllows_refuses() {
        try (DeployedSetup setup = new DeployedSetup(Map.of(), (s, b) -> { })) {
            assertThatThrownBy(() -> ChangingStage.SECURITY_GROUP.invoke(setup, openToTheInternet(setup)))
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining("AllowPublicSource=true");
            assertNothingReadOpenedOrChanged(setup);
        }
    }

    /** What the refusal above leaves to the stack: with its own AllowPublicSource=true the same invocation applies. */
    @Test
    void securityGroup_whenTheStackAllowsPublicSources_opensThePort() {
        try (DeployedSetup setup = new DeployedSetup(Map.of("ALLOW_PUBLIC_SOURCE", "true"), (s, b) -> { })) {
            assertThat(ChangingStage.SECURITY_GROUP.invoke(setup, openToTheInternet(setup)).applied())
                    .anySatisfy(change -> assertThat(change).contains("0.0.0.0/0"));
        }
    }

    private static ObjectNode openToTheInternet(DeployedSetup setup) {
        return craftedInput(setup, context -> {
            ((ObjectNode) context).put("dryRun", false);
            ObjectNode settings = (ObjectNode) context.path("settings");
            settings.put("allowPublicSource", true);
            settings.putArray("egressCidrs").add("0.0.0.0/0");
        });
    }

    /** Inspect's context of a dry run (taken while nothing is refused), then altered as an attacker would. */
    private static String crafted(DeployedSetup setup, Consumer<com.fasterxml.jackson.databind.JsonNode> alter) {
        return craftedInput(setup, alter).toString();
    }

    private static ObjectNode craftedInput(DeployedSetup setup, Consumer<com.fasterxml.jackson.databind.JsonNode> alter) {
        var context = Json.MAPPER.valueToTree(setup.inspect(String.format(MANUAL, true, "")));
        alter.accept(context);
        setup.sim.clearCalls();
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.set("context", context);
        return input;
    }

    /** The input the drift check's repair starts the setup with (ReportDrift's StartExecution), for this cluster. */
    private static String repairStartedFor(DeployedSetup setup) {
        String stateMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:autopilot-setup";
        var reporter = new DriftReporter(setup.sim.rds(), setup.sim.eventBridge(), setup.sim.sfn(),
                DriftConfig.fromEnvironment(Map.of(DriftConfig.SETUP_STATE_MACHINE_ARN, stateMachine)),
                line -> { }, line -> { }, Clock.systemUTC());
        String now = setup.sim.clock().instant().toString();
        var check = new ClusterCheck(DeployedSetup.CLUSTER, setup.cluster.clusterArn(), "ready", RepairMode.AUTO,
                RebootPolicy.IMMEDIATE, null, List.of(Finding.of(DeployedSetup.CLUSTER, FindingKind.PARAMETER_GROUP,
                "cluster parameter group with logical replication on", "the default group", "run the setup")), null);
        new ReportDriftHandler(reporter).handle(new ReportInput("drift-run-1", now, List.of(DeployedSetup.CLUSTER),
                new BatchCheck("drift-run-1", now, List.of(check)), null, null));
        assertThat(setup.sim.sfn().executions()).as("the repair was started").hasSize(1);
        return setup.sim.sfn().executions().getFirst().input();
    }

    private static void assertNothingReadOpenedOrChanged(DeployedSetup setup) {
        assertThat(setup.secretsRead()).as("secrets read").isZero();
        assertThat(setup.connectionsOpened()).as("database connections opened").isZero();
        assertThat(setup.mutatingCalls()).as("mutating calls: %s", setup.sim.mutatingCallsByOperation()).isZero();
    }
}
