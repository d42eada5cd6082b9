package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The AWS APIs one composition of the functions calls: the account's, through the default credential chain ({@link
 * #real()}, laptop mode), or any other implementation of the same clients (the simulator's).
 */
public record AwsApis(RdsClient rds, Ec2Client ec2, ElasticLoadBalancingV2Client elbv2, SecretsManagerClient secretsManager,
                      EventBridgeClient eventBridge, SsmClient ssm, DynamoDbClient dynamoDb) {

    /** The real clients; building them fails (an SdkException) when no region is configured. */
    public static AwsApis real() {
        return new AwsApis(AwsClients.rds(), AwsClients.ec2(), AwsClients.elbv2(), AwsClients.secretsManager(),
                AwsClients.eventBridge(), AwsClients.ssm(), AwsClients.dynamoDb());
    }
}
