package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.errors.InvalidSettingException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

class CheckFailuresTest {
    @Test
    void finding_whenSecretIsMissing_isSecretUnavailable() {
        var e = ResourceNotFoundException.builder().message("Secrets Manager can't find the specified secret.")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").serviceName("SecretsManager").build())
                .statusCode(400).build();
        assertThat(CheckFailures.finding("a", "database", e, false).kind()).isEqualTo(FindingKind.SECRET_UNAVAILABLE);
    }

    @Test
    void finding_whenSecretAccessIsDenied_isAccessDenied() {
        var e = ResourceNotFoundException.builder().message("not authorized to perform: secretsmanager:GetSecretValue")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").serviceName("SecretsManager").build())
                .statusCode(400).build();
        Finding finding = CheckFailures.finding("a", "database", e, false);
        assertThat(finding.kind()).isEqualTo(FindingKind.ACCESS_DENIED);
        assertThat(finding.found()).contains("secretsmanager:GetSecretValue");
    }

    @Test
    void finding_whenPlannerRefuses_isSetupBlockedWithItsAdvice() {
        Finding finding = CheckFailures.finding("a", "parameter group",
                new InvalidSettingException("x", "Do this to fix it."), true);
        assertThat(finding.kind()).isEqualTo(FindingKind.SETUP_BLOCKED);
        assertThat(finding.repair()).endsWith("Do this to fix it.");
    }

    @Test
    void finding_whenSocketTimesOut_isUnreachable() {
        var e = new java.sql.SQLException("The connection attempt failed.", "08001", new SocketTimeoutException("connect timed out"));
        assertThat(CheckFailures.finding("a", "database", e, false).kind()).isEqualTo(FindingKind.UNREACHABLE);
    }

    @Test
    void finding_whenAwsApiIsUnreachable_isCheckFailedWithNetworkAdvice() {
        Finding finding = CheckFailures.finding("a", "security group",
                SdkClientException.create("Unable to execute HTTP request", new SocketTimeoutException()), false);
        assertThat(finding.kind()).isEqualTo(FindingKind.CHECK_FAILED);
        assertThat(finding.repair()).contains("VPC endpoint");
    }
}
