package com.auroracdc.publication;

import com.auroracdc.settings.TablePattern;
import java.util.List;
import java.util.Map;

/**
 * What the settings ask of the database and the secret.
 *
 * @param secretFields the replication secret's content except the password (RDS format)
 */
public record DesiredState(String publication, List<TablePattern> tables, String role, String database,
                           boolean adoptPublication, boolean rotatePassword, Map<String, String> secretFields) {
    public DesiredState {
        tables = List.copyOf(tables);
        secretFields = Map.copyOf(secretFields);
    }

    public boolean allTables() {
        return tables.stream().anyMatch(p -> p.kind() == TablePattern.Kind.ALL_TABLES);
    }

    public List<String> schemas() {
        return tables.stream().filter(p -> p.kind() == TablePattern.Kind.SCHEMA).map(TablePattern::schema)
                .distinct().sorted().toList();
    }

    public List<QualifiedName> namedTables() {
        return tables.stream().filter(p -> p.kind() == TablePattern.Kind.TABLE)
                .map(p -> new QualifiedName(p.schema(), p.table())).distinct().sorted().toList();
    }
}
