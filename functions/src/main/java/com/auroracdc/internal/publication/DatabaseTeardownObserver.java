package com.auroracdc.internal.publication;

import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.database.ReplicationSlots;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.SqlSession;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Read-only: what the teardown needs to know before it plans, in a fixed handful of catalog queries whatever the
 * number of tables. The publication's owner and comment and the role's comment come from the setup's
 * {@link DatabaseObserver}; what only a teardown asks (what DROP ROLE would trip over, every privilege to revoke,
 * who is logged in, the slots) is read here.
 *
 * <p>What DROP ROLE would trip over is read from {@code pg_shdepend}, the catalog DROP ROLE itself consults: objects
 * the role owns (in any database), privileges it holds (here, on shared objects, or in another database), and
 * policies naming it. Privileges on relations, schemas, databases and default privileges are revocable from here when
 * this session acts as their grantor (REVOKE run by a member of the owner acts as the owner); anything else is
 * reported as unrevocable, and the role is then left whole.
 */
public final class DatabaseTeardownObserver {
    /** Catalogs whose privileges this teardown revokes itself (the others make the role unrevocable from here). */
    private static final Set<String> REVOKED = Set.of("pg_class", "pg_namespace", "pg_default_acl", "pg_database");

    /** ALTER DEFAULT PRIVILEGES spells each pg_default_acl.defaclobjtype so. */
    private static final Map<String, String> DEFAULT_OBJECTS = Map.of("r", "TABLES", "S", "SEQUENCES",
            "f", "FUNCTIONS", "T", "TYPES", "n", "SCHEMAS");

    /**
     * Whether this session acts as the grantor of an ACL entry ({@code a}) on an object owned by {@code owner}: a
     * member of the owner (or a superuser) revokes as the owner, anyone else as itself.
     */
    private static final String REVOCABLE = "CASE WHEN pg_has_role(current_user, %1$s, 'USAGE') "
            + "THEN a.grantor = %1$s ELSE a.grantor = (SELECT oid FROM pg_roles WHERE rolname = current_user) END";

    private DatabaseTeardownObserver() {
    }

    /**
     * @param secretArn the recorded replication secret (null when none was recorded)
     * @param secret    that secret as {@link SecretStore#describe} found it
     */
    public static ObservedTeardown observe(SqlSession sql, String publicationName, String roleName, String secretArn,
                                           Optional<SecretStore.Described> secret) throws SQLException {
        return observe(sql, publicationName, roleName, secretArn, secret, List.of());
    }

    /** @param replicaIdentityFull the tables the setup recorded setting to REPLICA IDENTITY FULL */
    public static ObservedTeardown observe(SqlSession sql, String publicationName, String roleName, String secretArn,
                                           Optional<SecretStore.Described> secret,
                                           List<QualifiedName> replicaIdentityFull) throws SQLException {
        ObservedDatabase db = DatabaseObserver.observe(sql, publicationName, List.of(), roleName);
        Optional<ObservedTeardown.Publication> publication = db.publication().isEmpty() ? Optional.empty()
                : Optional.of(new ObservedTeardown.Publication(db.publication().get().owner(),
                        db.publication().get().comment(), sql.queryOne("""
                                SELECT pg_has_role(current_user, pubowner, 'USAGE') FROM pg_publication
                                WHERE pubname = ?""", row -> row.getBoolean(1), publicationName)));
        Optional<ObservedTeardown.Role> role = db.role().isEmpty() ? Optional.empty()
                : Optional.of(role(sql, db.role().get()));
        List<ReplicationSlots.Slot> slots = ReplicationSlots.read(sql.connection()).slots();
        return new ObservedTeardown(db.server().database(), db.server().currentUser(), publicationName, publication,
                roleName, role, slots, secretArn, secret, replicaIdentity(sql, replicaIdentityFull, publicationName));
    }

