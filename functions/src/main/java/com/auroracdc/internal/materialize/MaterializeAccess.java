package com.auroracdc.internal.materialize;

import com.auroracdc.errors.MaterializeAuthenticationException;
import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Opens Materialize's SQL API for the stack's endpoint: the app password read from its secret for each call (a
 * rotated password is picked up at once), TLS verified against the trust the function was given (the JDK's in
 * Lambda). The password lives in the client only for one invocation and appears in no message.
 */
public final class MaterializeAccess {
    private final Supplier<SecretsManagerClient> secrets;
    private final Supplier<SSLContext> tls;

    public MaterializeAccess(SecretsManagerClient secrets, SSLContext tls) {
        this(() -> secrets, () -> tls);
    }

    /** Each made when first needed: a stack that never calls Materialize pays nothing for it at Lambda init. */
    private MaterializeAccess(Supplier<SecretsManagerClient> secrets, Supplier<SSLContext> tls) {
        this.secrets = secrets;
        this.tls = tls;
    }

    /** The simulator: the given Secrets Manager client, the JDK's default trust. */
    public static MaterializeAccess withDefaultTrust(SecretsManagerClient secrets) {
        return new MaterializeAccess(() -> secrets, MaterializeSqlApi::defaultTls);
    }

    /** Lambda: the function's own Secrets Manager client and the JDK's default trust, made on the first call. */
    public static MaterializeAccess lambda() {
        SecretsManagerClient[] client = new SecretsManagerClient[1];
        return new MaterializeAccess(() -> {
            if (client[0] == null) {
                client[0] = AwsClients.secretsManager(); // one invocation at a time per container
            }
            return client[0];
        }, MaterializeSqlApi::defaultTls);
    }


    /** The egress addresses Materialize publishes now (validated, sorted, never empty). */
    public List<String> egressAddresses(MaterializeEndpoint endpoint) {
        try (MaterializeSqlApi api = open(endpoint)) {
            return EgressAddresses.read(api);
        }
    }

    /** A client for the endpoint, with the app password its secret holds now. */
    public MaterializeSqlApi open(MaterializeEndpoint endpoint) {
        String arn = endpoint.appPasswordSecretArn();
        String text;
        try {
            text = secrets.get().getSecretValue(r -> r.secretId(arn)).secretString();
        } catch (SdkException e) {
            throw new MaterializeAuthenticationException("The Materialize app password secret " + arn + " cannot be read ("
                    + e.getClass().getSimpleName() + "). The function's role needs secretsmanager:GetSecretValue on it"
                    + " (the template grants it for MaterializeAppPasswordSecretArn) and the secret must exist.");
        }
        JsonNode json = parse(text);
        String user = json == null ? null : json.path("username").asText(json.path("user").asText(null));
        String password = json == null ? null : json.path("password").asText(null);
        if (user == null || password == null) {
            throw new MaterializeAuthenticationException("The Materialize app password secret " + arn + " is not JSON with"
                    + " \"username\" and \"password\": store the app password's user (e.g. the email) and password so.");
        }
        return new MaterializeSqlApi(endpoint.host(), user, password, tls.get(), MaterializeSqlApi.DEFAULT_CONNECT_TIMEOUT,
                MaterializeSqlApi.DEFAULT_REQUEST_TIMEOUT);
    }

    /** The secret's JSON, or null; a parse error is dropped whole, since its message may quote the secret. */
    private static JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
