package com.auroracdc.publication;

import java.util.Locale;

/**
 * The SQL to run in Materialize once the cluster is ready. The password is never printed: the text says
 * which Secrets Manager secret holds it.
 */
public final class MaterializeSql {
    private MaterializeSql() {
    }

    public static String render(String clusterIdentifier, String host, int port, String database, String user,
                                String publication, String secretArn) {
        String base = clusterIdentifier.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String secret = base + "_password";
        String connection = base + "_connection";
        return String.join("\n",
                "-- Run in Materialize. The password is the \"password\" field of Secrets Manager secret",
                "-- " + secretArn + " :",
                "--   aws secretsmanager get-secret-value --secret-id '" + secretArn + "' --query SecretString --output text",
                "CREATE SECRET " + mzIdent(secret) + " AS '<password from " + secretArn + ">';",
                "CREATE CONNECTION " + mzIdent(connection) + " TO POSTGRES (",
                "    HOST " + mzLiteral(host) + ",",
                "    PORT " + port + ",",
                "    USER " + mzLiteral(user) + ",",
                "    PASSWORD SECRET " + mzIdent(secret) + ",",
                "    SSL MODE 'require',",
                "    DATABASE " + mzLiteral(database),
                ");",
                "CREATE SOURCE " + mzIdent(base + "_" + publication) + " FROM POSTGRES CONNECTION "
                        + mzIdent(connection) + " (PUBLICATION " + mzLiteral(publication) + ") FOR ALL TABLES;",
                "-- FOR ALL TABLES here means every table of the publication, which the autopilot keeps in sync",
                "-- with its tables setting. For certificate checks use SSL MODE 'verify-full' with",
                "-- SSL CERTIFICATE AUTHORITY set to the Amazon RDS global bundle.");
    }

    static String mzIdent(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String mzLiteral(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }
}
