package com.auroracdc.internal.database;

import com.auroracdc.errors.AdminSecretException;
import com.auroracdc.errors.ReplicationSecretException;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The Secrets Manager side: reads the admin secret, observes and writes the replication user's secret, and (teardown)
 * schedules its deletion with a recovery window.
 * Secret values travel only between Secrets Manager and the database; no message here ever contains one.
 */
public final class SecretStore {
    /** How a replication secret is written: created, its value updated, or restored from deletion then updated. */
    public enum Write { CREATE, UPDATE, RESTORE_AND_UPDATE }

    public static final String TAG_KEY = "managed-by";
    public static final String TAG_VALUE = "aurora-cdc-autopilot";
    static final String PREFIX = "aurora-cdc/";

    private final SecretsManagerClient secrets;

    public SecretStore(SecretsManagerClient secrets) {
        this.secrets = secrets;
    }

    /** The predictable name of a cluster's replication secret: {@code aurora-cdc/<cluster>/<user>}. */
    public static String replicationSecretName(String clusterIdentifier, String user) {
        return PREFIX + clusterIdentifier + "/" + user;
    }

    /** Admin credentials from the RDS-managed master secret ({username, password}) or any RDS-format secret. */
    public Credentials adminCredentials(String secretArn) {
        if (secretArn == null || secretArn.isBlank()) {
            throw new AdminSecretException("No admin secret: the cluster has no RDS-managed master secret "
                    + "(ManageMasterUserPassword) and no adminSecretArn setting (tag materialize:admin-secret-arn) "
                    + "names one. Turn on RDS-managed master credentials or store {\"username\",\"password\"} in a "
                    + "secret and set its ARN.");
        }
        String text;
        try {
            text = secrets.getSecretValue(r -> r.secretId(secretArn)).secretString();
        } catch (ResourceNotFoundException e) {
            throw new AdminSecretException("The admin secret " + secretArn + " does not exist (or has no current "
                    + "value). Check the adminSecretArn setting or the cluster's master user secret.", e);
        } catch (SdkException e) {
            throw new AdminSecretException("Cannot read the admin secret " + secretArn + " (" + errorCode(e) + "). The "
                    + "function's role needs secretsmanager:GetSecretValue on it (and kms:Decrypt on its KMS key), and "
                    + "the function needs a route to Secrets Manager (VPC endpoint or NAT).", e);
        }
        JsonNode json = parse(text);
        String username = text(json, "username");
        String password = text(json, "password");
        if (username == null || password == null) {
            throw new AdminSecretException("The admin secret " + secretArn + " is not JSON with \"username\" and "
                    + "\"password\" fields. Use the RDS-managed master secret or an RDS-format secret.");
        }
        return new Credentials(username, password);
    }

    /** The replication secret as it is (absent, scheduled for deletion, or with its fields). */
    public ObservedSecret observe(String name) {
        DescribeSecretResponse described;
        try {
            described = secrets.describeSecret(r -> r.secretId(name));
        } catch (ResourceNotFoundException e) {
            return ObservedSecret.absent(name);
        } catch (SdkException e) {
            throw replicationError("describe", name, e);
        }
        boolean tagged = tagged(described.tags());
        if (described.deletedDate() != null) {
            return new ObservedSecret(name, described.arn(), true, tagged, Map.of(), null);
        }
        String text;
        try {
            text = secrets.getSecretValue(r -> r.secretId(described.arn())).secretString();
        } catch (ResourceNotFoundException e) {
            return new ObservedSecret(name, described.arn(), false, tagged, Map.of(), null); // no value yet
        } catch (SdkException e) {
            throw replicationError("read", name, e);
        }
        JsonNode json = parseOrNull(text);
        Map<String, String> fields = new LinkedHashMap<>();
        String password = null;
        if (json != null && json.isObject()) {
            for (var field : json.properties()) {
                if (field.getKey().equals("password")) {
                    password = field.getValue().asText();
                } else {
                    fields.put(field.getKey(), field.getValue().asText());
                }
            }
        }
        return new ObservedSecret(name, described.arn(), false, tagged, fields, password);
    }

