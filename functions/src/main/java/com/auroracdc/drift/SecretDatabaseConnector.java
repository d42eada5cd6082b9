package com.auroracdc.drift;

import com.auroracdc.cluster.SetupContext;
import com.auroracdc.errors.AdminSecretException;
import com.auroracdc.settings.SslMode;
import com.auroracdc.stage.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Connects as the admin user from the cluster's admin secret ({@code {"username", "password"}}).
 * Interim: replaced by the publication stage's connector (bundled RDS CA for verify-full) once it lands.
 */
public final class SecretDatabaseConnector implements DatabaseConnector {
    private final SecretsManagerClient secrets;
    private final Duration connectTimeout;

    public SecretDatabaseConnector(SecretsManagerClient secrets, Duration connectTimeout) {
        this.secrets = secrets;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public Connection connect(SetupContext context) throws Exception {
        var cluster = context.cluster();
        var settings = context.settings();
        if (cluster.adminSecretArn() == null) {
            throw new AdminSecretException("Cluster " + cluster.identifier() + " has no RDS-managed master secret and no"
                    + " admin secret is configured (tag materialize:admin-secret-arn).");
        }
        JsonNode secret;
        try {
            secret = Json.MAPPER.readTree(secrets.getSecretValue(r -> r.secretId(cluster.adminSecretArn())).secretString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AdminSecretException("Secret " + cluster.adminSecretArn() + " is not JSON with username and password.");
        }
        if (secret == null || !secret.hasNonNull("username") || !secret.hasNonNull("password")) {
            throw new AdminSecretException("Secret " + cluster.adminSecretArn() + " lacks username or password.");
        }
        String database = settings.databaseName() != null ? settings.databaseName()
                : cluster.databaseName() != null && !cluster.databaseName().isBlank() ? cluster.databaseName() : "postgres";
        String host = settings.databaseHost() != null ? settings.databaseHost() : cluster.writerEndpoint();
        int port = settings.databasePort() != null ? settings.databasePort() : cluster.port();
        Properties p = new Properties();
        p.setProperty("user", secret.get("username").asText());
        p.setProperty("password", secret.get("password").asText());
        p.setProperty("ApplicationName", "aurora-cdc-autopilot-drift");
        p.setProperty("connectTimeout", Long.toString(connectTimeout.toSeconds()));
        p.setProperty("loginTimeout", Long.toString(connectTimeout.toSeconds() * 2));
        p.setProperty("socketTimeout", "60");
        p.setProperty("options", "-c statement_timeout=30000 -c default_transaction_read_only=on");
        p.setProperty("sslmode", settings.sslMode() == SslMode.DISABLE ? "disable"
                : settings.sslMode() == SslMode.REQUIRE ? "require" : "verify-full");
        String url = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
        return DriverManager.getConnection(url, p);
    }
}