    /**
     * The recorded tables that still exist: their identity, primary key, and the other publications publishing their
     * updates or deletes ({@code pg_publication_tables} lists FOR ALL TABLES and schema publications' tables too).
     */
    private static List<ObservedTeardown.ReplicaIdentity> replicaIdentity(SqlSession sql, List<QualifiedName> tables,
                                                                         String ours) throws SQLException {
        if (tables.isEmpty()) {
            return List.of();
        }
        return sql.query("""
                SELECT n.nspname, c.relname, c.relreplident = 'f',
                       EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p'),
                       ARRAY(SELECT pt.pubname::text FROM pg_publication_tables pt JOIN pg_publication p ON p.pubname = pt.pubname
                             WHERE pt.schemaname = n.nspname AND pt.tablename = c.relname AND pt.pubname <> ?
                               AND (p.pubupdate OR p.pubdelete) ORDER BY 1)
                FROM unnest(?::text[], ?::text[]) AS t(schema_name, table_name)
                JOIN pg_namespace n ON n.nspname = t.schema_name
                JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.table_name
                ORDER BY 1, 2""",
                row -> new ObservedTeardown.ReplicaIdentity(new QualifiedName(row.getString(1), row.getString(2)),
                        row.getBoolean(3), row.getBoolean(4), List.of((String[]) row.getArray(5).getArray())),
                ours, tables.stream().map(QualifiedName::schema).toArray(String[]::new),
                tables.stream().map(QualifiedName::name).toArray(String[]::new));
    }

    /** Who may drop it, who is logged in as it, and what it owns and holds. */
    private record RoleRow(long oid, int connections, boolean mayDrop, boolean mayRevokeRdsReplication) {
    }

    private static ObservedTeardown.Role role(SqlSession sql, ObservedDatabase.Role observed) throws SQLException {
        RoleRow row = sql.queryOne("""
                SELECT r.oid::bigint, (SELECT count(*) FROM pg_stat_activity a WHERE a.usesysid = r.oid)::int,
                       me.rolsuper OR (NOT r.rolsuper AND me.rolcreaterole
                           AND (current_setting('server_version_num')::int < 160000
                                OR pg_has_role(current_user, r.oid, 'MEMBER WITH ADMIN OPTION'))),
                       COALESCE((SELECT pg_has_role(current_user, g.oid, 'MEMBER WITH ADMIN OPTION') FROM pg_roles g
                                 WHERE g.rolname = 'rds_replication'), false)
                FROM pg_roles r, pg_roles me WHERE r.rolname = ? AND me.rolname = current_user""",
                r -> new RoleRow(r.getLong(1), r.getInt(2), r.getBoolean(3), r.getBoolean(4)), observed.name());
        List<String> owned = new ArrayList<>();
        List<String> unrevocable = new ArrayList<>();
        dependencies(sql, row.oid(), owned, unrevocable);

        List<QualifiedName> tables = new ArrayList<>();
        List<QualifiedName> sequences = new ArrayList<>();
        sql.query("""
                SELECT n.nspname, c.relname, c.relkind = 'S', bool_and(%s), string_agg(DISTINCT
                       pg_get_userbyid(a.grantor), ', ')
                FROM (SELECT DISTINCT objid FROM pg_shdepend
                      WHERE refclassid = 'pg_authid'::regclass AND refobjid = ?::oid AND deptype = 'a'
                        AND classid = 'pg_class'::regclass
                        AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())) d
                JOIN pg_class c ON c.oid = d.objid JOIN pg_namespace n ON n.oid = c.relnamespace
                CROSS JOIN LATERAL (
                    SELECT x.grantor FROM aclexplode(c.relacl) x WHERE x.grantee = ?::oid
                    UNION ALL
                    SELECT x.grantor FROM pg_attribute att, aclexplode(att.attacl) x
                    WHERE att.attrelid = c.oid AND att.attacl IS NOT NULL AND x.grantee = ?::oid) a
                GROUP BY n.nspname, c.relname, c.relkind ORDER BY 1, 2""".formatted(REVOCABLE.formatted("c.relowner")),
                r -> {
                    QualifiedName name = new QualifiedName(r.getString(1), r.getString(2));
                    if (!r.getBoolean(4)) {
                        unrevocable.add("on " + name + " granted by " + r.getString(5));
                    } else if (r.getBoolean(3)) {
                        sequences.add(name);
                    } else {
                        tables.add(name);
                    }
                    return name;
                }, row.oid(), row.oid(), row.oid());

        List<String> schemas = new ArrayList<>();
        sql.query("""
                SELECT n.nspname, bool_and(%s), string_agg(DISTINCT pg_get_userbyid(a.grantor), ', ')
                FROM pg_namespace n, aclexplode(n.nspacl) a WHERE a.grantee = ?::oid
                GROUP BY n.nspname ORDER BY 1""".formatted(REVOCABLE.formatted("n.nspowner")),
                r -> revocable(r.getBoolean(2), r.getString(1), schemas, "on schema "
                        + QualifiedName.display(r.getString(1)) + " granted by " + r.getString(3), unrevocable),
                row.oid());
        List<String> databases = new ArrayList<>();
        sql.query("""
                SELECT d.datname, bool_and(%s), string_agg(DISTINCT pg_get_userbyid(a.grantor), ', ')
                FROM pg_database d, aclexplode(d.datacl) a WHERE a.grantee = ?::oid
                GROUP BY d.datname ORDER BY 1""".formatted(REVOCABLE.formatted("d.datdba")),
                r -> revocable(r.getBoolean(2), r.getString(1), databases, "on database "
                        + QualifiedName.display(r.getString(1)) + " granted by " + r.getString(3), unrevocable),
                row.oid());
        List<ObservedTeardown.DefaultPrivilege> defaults = new ArrayList<>();
        sql.query("""
                SELECT DISTINCT pg_get_userbyid(d.defaclrole), COALESCE(n.nspname, ''), d.defaclobjtype::text,
                       pg_has_role(current_user, d.defaclrole, 'USAGE')
                FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a
                WHERE a.grantee = ?::oid ORDER BY 1, 2, 3""", r -> {
                    String objects = DEFAULT_OBJECTS.get(r.getString(3));
                    var privilege = new ObservedTeardown.DefaultPrivilege(r.getString(1), r.getString(2),
                            objects == null ? "objects of type " + r.getString(3) : objects);
                    return revocable(objects != null && r.getBoolean(4), privilege, defaults, "default privileges "
                            + "on " + privilege, unrevocable);
                }, row.oid());
        var grants = new ObservedTeardown.Grants(tables, sequences, schemas, databases, defaults,
                observed.rdsReplicationMember() && row.mayRevokeRdsReplication());
        return new ObservedTeardown.Role(observed.comment(), row.connections(), owned, unrevocable, row.mayDrop(),
                grants);
    }

