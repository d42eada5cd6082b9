package com.auroracdc.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lease's arithmetic and its expiry, on their own (the stores' behaviour is in the local module's contract tests). */
class LeaseTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void from_holdsTheLeaseOneHeartbeatPastNow() {
        assertThat(LeaseBound.HEARTBEAT).isEqualTo(Duration.ofMinutes(15));
        assertThat(LeaseBound.from(NOW)).isEqualTo(Instant.parse("2026-11-24T10:15:00Z"));
    }

    @Test
    void after_whenTheStateMachineWaits_holdsTheLeaseThroughTheWaitPlusOneHeartbeat() {
        assertThat(LeaseBound.after(NOW, Duration.ofHours(2))).isEqualTo(Instant.parse("2026-11-24T12:15:00Z"));
        assertThat(LeaseBound.after(NOW, Duration.ZERO)).isEqualTo(LeaseBound.from(NOW));
    }

    @Test
    void after_whenTheWaitIsNegative_neverShortensTheLeaseBelowOneHeartbeat() {
        assertThat(LeaseBound.after(NOW, Duration.ofMinutes(-30))).isEqualTo(Instant.parse("2026-11-24T10:15:00Z"));
    }

    @Test
    void expired_onlyOnceTheLeaseEndIsPast() {
        LockHolder holder = new LockHolder("exec-1", LeaseBound.from(NOW), NOW);

        assertThat(holder.expired(NOW)).isFalse();
        assertThat(holder.expired(NOW.plus(LeaseBound.HEARTBEAT))).as("at the very end it still holds").isFalse();
        assertThat(holder.expired(NOW.plus(LeaseBound.HEARTBEAT).plusMillis(1))).isTrue();
        assertThat(holder.expired(NOW.plus(Duration.ofDays(1)))).isTrue();
    }

    @Test
    void lease_carriesTheTokensHashNeverTheToken() {
        Lease lease = new Lease("orders", "exec-1", Tokens.hash("token-1"));

        assertThat(lease.tokenHash()).isNotEqualTo("token-1");
        assertThat(Tokens.matches("token-1", lease.tokenHash())).isTrue();
        assertThat(lease.toString()).doesNotContain("token-1");
    }
}
