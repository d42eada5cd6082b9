package com.auroracdc.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.auroracdc.errors.LocalOnlySettingException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The switch that keeps TLS verified and the writer endpoint fixed in a deployed function: what it refuses, what it
 * names, and that only the local runner's call (outside Lambda) opens it.
 */
class LocalOnlyTest {
    private static final String WRITER = "orders.cluster-abc.us-east-1.rds.amazonaws.com";

    @AfterEach
    void backToDeployed() {
        LocalOnlySwitch.asDeployed();
    }

    private static Settings with(SslMode sslMode, String host, Integer port) {
        Settings d = Settings.defaults();
        return new Settings(d.egressCidrs(), d.allowPublicSource(), d.sourceCount(), d.rebootPolicy(),
                d.rebootDeadlineMinutes(), d.publicationName(), d.tables(), d.databaseName(), d.adminSecretArn(),
                d.replicationUser(), d.adoptPublication(), d.rotatePassword(), sslMode, d.repair(), host, port,
                d.readerReboot(), d.materializeCluster(), d.sourceName(), d.networkPath(), d.privateLinkPrincipals(),
                d.privateLinkAcceptanceRequired());
    }

    private static LocalOnlySettingException refusal(Runnable call) {
        try {
            call.run();
        } catch (LocalOnlySettingException e) {
            return e;
        }
        throw new AssertionError("expected a LocalOnlySettingException");
    }

    @Test
    void check_whenDeployed_refusesEachLocalOnlySettingNamingItsValueAndTheCluster() {
        LocalOnlySwitch.asDeployed();

        var ssl = refusal(() -> LocalOnly.check(with(SslMode.REQUIRE, null, null), "orders"));
        assertThat(ssl.setting()).isEqualTo("sslMode");
        assertThat(ssl).hasMessageContaining("sslMode=require (for orders) is for local runs only")
                .hasMessageContaining("sslMode verify-full");
        assertThat(refusal(() -> LocalOnly.check(with(SslMode.DISABLE, null, null), "orders")))
                .hasMessageContaining("sslMode=disable (for orders)");

        var host = refusal(() -> LocalOnly.check(with(SslMode.VERIFY_FULL, "tunnel.example", null), "orders"));
        assertThat(host.setting()).isEqualTo("databaseHost");
        assertThat(host).hasMessageContaining("databaseHost=tunnel.example (for orders)");

        var port = refusal(() -> LocalOnly.check(with(SslMode.VERIFY_FULL, null, 15432), "orders"));
        assertThat(port.setting()).isEqualTo("databasePort");
        assertThat(port).hasMessageContaining("databasePort=15432 (for orders)");
    }

    @Test
    void check_whenDeployedAndNothingLocalOnly_passes() {
        LocalOnlySwitch.asDeployed();

        assertThatCode(() -> LocalOnly.check(with(SslMode.VERIFY_FULL, null, null), "orders")).doesNotThrowAnyException();
    }

    @Test
    void check_whenSwitchedOnByTheLocalRunnerOutsideLambda_letsEveryLocalOnlySettingThrough() {
        assertThat(System.getenv()).as("the test JVM is no Lambda function").doesNotContainKeys(
                LocalOnly.LAMBDA_VARIABLES.toArray(String[]::new));
        LocalOnly.allowForLocalRunner();

        assertThat(LocalOnly.allowed()).isTrue();
        assertThatCode(() -> LocalOnly.check(with(SslMode.DISABLE, "127.0.0.1", 15432), "orders"))
                .doesNotThrowAnyException();
        assertThatCode(() -> LocalOnly.checkConnection(SslMode.DISABLE, "127.0.0.1", 15432, WRITER, 5432))
                .doesNotThrowAnyException();
    }

    @Test
    void allowed_whenAnyLambdaRuntimeVariableIsSet_isFalseEvenWithTheSwitchOn() {
        LocalOnly.allowForLocalRunner();

        for (String variable : LocalOnly.LAMBDA_VARIABLES) {
            assertThat(LocalOnly.allowed(Map.of(variable, "x"))).as(variable).isFalse();
        }
        assertThat(LocalOnly.LAMBDA_VARIABLES).contains("AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_RUNTIME_API",
                "AWS_EXECUTION_ENV");
        assertThat(LocalOnly.allowed(Map.of("PATH", "/usr/bin"))).isTrue();
        LocalOnlySwitch.asDeployed();
        assertThat(LocalOnly.allowed(Map.of())).isFalse();
        assertThat(LocalOnly.allowed()).isFalse();
    }

    @Test
    void checkConnection_whenDeployed_refusesTlsWithoutVerificationNamingTheEndpoint() {
        var e = refusal(() -> LocalOnly.checkConnection(SslMode.REQUIRE, WRITER, 5432, WRITER, 5432));

        assertThat(e.setting()).isEqualTo("sslMode");
        assertThat(e).hasMessageContaining("sslMode=require (for " + WRITER + ")");
    }

    @Test
    void checkConnection_whenDeployed_refusesAnyHostOrPortButTheWriterEndpoint() {
        var host = refusal(() -> LocalOnly.checkConnection(SslMode.VERIFY_FULL, "attacker.example", 5432, WRITER, 5432));
        assertThat(host.setting()).isEqualTo("databaseHost");
        assertThat(host).hasMessage("A deployed function connects only to the cluster's writer endpoint " + WRITER
                + ":5432, not to attacker.example:5432. databaseHost and databasePort are for the local runner"
                + " (./autopilot run) only.");

        var port = refusal(() -> LocalOnly.checkConnection(SslMode.VERIFY_FULL, WRITER, 6432, WRITER, 5432));
        assertThat(port.setting()).isEqualTo("databaseHost");
        assertThat(port).hasMessageContaining("writer endpoint " + WRITER + ":5432, not to " + WRITER + ":6432");
    }

    @Test
    void checkConnection_whenDeployedToTheWriterEndpoint_passesWhateverTheHostNamesCase() {
        assertThatCode(() -> LocalOnly.checkConnection(SslMode.VERIFY_FULL, WRITER, 5432, WRITER, 5432))
                .doesNotThrowAnyException();
        assertThatCode(() -> LocalOnly.checkConnection(SslMode.VERIFY_FULL, WRITER.toUpperCase(java.util.Locale.ROOT),
                5432, WRITER, 5432)).doesNotThrowAnyException();
    }

    @Test
    void refused_namesTheSourceToRemove() {
        var e = LocalOnly.refused(Setting.DATABASE_PORT, "6432", "tag materialize:database-port");

        assertThat(e.setting()).isEqualTo("databasePort");
        assertThat(e).hasMessageContaining("databasePort=6432 (for tag materialize:database-port)")
                .hasMessageContaining("Remove it from the execution input, tags and stack.");
    }
}
