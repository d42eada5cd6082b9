package com.auroracdc.internal.publication;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The SQL to run in Materialize once the cluster is ready. The password is never printed: the text says
 * which Secrets Manager secret holds it.
 */
public final class MaterializeSql {
    private static final Pattern RDS_ENDPOINT = Pattern.compile("[^.]+\\.cluster-[a-z0-9]+\\.([a-z0-9-]+)\\.rds\\.amazonaws\\.com(\\.cn)?");

    private MaterializeSql() {
    }

    /** @param privateLinkConnection the AWS PRIVATELINK connection the PostgreSQL one goes through, or null (direct) */
    public static String render(String clusterIdentifier, String host, int port, String database, String user,
                                String publication, String secretArn, String privateLinkConnection) {
        String base = clusterIdentifier.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String secret = base + "_password";
        String connection = base + "_connection";
        return String.join("\n",
                "-- Run in Materialize. The password is the \"password\" field of Secrets Manager secret",
                "-- " + secretArn + " :",
                "--   aws secretsmanager get-secret-value --secret-id '" + secretArn + "' --query SecretString --output text",
                "CREATE SECRET " + mzIdent(secret) + " AS '<password from " + secretArn + ">';",
                "-- Materialize checks the server's certificate against the Amazon RDS CA bundle and its host name",
                "-- (SSL MODE 'verify_full'). Fetch the bundle and paste its contents below:",
                "--   curl -s " + caBundleUrl(host),
                "CREATE CONNECTION " + mzIdent(connection) + " TO POSTGRES (",
                "    HOST " + mzLiteral(host) + ",",
                "    PORT " + port + ",",
                "    USER " + mzLiteral(user) + ",",
                "    PASSWORD SECRET " + mzIdent(secret) + ",",
                "    SSL MODE 'verify_full',",
                "    SSL CERTIFICATE AUTHORITY '<contents of " + caBundleUrl(host) + ">',",
                "    DATABASE " + mzLiteral(database) + (privateLinkConnection == null ? ""
                        : ",\n    AWS PRIVATELINK " + mzIdent(privateLinkConnection)),
                ");",
                "CREATE SOURCE " + mzIdent(base + "_" + publication) + " FROM POSTGRES CONNECTION "
                        + mzIdent(connection) + " (PUBLICATION " + mzLiteral(publication) + ") FOR ALL TABLES;",
                "-- FOR ALL TABLES here means every table of the publication, which the autopilot keeps in sync",
                "-- with its tables setting.");
    }

    /**
     * The Amazon RDS CA bundle of the endpoint's region (the region is part of every RDS endpoint name,
     * {@code <cluster>.cluster-<id>.<region>.rds.amazonaws.com}); the global bundle when the host is not one.
     */
    static String caBundleUrl(String host) {
        var endpoint = RDS_ENDPOINT.matcher(host.toLowerCase(Locale.ROOT));
        String bundle = endpoint.matches() ? endpoint.group(1) + "/" + endpoint.group(1) : "global/global";
        return "https://truststore.pki.rds.amazonaws.com/" + bundle + "-bundle.pem";
    }

    static String mzIdent(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String mzLiteral(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }
}
