package com.auroracdc.internal.privatelink;

import com.auroracdc.internal.materialize.MaterializeChange;
import com.auroracdc.internal.materialize.MaterializeDdl;
import java.util.ArrayList;
import java.util.List;

/**
 * The Materialize side of the PrivateLink path, as statement text (the source stage sends the same statements, from
 * {@link MaterializeDdl}; this class renders them for the setup's report):
 * <ol>
 *   <li>{@link #createConnection}: the AWS PRIVATELINK connection to our endpoint service, with the zones by ID;</li>
 *   <li>{@link #principal}: the principal Materialize connects as, which must be in the service's allowed principals
 *       ({@link PrivateLinkDesired#principals()}) before {@link #validate} can succeed;</li>
 *   <li>{@link #validate}: Materialize creates its endpoint and checks it reaches the service;</li>
 *   <li>{@link #createPostgresConnection}: the PostgreSQL connection through it, TLS verified.</li>
 * </ol>
 * Syntax: "AWS PrivateLink connections", https://materialize.com/docs/ops/network-security/privatelink/ and "CREATE
 * CONNECTION", https://materialize.com/docs/sql/create-connection/ .
 */
public final class PrivateLinkSql {
    private PrivateLinkSql() {
    }

    /**
     * {@code CREATE CONNECTION ... TO AWS PRIVATELINK (SERVICE NAME '...', AVAILABILITY ZONES ('use1-az1', ...))}. Zones
     * are given by ID, not name: a zone name means a different place in each account, an ID the same place everywhere,
     * and Materialize's account is not ours.
     */
    public static String createConnection(String connectionName, String serviceName, List<String> zoneIds) {
        return MaterializeDdl.createPrivateLinkConnection(connectionName, serviceName, zoneIds).sql();
    }

    /**
     * The PrivateLink part of the SQL the setup prints (MaterializeMode off or egress): the connection to the endpoint
     * service, the principal step, and the validation; the PostgreSQL connection through it follows in the publication
     * stage's part.
     */
    public static String steps(String connectionName, String serviceName, String serviceId, List<String> zoneIds,
                               boolean acceptanceRequired) {
        List<String> lines = new ArrayList<>(List.of(
                "-- PrivateLink: Materialize reaches the cluster through VPC endpoint service " + serviceName + ".",
                createConnection(connectionName, serviceName, zoneIds) + ";",
                "-- Materialize connects as the principal this returns. Put it in the stack parameter",
                "-- PrivateLinkAllowedPrincipals (update the stack, then run the setup again: it allows exactly that list):",
                principal(connectionName) + ";"));
        if (acceptanceRequired) {
            lines.add("-- The endpoint service requires acceptance: once Materialize's endpoint shows as pendingAcceptance, accept it:");
            lines.add("--   aws ec2 accept-vpc-endpoint-connections --service-id " + serviceId + " --vpc-endpoint-ids <its id>");
        }
        lines.add(validate(connectionName) + ";");
        return String.join("\n", lines);
    }

    /** The principal to allow on the endpoint service, one row (the query Materialize's PrivateLink guide gives). */
    public static String principal(String connectionName) {
        return "SELECT principal FROM mz_aws_privatelink_connections AS plc JOIN mz_connections AS c ON plc.id = c.id"
                + " WHERE c.name = " + MaterializeDdl.literal(connectionName);
    }

    /** {@code VALIDATE CONNECTION}: fails until the principal is allowed (and, with acceptance, the connection accepted). */
    public static String validate(String connectionName) {
        return MaterializeDdl.validateConnection(connectionName).sql();
    }

    /**
     * The PostgreSQL connection through the PrivateLink connection. {@code HOST} is the cluster's (writer) endpoint, not
     * the endpoint service's DNS name: with {@code AWS PRIVATELINK} Materialize opens the TCP connection to its interface
     * endpoint and uses {@code HOST} for TLS only, so {@code verify_full} checks the writer's certificate against the
     * name the certificate carries. Aurora's server certificates name the cluster endpoint (as well as the instance's own
     * endpoint), and the cluster endpoint is the one that stays right across failovers. See local/FIDELITY.md,
     * "PrivateLink: which host name verifies".
     *
     * @param host the cluster endpoint, e.g. {@code orders.cluster-abc.us-east-1.rds.amazonaws.com}
     */
    public static String createPostgresConnection(String name, String host, int port, String user, String secretName,
                                                  String database, String certificateAuthority, String privateLinkConnection) {
        return MaterializeDdl.createConnection(new MaterializeChange.CreateConnection(name, host, port, database, user,
                secretName, "", certificateAuthority, "", privateLinkConnection)).sql();
    }
}
