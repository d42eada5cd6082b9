package com.auroracdc.internal.materialize;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The text of each statement the source stage sends, in one place so tests can hold it against the documented syntax.
 * Identifiers are always double-quoted ({@code ""} doubled) and schema-qualified; literals single-quoted ({@code ''}
 * doubled; Materialize's strings take no backslash escapes). Only {@link #createSecret} and {@link #alterSecret} hold
 * the replication password, and they mark it with {@link Statement#withSecrets}, so no message ever quotes it.
 */
public final class MaterializeDdl {
    private MaterializeDdl() {
    }

    /** {@code "public"."name"}. */
    public static String qualified(String name) {
        return identifier(MaterializeSourceSpec.SCHEMA) + "." + identifier(name);
    }

    public static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }

    /** "CREATE SECRET", https://materialize.com/docs/sql/create-secret/ . */
    public static Statement createSecret(String name, String password) {
        return Statement.of("CREATE SECRET " + qualified(name) + " AS " + literal(password)).withSecrets(password);
    }

    /** "ALTER SECRET" (change value), https://materialize.com/docs/sql/alter-secret/ . */
    public static Statement alterSecret(String name, String password) {
        return Statement.of("ALTER SECRET " + qualified(name) + " AS " + literal(password)).withSecrets(password);
    }

    /**
     * "CREATE CONNECTION" to PostgreSQL, https://materialize.com/docs/sql/create-connection/ : the password by secret,
     * {@code SSL MODE 'verify_full'} (the server certificate must chain to {@code certificateAuthority} and name
     * {@code host}); with {@code AWS PRIVATELINK <connection>} Materialize reaches {@code host} through its endpoint to
     * our endpoint service, and still verifies the certificate against {@code host}.
     */
    public static Statement createConnection(MaterializeChange.CreateConnection change) {
        return Statement.of("CREATE CONNECTION " + qualified(change.name()) + " TO POSTGRES ("
                + "HOST " + literal(change.host())
                + ", PORT " + change.port()
                + ", USER " + literal(change.user())
                + ", PASSWORD SECRET " + qualified(change.secretName())
                + ", DATABASE " + literal(change.database())
                + ", SSL MODE 'verify_full'"
                + ", SSL CERTIFICATE AUTHORITY " + literal(change.certificateAuthority())
                + (change.privateLink() == null ? "" : ", AWS PRIVATELINK " + qualified(change.privateLink()))
                + ")");
    }

    /**
     * {@code CREATE CONNECTION ... TO AWS PRIVATELINK (SERVICE NAME '...', AVAILABILITY ZONES ('use1-az1', ...))}
     * ("AWS PrivateLink connections", https://materialize.com/docs/ops/network-security/privatelink/ ). Zones by ID, not
     * name: a zone name means a different place in each account, an ID the same place everywhere.
     */
    public static Statement createPrivateLinkConnection(String name, String serviceName, List<String> zoneIds) {
        return Statement.of("CREATE CONNECTION " + qualified(name) + " TO AWS PRIVATELINK (SERVICE NAME "
                + literal(serviceName) + ", AVAILABILITY ZONES ("
                + zoneIds.stream().map(MaterializeDdl::literal).collect(Collectors.joining(", ")) + "))");
    }

    /** "VALIDATE CONNECTION", https://materialize.com/docs/sql/validate-connection/ . */
    public static Statement validateConnection(String name) {
        return Statement.of("VALIDATE CONNECTION " + qualified(name));
    }

    /** "CREATE SOURCE: PostgreSQL (New Syntax)", https://materialize.com/docs/sql/create-source/postgres-v2/ . */
    public static Statement createSource(MaterializeChange.CreateSource change) {
        return Statement.of("CREATE SOURCE " + qualified(change.name())
                + (change.cluster() == null ? "" : " IN CLUSTER " + identifier(change.cluster()))
                + " FROM POSTGRES CONNECTION " + qualified(change.connectionName())
                + " (PUBLICATION " + literal(change.publication()) + ")");
    }

    /** "CREATE TABLE: PostgreSQL source table", https://materialize.com/docs/sql/create-table/postgres/ . */
    public static Statement createTable(MaterializeChange.CreateTable change) {
        return Statement.of("CREATE TABLE " + qualified(change.name()) + " FROM SOURCE " + qualified(change.sourceName())
                + " (REFERENCE " + identifier(change.table().schema()) + "." + identifier(change.table().name()) + ")");
    }

    /** "COMMENT ON", https://materialize.com/docs/sql/comment-on/ ; {@code objectType} as the page spells it. */
    public static Statement commentOn(String objectType, String name, String comment) {
        return Statement.of("COMMENT ON " + objectType + " " + qualified(name) + " IS " + literal(comment));
    }

    /**
     * "DROP SECRET / CONNECTION / SOURCE / TABLE" (https://materialize.com/docs/sql/drop-source/ and its siblings),
     * never {@code CASCADE}: the default, RESTRICT, refuses while anything depends on the object.
     *
     * @param objectType {@code mz_objects.type} (a hyphen for a space: {@code materialized-view})
     */
    public static Statement drop(String objectType, String name) {
        return Statement.of("DROP " + keyword(objectType) + " " + qualified(name));
    }

    /** {@code mz_objects.type} as SQL spells it: {@code materialized-view} → {@code MATERIALIZED VIEW}. */
    public static String keyword(String objectType) {
        return objectType.replace('-', ' ').toUpperCase(Locale.ROOT);
    }

    /** The statements of a creation and its ownership comment, sent in one request. */
    static List<Statement> withComment(Statement create, String objectType, String name, String comment) {
        return List.of(create, commentOn(objectType, name, comment));
    }
}
