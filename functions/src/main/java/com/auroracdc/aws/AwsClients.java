package com.auroracdc.aws;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Builds SDK clients the standard way: region and credentials from the default chains, endpoints from
 * {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>} when set, the light URL-connection HTTP
 * client. Handlers call these once, in their no-argument constructor (once per Lambda container).
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static RdsClient rds() {
        return RdsClient.builder().httpClient(http()).build();
    }

    public static Ec2Client ec2() {
        return Ec2Client.builder().httpClient(http()).build();
    }

    public static SecretsManagerClient secretsManager() {
        return SecretsManagerClient.builder().httpClient(http()).build();
    }

    public static EventBridgeClient eventBridge() {
        return EventBridgeClient.builder().httpClient(http()).build();
    }

    public static SfnClient sfn() {
        return SfnClient.builder().httpClient(http()).build();
    }

    private static SdkHttpClient http() {
        return UrlConnectionHttpClient.create();
    }
}
