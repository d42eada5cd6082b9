package com.auroracdc.internal.publication;

import com.auroracdc.internal.database.DatabaseErrors;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.database.SqlSession;
import com.auroracdc.internal.settings.TablePattern;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Read-only catalog queries: a fixed handful, whatever the number of tables (set-based, never one per table).
 */
public final class DatabaseObserver {

    /** What PostgreSQL itself would publish: ordinary or partitioned, permanent, user tables. */
    private static final String PUBLISHABLE = "c.relkind IN ('r', 'p') AND c.relpersistence = 'p' AND c.oid >= 16384"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'";

    /**
     * The role holds SELECT granted by the table's owner (what GRANT records when the owner, a member of the
     * owner or a superuser grants it). A plain array test per row: exploding every ACL with aclexplode costs
     * a set-returning function call per table, a third of a second at 10,000 tables.
     */
    private static final String GRANTED_SELECT =
            "COALESCE(c.relacl @> makeaclitem(%d::oid, c.relowner, 'SELECT', false), false)";

    private DatabaseObserver() {
    }

    public static ObservedDatabase observe(SqlSession sql, String publication, List<TablePattern> patterns,
                                           String roleName) throws SQLException {
        ObservedDatabase.Server server = server(sql);
        Optional<ObservedDatabase.Role> role = role(sql, roleName);
        long roleOid = role.isPresent() ? roleOid(sql, roleName) : 0L;
        boolean all = patterns.stream().anyMatch(p -> p.kind() == TablePattern.Kind.ALL_TABLES);
        String[] schemas = patterns.stream().filter(p -> p.kind() == TablePattern.Kind.SCHEMA)
                .map(TablePattern::schema).distinct().toArray(String[]::new);
        List<TablePattern> named = patterns.stream().filter(p -> p.kind() == TablePattern.Kind.TABLE).toList();
        String[] tableSchemas = named.stream().map(TablePattern::schema).toArray(String[]::new);
        String[] tableNames = named.stream().map(TablePattern::table).toArray(String[]::new);

        List<ObservedDatabase.Table> tables = sql.query(tablesSql(roleOid),
                row -> new ObservedDatabase.Table(new QualifiedName(row.getString(1), row.getString(2)),
                        row.getString(3).charAt(0), row.getBoolean(4), row.getBoolean(5), row.getBoolean(6),
                        row.getBoolean(7), row.getBoolean(8)),
                all, schemas, tableSchemas, tableNames);

        List<String> problems = new ArrayList<>(sql.query("""
                SELECT s FROM unnest(?::text[]) AS s
                WHERE NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = s) ORDER BY s""",
                row -> "schema " + QualifiedName.display(row.getString(1)) + " does not exist", (Object) schemas));
        Set<QualifiedName> found = new HashSet<>();
        tables.forEach(t -> found.add(t.name()));
        if (named.stream().anyMatch(p -> !found.contains(new QualifiedName(p.schema(), p.table())))) {
            // Only when a named table was not selected: say, for each, why (absent, a view, unlogged...).
            problems.addAll(unpublishable(sql, tableSchemas, tableNames));
        }
        return new ObservedDatabase(server, publication(sql, publication, server), problems, tables,
                role.map(r -> withPrivileges(sql, r, roleOid)));
    }

