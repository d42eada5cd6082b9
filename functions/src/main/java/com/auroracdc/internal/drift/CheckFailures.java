package com.auroracdc.internal.drift;

import com.auroracdc.errors.AdminSecretException;
import com.auroracdc.errors.AutopilotException;
import com.auroracdc.errors.DatabaseAuthenticationException;
import com.auroracdc.errors.DatabaseConnectionException;
import com.auroracdc.errors.DatabasePrivilegeException;
import com.auroracdc.errors.DatabaseTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns the reason a check could not run into a finding: one cluster that cannot be checked is reported,
 * never a failed run. Messages of AWS and pgjdbc never contain the password; ours never do either.
 */
public final class CheckFailures {
    private static final Set<String> ACCESS_DENIED_CODES = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "AuthFailure", "UnrecognizedClientException", "InvalidClientTokenId",
            "ExpiredTokenException", "KMSAccessDeniedException");
    private static final Set<String> SECRET_CODES = Set.of("ResourceNotFoundException", "DecryptionFailure",
            "InvalidRequestException");

    private CheckFailures() {
    }

    /**
     * @param area what was being checked, e.g. "database" or "security group"
     * @param planner true when the exception came from a stage's planner: a named error there means the
     *                setup itself would refuse this cluster
     */
    public static Finding finding(String cluster, String area, Throwable error, boolean planner) {
        String what = describe(error);
        if (error instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null ? "" : aws.awsErrorDetails().errorCode();
            String service = aws.awsErrorDetails() == null ? "" : aws.awsErrorDetails().serviceName();
            if (ACCESS_DENIED_CODES.contains(code) || aws.statusCode() == 403) {
                return Finding.of(cluster, FindingKind.ACCESS_DENIED, area + " readable by the drift check",
                        area + ": " + what,
                        "Grant the drift function's role the action AWS names above (see the IAM section of the README), then"
                                + " wait for the next check.");
            }
            if ("SecretsManager".equalsIgnoreCase(service) || "Secrets Manager".equalsIgnoreCase(service)
                    || SECRET_CODES.contains(code) && what.toLowerCase(Locale.ROOT).contains("secret")) {
                return secret(cluster, what);
            }
        }
        if (error instanceof AdminSecretException) {
            return secret(cluster, what);
        }
        if (error instanceof DatabaseConnectionException || error instanceof DatabaseTimeoutException) {
            return unreachable(cluster, what);
        }
        if (error instanceof DatabaseAuthenticationException || error instanceof DatabasePrivilegeException) {
            return denied(cluster, what);
        }
        if (error instanceof AutopilotException named) {
            String name = named.getClass().getSimpleName();
            if (planner) {
                return Finding.of(cluster, FindingKind.SETUP_BLOCKED, area + " the setup can converge",
                        area + ": " + name + ": " + named.getMessage(),
                        "The setup would refuse this cluster the same way: " + named.getMessage());
            }
        }
        if (error instanceof SQLException sql) {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            if (state.startsWith("08") || causedBy(error, SocketTimeoutException.class, ConnectException.class,
                    NoRouteToHostException.class, UnknownHostException.class)) {
                return unreachable(cluster, what);
            }
            if (state.startsWith("28") || state.equals("42501")) {
                return denied(cluster, what);
            }
        }
        if (causedBy(error, SocketTimeoutException.class, ConnectException.class, NoRouteToHostException.class,
                UnknownHostException.class) && !(error instanceof SdkClientException)) {
            return unreachable(cluster, what);
        }
        return Finding.of(cluster, FindingKind.CHECK_FAILED, area + " checked",
                area + " could not be checked: " + what,
                error instanceof SdkClientException
                        ? "The drift function could not reach the AWS API (network, VPC endpoint or NAT for a function in a VPC);"
                                + " it is retried at the next check."
                        : "Look at the drift function's log for this cluster; the check runs again at the next schedule.");
    }

    private static Finding secret(String cluster, String what) {
        return Finding.of(cluster, FindingKind.SECRET_UNAVAILABLE, "the admin secret readable",
                "admin secret: " + what,
                "Restore the cluster's master secret (Manage master credentials in AWS Secrets Manager) or set the tag"
                        + " materialize:admin-secret-arn to a secret holding {\"username\", \"password\"} the drift function may read.");
    }

    private static Finding unreachable(String cluster, String what) {
        return Finding.of(cluster, FindingKind.UNREACHABLE, "the writer accepts connections from the drift function",
                "database: " + what,
                "Check the cluster is available, its security groups let the database function's security group in"
                        + " (the setup's dedicated group does), and the function's subnets route to the cluster.");
    }

    private static Finding denied(String cluster, String what) {
        return Finding.of(cluster, FindingKind.ACCESS_DENIED, "the admin user can log in and read the catalog",
                "database: " + what,
                "Check the admin secret's password is current (a rotation the secret did not follow?) and that its user"
                        + " may read pg_replication_slots and the publication catalog.");
    }

    public static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + oneLine(message));
    }

    private static String oneLine(String message) {
        String line = message.replaceAll("\\s+", " ").strip();
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }

    @SafeVarargs
    private static boolean causedBy(Throwable error, Class<? extends Throwable>... types) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }
}
