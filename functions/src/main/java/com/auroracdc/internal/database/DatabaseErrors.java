package com.auroracdc.internal.database;

import com.auroracdc.errors.AutopilotException;
import com.auroracdc.errors.DatabaseAuthenticationException;
import com.auroracdc.errors.DatabaseConnectionException;
import com.auroracdc.errors.DatabaseNotFoundException;
import com.auroracdc.errors.DatabasePrivilegeException;
import com.auroracdc.errors.DatabaseStatementException;
import com.auroracdc.errors.DatabaseTimeoutException;
import com.auroracdc.errors.LockTimeoutException;
import com.auroracdc.errors.NoFreeReplicationSlotException;
import com.auroracdc.errors.TlsVerificationException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;

/**
 * Turns pgjdbc failures into the named errors the state machine acts on. Messages say what to do; they quote
 * PostgreSQL's own reason at most, never a statement (statements are ours) and never a password.
 */
public final class DatabaseErrors {
    private DatabaseErrors() {
    }

    static AutopilotException connect(SQLException e, DatabaseTarget target, String user, boolean replication) {
        String where = target.host() + ":" + target.port() + " (database " + target.database() + ")";
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (has(e, SSLException.class) || has(e, CertificateException.class)) {
            return new TlsVerificationException("TLS to " + where + " failed: the server certificate is not signed by "
                    + "the trusted CA bundle (Amazon RDS global bundle) or TLS could not be negotiated ("
                    + rootMessage(e) + "). Connect to the cluster's own writer endpoint; sslMode require or disable "
                    + "are only for local tunnels.", e);
        }
        if (message.contains("could not be verified by hostnameverifier") || message.contains("hostname")
                && message.contains("verif")) {
            return new TlsVerificationException("TLS to " + where + " failed: the server certificate does not name "
                    + "the host " + target.host() + ". Connect through the cluster (writer) endpoint, not an IP "
                    + "address or a custom DNS name; for a local tunnel set sslMode require.", e);
        }
        if (message.contains("does not support SSL")) {
            return new TlsVerificationException("The server at " + where + " refused TLS. Aurora always offers TLS: "
                    + "check that the host is the cluster endpoint; set sslMode disable only for a local database.", e);
        }
        if (state.equals("28P01") || state.equals("28000")) {
            String what = replication ? "replication connection for user " + user : "login of user " + user;
            return new DatabaseAuthenticationException("PostgreSQL refused the " + what + " at " + where + " (SQLState "
                    + state + "). If this is the admin user, the admin secret's password is out of date: update the "
                    + "secret or let RDS manage it; if the rules (pg_hba) refuse the client, allow it.", e);
        }
        if (state.equals("3D000")) {
            return new DatabaseNotFoundException("The database " + target.database() + " does not exist on "
                    + target.host() + ". Set the database setting (tag materialize:database) to an existing one."
                    + " Nothing was changed.", e);
        }
        if (state.equals("53300") && replication) {
            return new NoFreeReplicationSlotException("Every WAL sender is in use on " + where
                    + ": raise max_wal_senders in the cluster parameter group (reboot needed) or stop unused "
                    + "replication connections.", e);
        }
        if (state.equals("53300")) {
            return new DatabaseConnectionException("The database at " + where + " has no free connection "
                    + "(max_connections reached). Retry later or raise max_connections.", e);
        }
        if (has(e, UnknownHostException.class)) {
            return new DatabaseConnectionException("Cannot resolve " + target.host() + ". The function must run in "
                    + "the cluster's VPC with DNS resolution enabled; check the writer endpoint.", e);
        }
        if (has(e, ConnectException.class) || has(e, SocketTimeoutException.class)
                || has(e, NoRouteToHostException.class) || state.startsWith("08")) {
            return new DatabaseConnectionException("Cannot connect to " + where + " (" + rootMessage(e) + "). The "
                    + "function must run in the cluster's VPC (stack parameters for subnets and security group) and "
                    + "the cluster's security group must admit the function's group on port " + target.port() + ".", e);
        }
        return statement(e, "connecting to " + where);
    }

    /** A failure while running one of our statements; {@code doing} says which step, in words. */
    public static AutopilotException statement(SQLException e, String doing) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = serverMessage(e);
        return switch (state) {
            case "55P03" -> new LockTimeoutException("Could not take a lock while " + doing + ": production traffic "
                    + "holds it (" + reason + "). The state machine retries; if it keeps failing, find the blocker "
                    + "in pg_locks / pg_stat_activity or run the setup in a quieter hour.", e);
            case "40P01" -> new LockTimeoutException("A deadlock with other sessions interrupted " + doing
                    + ". The state machine retries.", e);
            case "57014" -> new DatabaseTimeoutException("A statement ran past its timeout while " + doing + " ("
                    + reason + "). Retry; long-running transactions on the writer delay catalog changes and slot "
                    + "creation.", e);
            case "42501" -> new DatabasePrivilegeException("The admin user lacks a privilege while " + doing + " ("
                    + reason + "). Use the cluster's master user (rds_superuser), or grant it ownership of the "
                    + "published tables.", e);
            case "53400" -> new NoFreeReplicationSlotException("No replication slot is free while " + doing
                    + ": raise max_replication_slots in the cluster parameter group (setting sourceCount) and reboot, "
                    + "or drop unused slots (SELECT * FROM pg_replication_slots).", e);
            default -> {
                if (connectionLost(state)) {
                    yield new DatabaseConnectionException("The connection broke while " + doing + " (" + reason
                            + ", SQLState " + state + "). Retried; what committed stays and every step is idempotent.", e);
                }
                yield new DatabaseStatementException("PostgreSQL refused a statement while " + doing + ": " + reason
                        + " (SQLState " + state + ").", e);
            }
        };
    }

    /**
     * Class 08 (connection exception), and the operator-intervention states that end the session: 57P01
     * admin_shutdown (the server shuts down or an administrator terminated the backend: a reboot, a failover,
     * pg_terminate_backend), 57P02 crash_shutdown, 57P03 cannot_connect_now (the server is starting up, as right
     * after a reboot). A new connection may well succeed, so these are retried, unlike a refused statement.
     */
    static boolean connectionLost(String state) {
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }

    private static String serverMessage(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
