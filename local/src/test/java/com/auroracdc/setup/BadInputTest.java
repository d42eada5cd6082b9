package com.auroracdc.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.AdminSecretException;
import com.auroracdc.errors.AutopilotException;
import com.auroracdc.errors.ClusterBusyException;
import com.auroracdc.errors.ClusterNotFoundException;
import com.auroracdc.errors.InvalidInputException;
import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.errors.LocalOnlySettingException;
import com.auroracdc.errors.ServerlessV1NotSupportedException;
import com.auroracdc.errors.SetupAlreadyRunningException;
import com.auroracdc.errors.UnsupportedEngineException;
import com.auroracdc.local.sim.ClusterBuilder;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a named error that says what was wrong, and changes nothing: zero mutating calls. */
class BadInputTest {
    private static final String CLUSTER = "orders-prod";

    private static Arguments bad(String name, Class<? extends AutopilotException> error, String input) {
        return bad(name, error, Scenario.DEFAULT_GROUP, b -> { }, input);
    }

    private static Arguments badTag(String name, String key, String value) {
        return bad(name, InvalidSettingException.class, Scenario.DEFAULT_GROUP, b -> b.tag(key, value), manual());
    }

    private static Arguments bad(String name, Class<? extends AutopilotException> error, Scenario scenario,
                                 Consumer<ClusterBuilder> adjust, String input) {
        return Arguments.of(name, error, scenario, adjust, input);
    }

    private static String manual() {
        return "{\"clusterIdentifier\": \"" + CLUSTER + "\"}";
    }

    private static String manual(String extraField) {
        return "{\"clusterIdentifier\": \"" + CLUSTER + "\", " + extraField + "}";
    }

    private static String tagEvent(String mutate) throws Exception {
        String event = Files.readString(Path.of("../events/tag-change.json")).replace("orders-prod", CLUSTER);
        return mutate == null ? event : event.replace(mutate.split("=>")[0], mutate.split("=>")[1]);
    }

    static Stream<Arguments> cases() throws Exception {
        return Stream.of(
                bad("input is not an object", InvalidInputException.class, "[\"orders-prod\"]"),
                bad("no cluster identifier", InvalidInputException.class, "{\"dryRun\": false}"),
                bad("cluster identifier with SQL in it", InvalidInputException.class, "{\"clusterIdentifier\": \"x'; DROP TABLE t;--\"}"),
                bad("dryRun is a string", InvalidInputException.class, manual("\"dryRun\": \"no\"")),
                bad("event from another source", InvalidInputException.class, tagEvent("\"aws.tag\"=>\"aws.ec2\"")),
                bad("tag event for a DB instance", InvalidInputException.class, tagEvent("\"resource-type\": \"cluster\"=>\"resource-type\": \"db\"")),
                bad("tag event with the trigger disabled", InvalidInputException.class, tagEvent("\"materialize:cdc\": \"enabled\"=>\"materialize:cdc\": \"off\"")),
                bad("tag event naming an S3 bucket", InvalidInputException.class, tagEvent("arn:aws:rds:us-east-1:123456789012:cluster:orders-prod=>arn:aws:s3:::orders-prod")),
                bad("unknown cluster", ClusterNotFoundException.class, "{\"clusterIdentifier\": \"no-such-cluster\"}"),
                bad("MySQL engine", UnsupportedEngineException.class, Scenario.AURORA_MYSQL, b -> { }, manual()),
                bad("Aurora Serverless v1", ServerlessV1NotSupportedException.class, Scenario.SERVERLESS_V1, b -> { }, manual()),
                bad("cluster is modifying", ClusterBusyException.class, Scenario.MODIFYING, b -> { }, manual()),
                bad("no admin secret anywhere", AdminSecretException.class, Scenario.DEFAULT_GROUP, ClusterBuilder::noManagedMasterSecret, manual()),
                badTag("negative source count tag", "materialize:sources", "-1"),
                badTag("source count above 100", "materialize:sources", "101"),
                badTag("unknown reboot policy", "materialize:reboot-policy", "whenever"),
                badTag("reboot deadline too short", "materialize:reboot-deadline-minutes", "1"),
                badTag("misspelt setting tag", "materialize:source-count", "2"),
                badTag("CIDR with octet above 255", "materialize:egress-cidrs", "3.215.237.320/27"),
                badTag("CIDR with host bits set", "materialize:egress-cidrs", "3.215.237.33/27"),
                badTag("CIDR without prefix", "materialize:egress-cidrs", "3.215.237.32"),
                badTag("whole IPv4 internet", "materialize:egress-cidrs", "0.0.0.0/0"),
                badTag("whole IPv6 internet", "materialize:egress-cidrs", "::/0"),
                badTag("publication name with capitals", "materialize:publication", "MzSource"),
                badTag("table with three parts", "materialize:tables", "db.public.orders"),
                badTag("all tables mixed with a table", "materialize:tables", "* public.orders"),
                badTag("admin secret that is not an ARN", "materialize:admin-secret-arn", "my-secret"),
                bad("TLS relaxed by tag", LocalOnlySettingException.class, Scenario.DEFAULT_GROUP,
                        b -> b.tag("materialize:ssl-mode", "disable"), manual()),
                bad("unknown input field", InvalidSettingException.class, manual("\"rebootpolicy\": \"never\"")),
                bad("negative source count input", InvalidSettingException.class, manual("\"sourceCount\": -2")),
                bad("tables as an object", InvalidSettingException.class, manual("\"tables\": {\"public\": \"orders\"}")),
                bad("database port out of range", InvalidSettingException.class, manual("\"databasePort\": 70000")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void run_whenInputIsBad_refusesWithNamedErrorAndChangesNothing(String name, Class<? extends AutopilotException> error,
                                                                  Scenario scenario, Consumer<ClusterBuilder> adjust, String input) {
        SimAws sim = SimAws.create();
        ClusterBuilder builder = scenario.builder(sim, CLUSTER).tag("materialize:cdc", "enabled");
        adjust.accept(builder);
        builder.create();
        sim.clearCalls();

        assertThatThrownBy(() -> new ControlPlaneDriver(sim).run(input))
                .isInstanceOf(error)
                .satisfies(e -> assertThat(e.getMessage()).as("the message says what to do").hasSizeGreaterThan(40));
        assertThat(sim.mutatingCallCount()).as("mutating calls: %s", sim.mutatingCallsByOperation()).isZero();
    }

    @ParameterizedTest(name = "another setup holds {0}")
    @MethodSource("runningSetup")
    void run_whenAnotherSetupIsRunning_refusesAndChangesNothing(String heldAs) {
        SimAws sim = SimAws.create();
        Scenario.DEFAULT_GROUP.build(sim, CLUSTER);
        new ControlPlaneDriver(sim).hold(heldAs); // an earlier setup, still running
        sim.clock().advance(java.time.Duration.ofSeconds(5));
        sim.clearCalls();

        assertThatThrownBy(() -> new ControlPlaneDriver(sim).run(CLUSTER, false))
                .isInstanceOf(SetupAlreadyRunningException.class).hasMessageContaining("stop-execution")
                .hasMessageContaining("execution:autopilot-setup:bound-1").hasMessageContaining("execution-ended rule");
        assertThat(sim.mutatingCallCount()).isZero();
    }

    static Stream<String> runningSetup() {
        // RDS identifiers are case-insensitive: the same cluster written in capitals holds the lock all the same
        return Stream.of(CLUSTER, CLUSTER.toUpperCase(java.util.Locale.ROOT));
    }
}
