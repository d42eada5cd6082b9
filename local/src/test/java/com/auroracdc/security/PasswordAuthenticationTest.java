package com.auroracdc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.DatabaseAuthenticationException;
import com.auroracdc.internal.database.Credentials;
import com.auroracdc.internal.database.DatabaseTarget;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.settings.LocalOnly;
import com.auroracdc.internal.settings.LocalOnlySwitch;
import com.auroracdc.internal.settings.SslMode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server that TLS did not authenticate and that asks for the password in clear text or as MD5 gets nothing: only
 * SCRAM proves the password without handing it (or a digest open to offline guessing) to whoever answers. This is
 * the local runner's relaxed modes; a deployed function verifies TLS, so no impostor gets as far as asking.
 */
class PasswordAuthenticationTest {
    private static final String PASSWORD = "master-password-never-sent";

    @AfterEach
    void deployedAgain() {
        LocalOnlySwitch.asDeployed();
    }

    @ParameterizedTest
    @EnumSource(FakePostgres.Ask.class)
    void open_whenServerAsksForAWeakPasswordExchange_refusesBeforeSendingAnything(FakePostgres.Ask ask) {
        LocalOnly.allowForLocalRunner(); // plain TCP to loopback, as ./autopilot local does
        try (FakePostgres server = FakePostgres.start(ask)) {
            DatabaseTarget target = new DatabaseTarget("127.0.0.1", server.port(), "postgres", SslMode.DISABLE,
                    null, "127.0.0.1", server.port());

            assertThatThrownBy(() -> new PgConnector(Timeouts.defaults()).open(target, new Credentials("postgres", PASSWORD)))
                    .isInstanceOf(DatabaseAuthenticationException.class)
                    .hasMessageContaining("SCRAM")
                    .hasMessageNotContaining(PASSWORD);

            assertThat(server.accepted()).isEqualTo(1);
            byte[] sent = server.sentAfterAsking();
            assertThat(new String(sent, StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
            assertThat(sent.length == 0 || sent[0] != 'p').as("a PasswordMessage was sent").isTrue();
        }
    }
}
