package com.auroracdc.internal.database;

import com.auroracdc.errors.DatabaseAuthenticationException;
import com.auroracdc.internal.settings.LocalOnly;
import com.auroracdc.internal.settings.SslMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens pgjdbc connections with TLS, timeouts and a recognisable application name. Connections are opened
 * per invocation, never during Lambda init (they would be dead after a SnapStart restore).
 */
public class PgConnector {
    static final String APPLICATION_NAME = "aurora-cdc-autopilot";
    /**
     * pgjdbc 42.7.x {@code requireAuth}: methods prefixed with ! are refused before anything is sent. A clear-text
     * password request is refused always. An MD5 request is refused wherever TLS does not prove the server is the
     * cluster (the local runner's relaxed modes), since an impostor can brute-force the answer offline; under
     * verify-full the challenge can only come from the cluster itself, and Aurora PostgreSQL 13 and clusters
     * upgraded from it still hold MD5 passwords by default.
     */
    static final String REFUSED_ALWAYS = "!password";
    static final String REFUSED_UNVERIFIED = "!password,!md5";
    private final Timeouts timeouts;

    /**
     * What SnapStart priming may warm of a database function without connecting (a connection opened before the
     * snapshot would be dead after restore): the JDBC driver, and the TLS context of the bundled RDS CA certificates.
     */
    public static void warmWithoutConnecting() {
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("pgjdbc is missing from the deployment package", e);
        }
        new BundledTrustSocketFactory(new Properties());
    }

    public PgConnector(Timeouts timeouts) {
        this.timeouts = timeouts;
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    /** An ordinary SQL connection; errors become named exceptions that never contain the password. */
    public Connection open(DatabaseTarget target, Credentials credentials) {
        return connect(target, credentials, false);
    }

    /** A logical replication connection ({@code replication=database}) for the streaming proof. */
    public Connection openReplication(DatabaseTarget target, Credentials credentials) {
        return connect(target, credentials, true);
    }

    private Connection connect(DatabaseTarget target, Credentials credentials, boolean replication) {
        // The last check before a password leaves this process: verified TLS, to the cluster's own endpoint.
        LocalOnly.checkConnection(target.sslMode(), target.host(), target.port(), target.advertisedHost(),
                target.advertisedPort());
        Properties properties = properties(target, credentials, replication);
        String url = "jdbc:postgresql://" + hostForUrl(target.host()) + ":" + target.port() + "/";
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("requireAuth")) {
                throw new DatabaseAuthenticationException("The server at " + target.host() + ":" + target.port()
                        + " asked for the password of " + credentials.username() + " in clear text, or as MD5 without"
                        + " TLS proving it is the cluster; this automation refuses both and sent nothing. Connect to the"
                        + " cluster itself with sslMode verify-full, or store the user's password as SCRAM (SET"
                        + " password_encryption = 'scram-sha-256', then set the password again).", e);
            }
            throw DatabaseErrors.connect(e, target, credentials.username(), replication);
        }
    }

    Properties properties(DatabaseTarget target, Credentials credentials, boolean replication) {
        Properties p = new Properties();
        p.setProperty("user", credentials.username());
        p.setProperty("password", credentials.password());
        p.setProperty("PGDBNAME", target.database());
        p.setProperty("ApplicationName", APPLICATION_NAME);
        p.setProperty("connectTimeout", Long.toString(Math.max(1, timeouts.connect().toSeconds())));
        p.setProperty("loginTimeout", Long.toString(Math.max(1, timeouts.connect().toSeconds() * 2)));
        p.setProperty("socketTimeout", Long.toString(Math.max(1, timeouts.socket().toSeconds())));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("gssEncMode", "disable");
        // Never hand a password to a server that asks for it in clear text, nor an MD5 response to one TLS did not
        // authenticate. Servers that ask for nothing (trust) are left alone: they receive nothing.
        p.setProperty("requireAuth", isVerifying(target.sslMode()) ? REFUSED_ALWAYS : REFUSED_UNVERIFIED);
        // The session's own limits: statements, and idle transactions should this process vanish mid-way.
        // password_encryption: a password this session sets (the replication user's) is stored as SCRAM, whatever
        // the cluster's default (MD5 on Aurora PostgreSQL 13), so the checks that log in as that user can insist on it.
        p.setProperty("options", "-c statement_timeout=" + timeouts.statement().toMillis()
                + " -c idle_in_transaction_session_timeout=" + timeouts.socket().toMillis()
                + " -c standard_conforming_strings=on -c password_encryption=scram-sha-256");
        switch (target.sslMode()) {
            case VERIFY_FULL -> {
                p.setProperty("sslmode", "verify-full");
                p.setProperty("sslfactory", BundledTrustSocketFactory.class.getName());
                p.setProperty(BundledTrustSocketFactory.BUNDLE_PROPERTY, target.trustBundle());
            }
            case REQUIRE -> {
                p.setProperty("sslmode", "require");
                p.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
            }
            case DISABLE -> p.setProperty("sslmode", "disable");
        }
        if (replication) {
            p.setProperty("replication", "database");
            p.setProperty("assumeMinServerVersion", "10");
            p.setProperty("preferQueryMode", "simple");
        }
        return p;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    public static boolean isVerifying(SslMode mode) {
        return mode == SslMode.VERIFY_FULL;
    }
}
