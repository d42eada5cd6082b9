package com.auroracdc.internal.database;

import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.settings.LocalOnly;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SslMode;

/**
 * Where the stage connects: the writer endpoint (or a local override such as a tunnel), the database, how TLS
 * is checked, and which CA bundle (a classpath resource) is trusted under verify-full.
 *
 * @param advertisedHost the host Materialize must use (always the writer endpoint, never a tunnel)
 */
public record DatabaseTarget(String host, int port, String database, SslMode sslMode, String trustBundle,
                             String advertisedHost, int advertisedPort) {
    public static final String DEFAULT_DATABASE = "postgres";

    /** Throws {@link com.auroracdc.errors.LocalOnlySettingException} for a local-only setting in a deployed function. */
    public static DatabaseTarget of(ClusterFacts cluster, Settings settings) {
        LocalOnly.check(settings, cluster.identifier());
        String database = settings.databaseName() != null ? settings.databaseName()
                : cluster.databaseName() != null && !cluster.databaseName().isBlank() ? cluster.databaseName()
                : DEFAULT_DATABASE;
        String host = settings.databaseHost() != null ? settings.databaseHost() : cluster.writerEndpoint();
        int port = settings.databasePort() != null ? settings.databasePort() : cluster.port();
        return new DatabaseTarget(host, port, database, settings.sslMode(), BundledTrustSocketFactory.RDS_BUNDLE,
                cluster.writerEndpoint(), cluster.port());
    }

    public String describe() {
        return host + ":" + port + "/" + database + " (TLS " + sslMode + ")";
    }
}
