package com.auroracdc.internal.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds SDK clients the standard way: region and credentials from the default chains, endpoints from
 * {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>} when set, the light URL-connection HTTP
 * client. Handlers call these once, in their no-argument constructor (once per Lambda container).
 *
 * <p>All clients share one HTTP client and one credentials provider: each URL-connection client builds its
 * own TLS context (a parse of the JDK trust store) and each default chain resolves on its own, which a
 * handler with two or three clients paid two or three times at cold start. Both are wrapped by {@link Offline}
 * so SnapStart priming can run a handler without a network.
 */
public final class AwsClients {
    private static final SdkHttpClient HTTP = Offline.http(UrlConnectionHttpClient.create());
    private static final AwsCredentialsProvider CREDENTIALS = Offline.credentials(DefaultCredentialsProvider.builder().build());

    private AwsClients() {
    }

    public static RdsClient rds() {
        return standard(RdsClient.builder()).build();
    }

    public static Ec2Client ec2() {
        return standard(Ec2Client.builder()).build();
    }

    /** Elastic Load Balancing v2 (the Network Load Balancers of PrivateLink access, issue 21). */
    public static ElasticLoadBalancingV2Client elbv2() {
        return standard(ElasticLoadBalancingV2Client.builder()).build();
    }

    public static SecretsManagerClient secretsManager() {
        return standard(SecretsManagerClient.builder()).build();
    }

    public static EventBridgeClient eventBridge() {
        return standard(EventBridgeClient.builder()).build();
    }

    public static SfnClient sfn() {
        return standard(SfnClient.builder()).build();
    }

    public static SsmClient ssm() {
        return standard(SsmClient.builder()).build();
    }

    public static DynamoDbClient dynamoDb() {
        return standard(DynamoDbClient.builder()).build();
    }

    /**
     * The SDK's standard retry mode (exponential backoff with jitter, throttling errors retried, 3 attempts) rather
     * than the legacy default, so an RDS throttle is retried instead of failing the stage. Set in code so every
     * function has it whatever its environment; AWS_MAX_ATTEMPTS still raises the attempts where a function sets it.
     */
    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B standard(B builder) {
        return builder.httpClient(HTTP).credentialsProvider(CREDENTIALS)
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD));
    }
}
