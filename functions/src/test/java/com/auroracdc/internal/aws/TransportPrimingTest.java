package com.auroracdc.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class TransportPrimingTest {
    @Test
    void credentialChain_whenNoCredentialsAreConfigured_resolvesThePlaceholderAndLeavesNoneBehind() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");

        TransportPriming.credentialChain();

        assertThat(System.getProperty("aws.accessKeyId")).isNull();
        assertThat(System.getProperty("aws.secretAccessKey")).isNull();
    }

    @Test
    void credentialChain_whenPropertiesWereSet_putsThemBack() {
        System.setProperty("aws.accessKeyId", "AKIALOCALDEVELOPER00");
        System.setProperty("aws.secretAccessKey", "local-secret");
        try {
            TransportPriming.credentialChain();

            assertThat(System.getProperty("aws.accessKeyId")).isEqualTo("AKIALOCALDEVELOPER00");
            assertThat(System.getProperty("aws.secretAccessKey")).isEqualTo("local-secret");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void loopbackHttp_postsToItsOwnLoopbackAnswerAndGetsA200() {
        // Throws (UncheckedIOException) when the request or the answer fails.
        assertThatCode(TransportPriming::loopbackHttp).doesNotThrowAnyException();
    }
}