    /**
     * The published set with what the planner needs per table; parameters: all (boolean), schemas, table schemas,
     * table names. Each way of selecting is its own UNION branch so PostgreSQL can plan it well (named tables
     * resolved by to_regclass, a cached catalog lookup each); leaf partitions come from pg_partition_tree.
     */
    static String tablesSql(long roleOid) {
        return """
                WITH selected AS (
                    SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE ? AND %1$s
                    UNION
                    SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
                        (SELECT ?::name[] AS list) AS wanted
                    WHERE cardinality(wanted.list) > 0 AND n.nspname = ANY (wanted.list) AND %1$s
                    UNION
                    SELECT c.oid, c.relkind FROM unnest(?::text[], ?::text[]) AS r(s, t)
                        JOIN pg_class c ON c.oid = to_regclass(quote_ident(r.s) || '.' || quote_ident(r.t))
                        JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE %1$s
                ), leaves AS (
                    SELECT DISTINCT tree.relid AS oid FROM selected s, LATERAL pg_partition_tree(s.oid) tree
                    WHERE s.relkind = 'p' AND tree.relid NOT IN (SELECT oid FROM selected)
                ), published AS (
                    SELECT oid, true AS selected FROM selected
                    UNION ALL
                    SELECT oid, false FROM leaves
                )
                SELECT n.nspname, c.relname, c.relkind, c.relispartition, p.selected, c.relreplident = 'f',
                       pg_has_role(current_user, c.relowner, 'USAGE'), %2$s
                FROM published p JOIN pg_class c ON c.oid = p.oid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND c.relpersistence = 'p'
                ORDER BY 1, 2""".formatted(PUBLISHABLE, roleOid == 0 ? "false" : GRANTED_SELECT.formatted(roleOid));
    }

    private static List<String> unpublishable(SqlSession sql, String[] tableSchemas, String[] tableNames)
            throws SQLException {
        return sql.query("""
                SELECT r.s, r.t, c.relkind, c.relpersistence
                FROM unnest(?::text[], ?::text[]) AS r(s, t)
                LEFT JOIN pg_namespace n ON n.nspname = r.s
                LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = r.t
                WHERE c.oid IS NULL OR c.relkind NOT IN ('r', 'p') OR c.relpersistence <> 'p'
                ORDER BY r.s, r.t""", row -> {
                    String name = new QualifiedName(row.getString(1), row.getString(2)).toString();
                    String kind = row.getString(3);
                    if (kind == null) {
                        return name + " does not exist";
                    }
                    if (!kind.equals("r") && !kind.equals("p")) {
                        return name + " is not a table (" + relkindWord(kind) + ")";
                    }
                    return name + " is " + ("u".equals(row.getString(4)) ? "unlogged" : "temporary")
                            + " and cannot be published";
                }, tableSchemas, tableNames);
    }

