package com.auroracdc.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void hash_isSha256Hex_andNeverTheToken() {
        String hash = Tokens.hash("token-1");

        assertThat(hash).hasSize(64).matches("[0-9a-f]+").doesNotContain("token-1");
        assertThat(Tokens.hash("token-1")).isEqualTo(hash);
    }

    @Test
    void matches_onlyTheTokenItWasMadeFrom() {
        String stored = Tokens.hash("token-1");

        assertThat(Tokens.matches("token-1", stored)).isTrue();
        assertThat(Tokens.matches("token-2", stored)).isFalse();
        assertThat(Tokens.matches(stored, stored)).as("the hash itself is no token").isFalse();
        assertThat(Tokens.matches(null, stored)).isFalse();
        assertThat(Tokens.matches("token-1", null)).isFalse();
    }
}