    private static <T> T revocable(boolean revocable, T item, List<T> revoke, String otherwise,
                                   List<String> unrevocable) {
        if (revocable) {
            revoke.add(item);
        } else {
            unrevocable.add(otherwise);
        }
        return item;
    }

    /**
     * What DROP ROLE would find in pg_shdepend beyond the privileges this teardown revokes: owned objects (named here,
     * counted per other database), and privileges or policies it cannot revoke from this database.
     */
    private static void dependencies(SqlSession sql, long oid, List<String> owned, List<String> unrevocable)
            throws SQLException {
        Map<String, Integer> ownedElsewhere = new TreeMap<>();
        Map<String, Integer> heldElsewhere = new TreeMap<>();
        sql.query("""
                WITH here AS (SELECT oid FROM pg_database WHERE datname = current_database())
                SELECT d.deptype::text, d.classid::regclass::text, d.dbid = 0 OR d.dbid = (SELECT oid FROM here),
                       COALESCE(db.datname, ''),
                       CASE WHEN d.dbid = 0 OR d.dbid = (SELECT oid FROM here)
                            THEN pg_describe_object(d.classid, d.objid, d.objsubid) END
                FROM pg_shdepend d LEFT JOIN pg_database db ON db.oid = d.dbid
                WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = ?::oid
                ORDER BY 4, 5""", r -> {
                    String type = r.getString(1);
                    String catalog = r.getString(2);
                    boolean here = r.getBoolean(3);
                    String database = r.getString(4);
                    String object = r.getString(5);
                    if (!here) {
                        (type.equals("o") ? ownedElsewhere : heldElsewhere).merge(database, 1, Integer::sum);
                    } else if (type.equals("o")) {
                        owned.add(object);
                    } else if (!type.equals("a")) {
                        unrevocable.add("named in " + object);
                    } else if (!REVOKED.contains(catalog)) {
                        unrevocable.add("on " + object);
                    }
                    return type;
                }, oid);
        ownedElsewhere.forEach((database, n) -> owned.add(PublicationChange.count(n, "object") + " in database "
                + database));
        heldElsewhere.forEach((database, n) -> unrevocable.add("privileges or policies on "
                + PublicationChange.count(n, "object") + " in database " + database));
    }
}
