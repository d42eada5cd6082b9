package com.auroracdc.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.retries.api.RetryStrategy;

/** Every client retries the SDK's standard way (backoff with jitter, throttling retried), never the legacy mode. */
class AwsClientsTest {
    @BeforeAll
    static void region() {
        System.setProperty("aws.region", "us-east-1");
    }

    @AfterAll
    static void noRegion() {
        System.clearProperty("aws.region");
    }

    @Test
    void everyClient_usesTheStandardRetryStrategy() {
        List<AwsClient> clients = List.of(AwsClients.rds(), AwsClients.ec2(), AwsClients.secretsManager(),
                AwsClients.eventBridge(), AwsClients.sfn());
        for (AwsClient client : clients) {
            RetryStrategy strategy = client.serviceClientConfiguration().overrideConfiguration().retryStrategy().orElseThrow();
            assertThat(strategy.getClass().getSimpleName()).as(client.serviceName()).isEqualTo("DefaultStandardRetryStrategy");
        }
    }
}
