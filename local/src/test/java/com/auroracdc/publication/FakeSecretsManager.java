package com.auroracdc.publication;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.RestoreSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.RestoreSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceRequest;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceResponse;

/**
 * A tiny in-memory Secrets Manager for these tests only, following the documented behaviour of the calls
 * the stage makes (ids by name or ARN, ResourceNotFoundException, deletion scheduling). Records every call.
 */
final class FakeSecretsManager implements SecretsManagerClient {
    static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:123456789012:secret:";

    static final class Secret {
        final String name;
        final String arn;
        String value;
        Instant deletedDate;
        final List<Tag> tags = new ArrayList<>();

        Secret(String name, String value) {
            this.name = name;
            this.arn = ARN_PREFIX + name + "-AbCdEf";
            this.value = value;
        }
    }

    final Map<String, Secret> secrets = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();

    /** Stores a secret as if created elsewhere; returns its ARN. */
    String put(String name, String value) {
        Secret secret = new Secret(name, value);
        secrets.put(name, secret);
        return secret.arn;
    }

    Secret find(String id) {
        for (Secret secret : secrets.values()) {
            if (secret.name.equals(id) || secret.arn.equals(id)) {
                return secret;
            }
        }
        throw (ResourceNotFoundException) ResourceNotFoundException.builder()
                .message("Secrets Manager can't find the specified secret.")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build();
    }

    List<String> mutatingCalls() {
        return calls.stream().filter(c -> !c.startsWith("Get") && !c.startsWith("Describe")).toList();
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        calls.add("GetSecretValue " + request.secretId());
        Secret secret = find(request.secretId());
        if (secret.deletedDate != null) {
            throw InvalidRequestException.builder().message("You can't perform this operation on the secret "
                    + "because it was marked for deletion.").build();
        }
        return GetSecretValueResponse.builder().arn(secret.arn).name(secret.name).secretString(secret.value).build();
    }

    @Override
    public DescribeSecretResponse describeSecret(DescribeSecretRequest request) {
        calls.add("DescribeSecret " + request.secretId());
        Secret secret = find(request.secretId());
        return DescribeSecretResponse.builder().arn(secret.arn).name(secret.name).deletedDate(secret.deletedDate)
                .tags(secret.tags).build();
    }

    @Override
    public CreateSecretResponse createSecret(CreateSecretRequest request) {
        calls.add("CreateSecret " + request.name());
        Secret existing = secrets.get(request.name());
        if (existing != null && existing.deletedDate != null) {
            throw InvalidRequestException.builder().message("You can't create this secret because a secret with "
                    + "this name is already scheduled for deletion.").build();
        }
        if (existing != null) {
            throw ResourceExistsException.builder().message("The operation failed because the secret "
                    + request.name() + " already exists.").build();
        }
        Secret secret = new Secret(request.name(), request.secretString());
        secret.tags.addAll(request.tags());
        secrets.put(request.name(), secret);
        return CreateSecretResponse.builder().arn(secret.arn).name(secret.name).build();
    }

    @Override
    public PutSecretValueResponse putSecretValue(PutSecretValueRequest request) {
        calls.add("PutSecretValue " + request.secretId());
        Secret secret = find(request.secretId());
        if (secret.deletedDate != null) {
            throw InvalidRequestException.builder().message("marked for deletion").build();
        }
        secret.value = request.secretString();
        return PutSecretValueResponse.builder().arn(secret.arn).name(secret.name).build();
    }

    @Override
    public RestoreSecretResponse restoreSecret(RestoreSecretRequest request) {
        calls.add("RestoreSecret " + request.secretId());
        Secret secret = find(request.secretId());
        secret.deletedDate = null;
        return RestoreSecretResponse.builder().arn(secret.arn).name(secret.name).build();
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
        calls.add("TagResource " + request.secretId());
        Secret secret = find(request.secretId());
        for (Tag tag : request.tags()) {
            secret.tags.removeIf(t -> t.key().equals(tag.key()));
            secret.tags.add(tag);
        }
        return TagResourceResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return "secretsmanager";
    }

    @Override
    public void close() {
    }
}