    /** Creates, restores or updates the secret with these fields and password; returns its ARN. */
    public String write(ObservedSecret observed, Write write, Map<String, String> fields,
                        String password, String description, String clusterIdentifier) {
        String value = secretString(fields, password);
        try {
            return switch (write) {
                case CREATE -> secrets.createSecret(r -> r.name(observed.name()).description(description)
                        .secretString(value)
                        .tags(List.of(tag(TAG_KEY, TAG_VALUE), tag("aurora-cdc:cluster", clusterIdentifier))))
                        .arn();
                case RESTORE_AND_UPDATE -> {
                    secrets.restoreSecret(r -> r.secretId(observed.arn()));
                    secrets.putSecretValue(r -> r.secretId(observed.arn()).secretString(value));
                    yield observed.arn();
                }
                case UPDATE -> {
                    secrets.putSecretValue(r -> r.secretId(observed.arn()).secretString(value));
                    yield observed.arn();
                }
            };
        } catch (SdkException e) {
            throw replicationError("write", observed.name(), e);
        }
    }

    /**
     * A secret as DescribeSecret states it, never its value.
     *
     * @param tagged      it carries {@code managed-by=aurora-cdc-autopilot}
     * @param deletedDate when its deletion was requested (DescribeSecret's DeletedDate); null unless scheduled for
     *                    deletion
     */
    public record Described(String arn, String name, boolean tagged, Instant deletedDate) {
        public boolean scheduledForDeletion() {
            return deletedDate != null;
        }
    }

    /** The secret by ARN or name, or empty when Secrets Manager has no such secret (any more). Reads no value. */
    public Optional<Described> describe(String secretId) {
        DescribeSecretResponse described;
        try {
            described = secrets.describeSecret(r -> r.secretId(secretId));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw replicationError("describe", secretId, e);
        }
        return Optional.of(new Described(described.arn(), described.name(), tagged(described.tags()),
                described.deletedDate()));
    }

    /**
     * Schedules the secret's deletion after {@code recoveryWindowDays} (7 to 30; RestoreSecret undoes it until then);
     * never {@code ForceDeleteWithoutRecovery}. Returns when Secrets Manager will delete it for good.
     */
    public Instant delete(String arn, int recoveryWindowDays) {
        try {
            return secrets.deleteSecret(r -> r.secretId(arn).recoveryWindowInDays((long) recoveryWindowDays))
                    .deletionDate();
        } catch (SdkException e) {
            throw new ReplicationSecretException("Cannot delete the replication secret " + arn + " (" + errorCode(e)
                    + "). The function's role needs secretsmanager:DescribeSecret and DeleteSecret on secrets named "
                    + PREFIX + "*, and a route to Secrets Manager (VPC endpoint or NAT).", e);
        }
    }

    private static boolean tagged(List<Tag> tags) {
        return tags.stream().anyMatch(t -> TAG_KEY.equals(t.key()) && TAG_VALUE.equals(t.value()));
    }

    public void tag(ObservedSecret observed, String clusterIdentifier) {
        try {
            secrets.tagResource(r -> r.secretId(observed.arn())
                    .tags(tag(TAG_KEY, TAG_VALUE), tag("aurora-cdc:cluster", clusterIdentifier)));
        } catch (SdkException e) {
            throw replicationError("tag", observed.name(), e);
        }
    }

    /** RDS format: port as a number, everything else as text. */
    static String secretString(Map<String, String> fields, String password) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        fields.forEach((key, value) -> {
            if (key.equals("port")) {
                node.put(key, Integer.parseInt(value));
            } else {
                node.put(key, value);
            }
        });
        node.put("password", password);
        return node.toString();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static ReplicationSecretException replicationError(String action, String name, SdkException e) {
        return new ReplicationSecretException("Cannot " + action + " the replication secret " + name + " ("
                + errorCode(e) + "). The function's role needs secretsmanager:DescribeSecret, GetSecretValue, "
                + "CreateSecret, PutSecretValue, RestoreSecret and TagResource on secrets named " + PREFIX + "*, and "
                + "a route to Secrets Manager (VPC endpoint or NAT).", e);
    }

    /** The service's error code only: SDK messages name the secret at most, but keep them short anyway. */
    private static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException service
                && service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    private static JsonNode parse(String text) {
        JsonNode node = parseOrNull(text);
        if (node == null || !node.isObject()) {
            throw new AdminSecretException("The admin secret is not a JSON object. Use the RDS-managed master secret "
                    + "or an RDS-format secret ({\"username\": ..., \"password\": ...}).");
        }
        return node;
    }

    private static JsonNode parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return null; // never echo the text: it is a secret
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }
}
