package com.auroracdc.local.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.RestoreSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.RestoreSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceRequest;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceResponse;

/**
 * Simulated AWS Secrets Manager: secrets addressed by name or full ARN (the ARN ends in a random
 * 6-character suffix, so never build an ARN from a name), versions with staging labels (AWSCURRENT moves,
 * the previous current becomes AWSPREVIOUS), ClientRequestToken idempotency, and RDS-managed master
 * secrets ({@code rds!cluster-...}, OwningService {@code rds}).
 *
 * <p>Deletion as the API reference states it: DeleteSecret schedules the deletion after a recovery window of 7 to 30
 * days (30 by default; ForceDeleteWithoutRecovery deletes at once, and may not be combined with a window); DescribeSecret
 * then shows DeletedDate (when the deletion was requested); reading or writing the value, deleting it again, or
 * creating a secret of the same name fails with InvalidRequestException until RestoreSecret cancels the deletion. Once
 * the window has passed on the simulator's clock the secret is gone (AWS purges it some time after; here at once).
 * A secret another service owns (RDS's master secrets) cannot be deleted through Secrets Manager.
 */
public final class SimSecretsManager implements SecretsManagerClient {
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9/_+=.@!-]{1,512}$");

    static final class Version {
        private String id;
        private String secretString;
        private final List<String> stages = new ArrayList<>();
        private Instant created;
    }

    static final class Secret {
        private String arn;
        private String name;
        private String description;
        private String kmsKeyId;
        private String owningService;
        private Instant created;
        private Instant lastChanged;
        /** When DeleteSecret was called (DescribeSecret's DeletedDate); null unless scheduled for deletion. */
        private Instant deletedDate;
        /** When the recovery window ends and the secret is gone for good. */
        private Instant deletionDate;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Map<String, Version> versions = new LinkedHashMap<>();
    }

    private final SimAws aws;
    private final Map<String, Secret> secrets = new TreeMap<>();

    SimSecretsManager(SimAws aws) {
        this.aws = aws;
    }

    @Override
    public String serviceName() {
        return "secretsmanager";
    }

    @Override
    public void close() {
    }

    // ---- simulator controls (not AWS API) ----------------------------------------------------------

    /** Creates a secret the way RDS does for ManageMasterUserPassword; returns its ARN. Called under the lock. */
    String seedManagedSecretLocked(String clusterArn, String kmsKeyId, String secretString) {
        Secret secret = newSecret("rds!cluster-" + aws.newUuid(), "Secret associated with primary RDS DB cluster: " + clusterArn);
        secret.owningService = "rds";
        secret.kmsKeyId = kmsKeyId;
        secret.tags.put("aws:rds:primaryDBClusterArn", clusterArn);
        addVersion(secret, aws.newUuid(), secretString);
        return secret.arn;
    }

    /** Creates a secret as somebody else would have (not logged); returns its ARN. */
    public String seedSecret(String name, String secretString) {
        return aws.locked(() -> {
            Secret secret = newSecret(name, null);
            addVersion(secret, aws.newUuid(), secretString);
            return secret.arn;
        });
    }

    // ---- API ---------------------------------------------------------------------------------------

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        return call("GetSecretValue", SimAws.Kind.READ, request, () -> {
            Secret secret = live(request.secretId());
            Version version;
            if (request.versionId() != null) {
                version = secret.versions.get(request.versionId());
                if (version == null) {
                    throw error("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for VersionId: " + request.versionId());
                }
            } else {
                String stage = request.versionStage() == null ? "AWSCURRENT" : request.versionStage();
                version = secret.versions.values().stream().filter(v -> v.stages.contains(stage)).findFirst()
                        .orElseThrow(() -> error("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: " + stage));
            }
            return GetSecretValueResponse.builder()
                    .arn(secret.arn)
                    .name(secret.name)
                    .versionId(version.id)
                    .secretString(version.secretString)
                    .versionStages(version.stages)
                    .createdDate(version.created)
                    .build();
        });
    }

    @Override
    public DescribeSecretResponse describeSecret(DescribeSecretRequest request) {
        return call("DescribeSecret", SimAws.Kind.READ, request, () -> {
            Secret secret = secret(request.secretId());
            Map<String, List<String>> versions = new LinkedHashMap<>();
            secret.versions.values().forEach(v -> versions.put(v.id, List.copyOf(v.stages)));
            return DescribeSecretResponse.builder()
                    .arn(secret.arn)
                    .name(secret.name)
                    .description(secret.description)
                    .kmsKeyId(secret.kmsKeyId)
                    .owningService(secret.owningService)
                    .createdDate(secret.created)
                    .lastChangedDate(secret.lastChanged)
                    .deletedDate(secret.deletedDate)
                    .tags(toTags(secret.tags))
                    .versionIdsToStages(versions)
                    .build();
        });
    }

    @Override
    public CreateSecretResponse createSecret(CreateSecretRequest request) {
        return call("CreateSecret", SimAws.Kind.WRITE, request, () -> {
            String name = request.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw error("InvalidParameterException", "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
            }
            Secret existing = findByName(name);
            if (existing != null && existing.deletedDate != null) {
                throw error("InvalidRequestException", "You can't create this secret because a secret with this name is already scheduled for deletion.");
            }
            if (existing != null) {
                Version same = request.clientRequestToken() == null ? null : existing.versions.get(request.clientRequestToken());
                if (same != null && same.secretString.equals(request.secretString())) {
                    return CreateSecretResponse.builder().arn(existing.arn).name(existing.name).versionId(same.id).build();
                }
                throw error("ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
            }
            Secret secret = newSecret(name, request.description());
            secret.kmsKeyId = request.kmsKeyId();
            putTags(secret, request.tags());
            String versionId = null;
            if (request.secretString() != null) {
                versionId = request.clientRequestToken() != null ? request.clientRequestToken() : aws.newUuid();
                addVersion(secret, versionId, request.secretString());
            }
            return CreateSecretResponse.builder().arn(secret.arn).name(secret.name).versionId(versionId).build();
        });
    }

    @Override
    public PutSecretValueResponse putSecretValue(PutSecretValueRequest request) {
        return call("PutSecretValue", SimAws.Kind.WRITE, request, () -> {
            Secret secret = live(request.secretId());
            if (request.secretString() == null) {
                throw error("InvalidParameterException", "You must provide either SecretString or SecretBinary.");
            }
            String versionId = request.clientRequestToken() != null ? request.clientRequestToken() : aws.newUuid();
            Version existing = secret.versions.get(versionId);
            if (existing != null) {
                if (!existing.secretString.equals(request.secretString())) {
                    throw error("ResourceExistsException", "You can't modify an existing version, you can only create a new version.");
                }
                return PutSecretValueResponse.builder().arn(secret.arn).name(secret.name).versionId(existing.id)
                        .versionStages(existing.stages).build();
            }
            List<String> stages = request.hasVersionStages() ? request.versionStages() : List.of("AWSCURRENT");
            Version version = addVersion(secret, versionId, request.secretString(), stages);
            return PutSecretValueResponse.builder().arn(secret.arn).name(secret.name).versionId(version.id)
                    .versionStages(version.stages).build();
        });
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
        return call("TagResource", SimAws.Kind.WRITE, request, () -> {
            Secret secret = secret(request.secretId());
            putTags(secret, request.tags());
            return TagResourceResponse.builder().build();
        });
    }

    @Override
    public DeleteSecretResponse deleteSecret(DeleteSecretRequest request) {
        return call("DeleteSecret", SimAws.Kind.WRITE, request, () -> {
            boolean force = Boolean.TRUE.equals(request.forceDeleteWithoutRecovery());
            Long window = request.recoveryWindowInDays();
            if (force && window != null) {
                throw error("InvalidParameterException", "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
            }
            if (window != null && (window < 7 || window > 30)) {
                throw error("InvalidParameterException", "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
            }
            purgeExpired();
            Secret secret = request.secretId() == null ? null : request.secretId().startsWith("arn:")
                    ? secrets.get(request.secretId()) : findByName(request.secretId());
            if (secret == null && force) {
                // A forced delete of a secret that does not exist (any more) does not fail.
                return DeleteSecretResponse.builder().name(request.secretId()).deletionDate(aws.clock().instant()).build();
            }
            secret = secret(request.secretId());
            if (secret.deletedDate != null) {
                throw markedForDeletion();
            }
            if (secret.owningService != null) {
                throw error("InvalidRequestException", "You can't delete secret " + secret.name + " because it's managed by "
                        + secret.owningService + ". Use " + secret.owningService + " to manage it.");
            }
            Instant now = aws.clock().instant();
            if (force) {
                secrets.remove(secret.arn);
                return DeleteSecretResponse.builder().arn(secret.arn).name(secret.name).deletionDate(now).build();
            }
            secret.deletedDate = now;
            secret.deletionDate = now.plus(Duration.ofDays(window == null ? 30 : window));
            return DeleteSecretResponse.builder().arn(secret.arn).name(secret.name).deletionDate(secret.deletionDate)
                    .build();
        });
    }

    @Override
    public RestoreSecretResponse restoreSecret(RestoreSecretRequest request) {
        return call("RestoreSecret", SimAws.Kind.WRITE, request, () -> {
            Secret secret = secret(request.secretId());
            secret.deletedDate = null;
            secret.deletionDate = null;
            return RestoreSecretResponse.builder().arn(secret.arn).name(secret.name).build();
        });
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private Secret newSecret(String name, String description) {
        Secret secret = new Secret();
        secret.name = name;
        secret.arn = "arn:aws:secretsmanager:" + aws.region() + ":" + aws.account() + ":secret:" + name + "-" + suffix();
        secret.description = description;
        secret.created = aws.clock().instant();
        secret.lastChanged = secret.created;
        secrets.put(secret.arn, secret);
        return secret;
    }

    private String suffix() {
        String id = aws.newAlnumId(6);
        return id.substring(0, 3) + id.substring(3).toLowerCase(Locale.ROOT);
    }

    private Version addVersion(Secret secret, String versionId, String secretString) {
        return addVersion(secret, versionId, secretString, List.of("AWSCURRENT"));
    }

    private Version addVersion(Secret secret, String versionId, String secretString, List<String> stages) {
        if (stages.contains("AWSCURRENT")) {
            for (Version old : secret.versions.values()) {
                old.stages.remove("AWSPREVIOUS");
                if (old.stages.remove("AWSCURRENT")) {
                    old.stages.add("AWSPREVIOUS");
                }
            }
        }
        for (Version old : secret.versions.values()) {
            old.stages.removeAll(Set.copyOf(stages));
        }
        Version version = new Version();
        version.id = versionId;
        version.secretString = secretString;
        version.stages.addAll(stages);
        version.created = aws.clock().instant();
        secret.versions.put(versionId, version);
        secret.lastChanged = version.created;
        return version;
    }

    private void putTags(Secret secret, List<Tag> tags) {
        for (Tag tag : tags == null ? List.<Tag>of() : tags) {
            if (tag.key() == null || tag.key().isEmpty() || tag.key().length() > 128
                    || (tag.value() != null && tag.value().length() > 256)) {
                throw error("InvalidParameterException", "Invalid tag: keys are 1-128 and values at most 256 characters.");
            }
            if (tag.key().startsWith("aws:")) {
                throw error("InvalidParameterException", "Tag keys beginning with aws: are reserved.");
            }
            secret.tags.put(tag.key(), tag.value() == null ? "" : tag.value());
        }
    }

    /** The secret, which must not be scheduled for deletion (its value can be neither read nor written then). */
    private Secret live(String secretId) {
        Secret secret = secret(secretId);
        if (secret.deletedDate != null) {
            throw markedForDeletion();
        }
        return secret;
    }

    private static AwsServiceException markedForDeletion() {
        return error("InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.");
    }

    /** Secrets whose recovery window has passed are gone. */
    private void purgeExpired() {
        Instant now = aws.clock().instant();
        secrets.values().removeIf(s -> s.deletionDate != null && !now.isBefore(s.deletionDate));
    }

    private Secret secret(String secretId) {
        purgeExpired();
        if (secretId == null || secretId.isEmpty()) {
            throw error("InvalidParameterException", "You must provide a SecretId.");
        }
        Secret secret = secretId.startsWith("arn:") ? secrets.get(secretId) : findByName(secretId);
        if (secret == null) {
            throw error("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        return secret;
    }

    private Secret findByName(String name) {
        purgeExpired();
        return secrets.values().stream().filter(s -> s.name.equals(name)).findFirst().orElse(null);
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private <T> T call(String operation, SimAws.Kind kind, Object request, Supplier<T> body) {
        return aws.call("secretsmanager", operation, kind, request, SimSecretsManager::error, body);
    }

    static AwsServiceException error(String code, String message) {
        return error(code, message, 400);
    }

    static AwsServiceException error(String code, String message, int status) {
        AwsServiceException.Builder builder = switch (code) {
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder();
            case "ResourceExistsException" -> ResourceExistsException.builder();
            case "InvalidParameterException" -> InvalidParameterException.builder();
            case "InvalidRequestException" -> InvalidRequestException.builder();
            case "InternalServiceError" -> InternalServiceErrorException.builder();
            default -> SecretsManagerException.builder();
        };
        return SimAws.build(builder, "SecretsManager", code, message, status);
    }
}
