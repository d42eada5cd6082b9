package com.auroracdc.internal.materialize;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads, in one catalog query, every item of our schema whose name is one we would give an object for the cluster:
 * whatever its type (secrets, connections, sources and tables share one namespace per schema, so a view named
 * {@code orders_password} blocks our secret as surely as a secret would). Read only: nothing is changed here.
 */
public final class MaterializeObserver {
    /**
     * The query: {@code $1} is the schema, {@code $2...} the names. The database is the session's
     * ({@code current_database()}), the one our unqualified-by-database statements create in.
     */
    static final String QUERY_START = "SELECT o.id, o.name, o.type, c.comment, t.source_id"
            + " FROM mz_catalog.mz_objects AS o"
            + " JOIN mz_catalog.mz_schemas AS s ON s.id = o.schema_id"
            + " JOIN mz_catalog.mz_databases AS d ON d.id = s.database_id"
            + " LEFT JOIN mz_internal.mz_comments AS c ON c.id = o.id AND c.object_sub_id IS NULL"
            + " LEFT JOIN mz_catalog.mz_tables AS t ON t.id = o.id"
            + " WHERE d.name = current_database() AND s.name = $1 AND o.name IN (";

    /**
     * The objects that depend on {@code $1...} ({@code mz_internal.mz_object_dependencies}, "The ID of the dependent
     * object" and "The ID of the referenced object"), whatever their schema or database, with their comment and, for a
     * table, its source.
     */
    static final String DEPENDENTS_START = "SELECT dep.referenced_object_id AS referenced_id, o.id, db.name AS database_name,"
            + " s.name AS schema_name, o.name, o.type, c.comment, t.source_id"
            + " FROM mz_internal.mz_object_dependencies AS dep"
            + " JOIN mz_catalog.mz_objects AS o ON o.id = dep.object_id"
            + " LEFT JOIN mz_catalog.mz_schemas AS s ON s.id = o.schema_id"
            + " LEFT JOIN mz_catalog.mz_databases AS db ON db.id = s.database_id"
            + " LEFT JOIN mz_internal.mz_comments AS c ON c.id = o.id AND c.object_sub_id IS NULL"
            + " LEFT JOIN mz_catalog.mz_tables AS t ON t.id = o.id"
            + " WHERE dep.referenced_object_id IN (";

    private final MaterializeSqlApi api;

    public MaterializeObserver(MaterializeSqlApi api) {
        this.api = api;
    }

    /**
     * The principal of an AWS PRIVATELINK connection, by id: "mz_aws_privatelink_connections" (columns {@code id},
     * {@code principal}), https://materialize.com/docs/sql/system-catalog/mz_catalog/#mz_aws_privatelink_connections .
     */
    static final String PRINCIPAL_QUERY = "SELECT principal FROM mz_catalog.mz_aws_privatelink_connections WHERE id = $1";

    /**
     * Our objects' names for the spec: the secret, the connection, the source and each table; with network path
     * privatelink also the AWS PRIVATELINK connection.
     */
    public static List<String> names(MaterializeSourceSpec spec) {
        Set<String> names = new LinkedHashSet<>(List.of(spec.secretName(), spec.connectionName(), spec.source()));
        if (spec.privateLinkConnectionName() != null) {
            names.add(spec.privateLinkConnectionName());
        }
        spec.tables().forEach(table -> names.add(spec.tableName(table)));
        return List.copyOf(names);
    }

    /** The items of our schema that carry one of the spec's names, by name. */
    public Map<String, ObservedObject> observe(MaterializeSourceSpec spec) {
        return observe(names(spec));
    }

    /** The items of our schema that carry one of these names, by name. */
    public Map<String, ObservedObject> observe(List<String> names) {
        List<String> params = new ArrayList<>();
        params.add(MaterializeSourceSpec.SCHEMA);
        params.addAll(names);
        Result result = api.query(query(names.size()), params.toArray(new String[0]));
        Map<String, ObservedObject> found = new LinkedHashMap<>();
        for (int row = 0; row < result.rows().size(); row++) {
            ObservedObject object = new ObservedObject(result.text(row, "id"), result.text(row, "name"),
                    result.text(row, "type"), result.text(row, "comment"), result.text(row, "source_id"));
            found.put(object.name(), object);
        }
        return found;
    }

    /** The principal Materialize connects to the endpoint service as, for the connection of this id (null: no row). */
    public String principal(String connectionId) {
        Result result = api.query(PRINCIPAL_QUERY, connectionId);
        return result.rows().isEmpty() ? null : result.text(0, "principal");
    }

    /** The objects depending on any of these ids (none asked: none, and nothing is sent). */
    public List<DependentObject> dependents(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder(DEPENDENTS_START);
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append('$').append(i + 1);
        }
        sql.append(") ORDER BY dep.referenced_object_id, o.name");
        Result result = api.query(sql.toString(), ids.toArray(new String[0]));
        List<DependentObject> dependents = new ArrayList<>();
        for (int row = 0; row < result.rows().size(); row++) {
            dependents.add(new DependentObject(result.text(row, "referenced_id"), result.text(row, "id"),
                    result.text(row, "database_name"), result.text(row, "schema_name"), result.text(row, "name"),
                    result.text(row, "type"), result.text(row, "comment"), result.text(row, "source_id")));
        }
        return dependents;
    }

    /** The query for this many names: {@code o.name IN ($2, ..., $n+1)}. */
    static String query(int names) {
        StringBuilder sql = new StringBuilder(QUERY_START);
        for (int i = 0; i < names; i++) {
            sql.append(i == 0 ? "" : ", ").append('$').append(i + 2);
        }
        return sql.append(") ORDER BY o.name").toString();
    }
}
