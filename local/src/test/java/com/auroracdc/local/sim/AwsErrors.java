package com.auroracdc.local.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Assertions on the AWS error a simulated call failed with. */
final class AwsErrors {
    private AwsErrors() {
    }

    static Consumer<Throwable> errorCode(String code) {
        return e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode()).isEqualTo(code);
    }

    static Consumer<Throwable> errorCode(String code, int status) {
        return e -> {
            assertThat(((AwsServiceException) e).awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(((AwsServiceException) e).statusCode()).isEqualTo(status);
        };
    }
}
