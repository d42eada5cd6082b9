package com.auroracdc.internal.publication;

import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.settings.TablePattern;
import java.util.List;
import java.util.Map;

/**
 * What the settings ask of the database and the secret. The derived views of the tables setting are
 * computed once (the planner reads them many times, over up to tens of thousands of names).
 *
 * @param secretFields the replication secret's content except the password (RDS format)
 */
public record DesiredState(String publication, List<TablePattern> tables, String role, String database,
                           boolean adoptPublication, boolean rotatePassword, Map<String, String> secretFields,
                           boolean allTables, List<String> schemas, List<QualifiedName> namedTables) {
    public DesiredState {
        tables = List.copyOf(tables);
        secretFields = Map.copyOf(secretFields);
        schemas = List.copyOf(schemas);
        namedTables = List.copyOf(namedTables);
    }

    public DesiredState(String publication, List<TablePattern> tables, String role, String database,
                        boolean adoptPublication, boolean rotatePassword, Map<String, String> secretFields) {
        this(publication, tables, role, database, adoptPublication, rotatePassword, secretFields,
                tables.stream().anyMatch(p -> p.kind() == TablePattern.Kind.ALL_TABLES),
                tables.stream().filter(p -> p.kind() == TablePattern.Kind.SCHEMA).map(TablePattern::schema)
                        .distinct().sorted().toList(),
                tables.stream().filter(p -> p.kind() == TablePattern.Kind.TABLE)
                        .map(p -> new QualifiedName(p.schema(), p.table())).distinct().sorted().toList());
    }
}