    private static ObservedDatabase.Server server(SqlSession sql) throws SQLException {
        return sql.queryOne("""
                SELECT current_setting('server_version_num')::int, current_setting('wal_level'),
                       current_setting('rds.logical_replication', true), current_user,
                       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
                       EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rds_replication'), current_database(),
                       current_setting('max_replication_slots')::int, (SELECT count(*) FROM pg_replication_slots)::int,
                       current_setting('max_wal_senders')::int, (SELECT count(*) FROM pg_stat_replication)::int""",
                row -> new ObservedDatabase.Server(row.getInt(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getBoolean(5), row.getBoolean(6), row.getString(7), row.getInt(8), row.getInt(9),
                        row.getInt(10), row.getInt(11)));
    }

    private static Optional<ObservedDatabase.Publication> publication(SqlSession sql, String name,
                                                                      ObservedDatabase.Server server)
            throws SQLException {
        List<PublicationRow> rows = sql.query("""
                SELECT p.oid, pg_get_userbyid(p.pubowner), obj_description(p.oid, 'pg_publication'), p.puballtables,
                       p.pubviaroot, p.pubinsert, p.pubupdate, p.pubdelete
                FROM pg_publication p WHERE p.pubname = ?""",
                row -> new PublicationRow(row.getLong(1), row.getString(2), row.getString(3), row.getBoolean(4),
                        row.getBoolean(5), row.getBoolean(6), row.getBoolean(7), row.getBoolean(8)), name);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        PublicationRow p = rows.getFirst();
        long oid = p.oid();
        Set<QualifiedName> tables = new HashSet<>(sql.query("""
                SELECT n.nspname, c.relname FROM pg_publication_rel pr
                JOIN pg_class c ON c.oid = pr.prrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE pr.prpubid = ?::oid""", row -> new QualifiedName(row.getString(1), row.getString(2)), oid));
        Set<String> schemas = server.schemaPublications() ? new HashSet<>(sql.query("""
                SELECT n.nspname FROM pg_publication_namespace pn JOIN pg_namespace n ON n.oid = pn.pnnspid
                WHERE pn.pnpubid = ?::oid""", row -> row.getString(1), oid)) : Set.of();
        return Optional.of(new ObservedDatabase.Publication(p.owner(), p.comment(), p.allTables(), p.viaRoot(),
                p.inserts(), p.updates(), p.deletes(), tables, schemas));
    }

    /** One row of pg_publication, as the query above selects it. */
    private record PublicationRow(long oid, String owner, String comment, boolean allTables, boolean viaRoot,
                                  boolean inserts, boolean updates, boolean deletes) {
    }

    private static Optional<ObservedDatabase.Role> role(SqlSession sql, String name) throws SQLException {
        return sql.query("""
                SELECT r.rolcanlogin, r.rolreplication, shobj_description(r.oid, 'pg_authid'),
                       EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                               WHERE m.member = r.oid AND g.rolname = 'rds_replication'),
                       EXISTS (SELECT 1 FROM pg_database d, aclexplode(d.datacl) a
                               WHERE d.datname = current_database() AND a.grantee = r.oid
                                 AND a.privilege_type = 'CONNECT')
                FROM pg_roles r WHERE r.rolname = ?""",
                row -> new ObservedDatabase.Role(name, row.getBoolean(1), row.getBoolean(2), row.getBoolean(4),
                        row.getString(3), row.getBoolean(5), Set.of(), Set.of(), Set.of(), false), name)
                .stream().findFirst();
    }

    private static long roleOid(SqlSession sql, String name) throws SQLException {
        return sql.queryOne("SELECT oid::bigint FROM pg_roles WHERE rolname = ?", row -> row.getLong(1), name);
    }

    private static ObservedDatabase.Role withPrivileges(SqlSession sql, ObservedDatabase.Role role, long oid) {
        try {
            Set<String> usage = new HashSet<>(sql.query("""
                    SELECT n.nspname FROM pg_namespace n, aclexplode(n.nspacl) a
                    WHERE a.grantee = ?::oid AND a.privilege_type = 'USAGE'""", row -> row.getString(1), oid));
            Set<QualifiedName> select = new HashSet<>(sql.query("""
                    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('r', 'p') AND c.relacl IS NOT NULL AND %s""".formatted(
                            GRANTED_SELECT.formatted(oid)),
                    row -> new QualifiedName(row.getString(1), row.getString(2))));
            Set<String> defaultSelect = new HashSet<>();
            boolean defaultUsage = false;
            for (String[] row : sql.query("""
                    SELECT d.defaclobjtype::text, COALESCE(n.nspname, '')
                    FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace,
                        aclexplode(d.defaclacl) a
                    WHERE d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                      AND a.grantee = ?::oid
                      AND ((d.defaclobjtype = 'r' AND a.privilege_type = 'SELECT')
                        OR (d.defaclobjtype = 'n' AND a.privilege_type = 'USAGE' AND d.defaclnamespace = 0))""",
                    r -> new String[] {r.getString(1), r.getString(2)}, oid)) {
                if (row[0].equals("r")) {
                    defaultSelect.add(row[1]);
                } else {
                    defaultUsage = true;
                }
            }
            return new ObservedDatabase.Role(role.name(), role.canLogin(), role.replication(),
                    role.rdsReplicationMember(), role.comment(), role.connect(), usage, select, defaultSelect,
                    defaultUsage);
        } catch (SQLException e) {
            throw DatabaseErrors.statement(e, "reading the replication user's privileges");
        }
    }

    private static String relkindWord(String kind) {
        return switch (kind) {
            case "v" -> "a view";
            case "m" -> "a materialized view";
            case "f" -> "a foreign table";
            case "S" -> "a sequence";
            case "i", "I" -> "an index";
            case "c" -> "a composite type";
            default -> "relkind " + kind;
        };
    }
}
