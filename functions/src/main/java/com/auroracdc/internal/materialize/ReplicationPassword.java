package com.auroracdc.internal.materialize;

import com.auroracdc.errors.ReplicationSecretException;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The replication user's password as the publication stage stored it in Secrets Manager: which version is current
 * (DescribeSecret, no secret value read: enough to plan, and all a dry run needs) and, only when a {@code SECRET}
 * statement is sent, the value of exactly that version. Messages never quote the secret's value.
 */
public final class ReplicationPassword {
    private static final String CURRENT = "AWSCURRENT";

    private final SecretsManagerClient secrets;

    public ReplicationPassword(SecretsManagerClient secrets) {
        this.secrets = secrets;
    }

    /** The version labelled AWSCURRENT. */
    public String currentVersion(String secretArn) {
        Map<String, List<String>> versions;
        try {
            versions = secrets.describeSecret(r -> r.secretId(secretArn)).versionIdsToStages();
        } catch (SdkException e) {
            throw unreadable(secretArn, e);
        }
        return versions.entrySet().stream().filter(v -> v.getValue().contains(CURRENT)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new ReplicationSecretException("The replication secret " + secretArn
                        + " has no AWSCURRENT version. Run the setup again: its publication stage writes the password."));
    }

    /** The {@code password} field of that version. */
    public String password(String secretArn, String versionId) {
        String text;
        try {
            text = secrets.getSecretValue(r -> r.secretId(secretArn).versionId(versionId)).secretString();
        } catch (SdkException e) {
            throw unreadable(secretArn, e);
        }
        String password = null;
        try {
            JsonNode json = text == null ? null : Json.MAPPER.readTree(text);
            password = json == null ? null : json.path("password").asText(null);
        } catch (IOException | RuntimeException e) {
            // dropped whole: a parse error's message may quote the secret
        }
        if (password == null || password.isEmpty()) {
            throw new ReplicationSecretException("The replication secret " + secretArn + " (version " + versionId
                    + ") is not JSON with a \"password\". Run the setup again with \"rotatePassword\": true to write a new one.");
        }
        return password;
    }

    private static ReplicationSecretException unreadable(String secretArn, SdkException e) {
        return new ReplicationSecretException("The replication secret " + secretArn + " cannot be read ("
                + e.getClass().getSimpleName() + "). The function's role needs secretsmanager:DescribeSecret and"
                + " GetSecretValue on aurora-cdc/* (the template grants them), and the secret must exist.", e);
    }
}
