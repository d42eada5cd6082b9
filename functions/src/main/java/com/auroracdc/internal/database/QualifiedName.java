package com.auroracdc.internal.database;

/** A table's exact (unquoted) schema and name as stored in the catalog. */
public record QualifiedName(String schema, String name) implements Comparable<QualifiedName> {
    /** The quoted SQL spelling, safe for any name. */
    public String sql() {
        return Sql.ident(schema) + "." + Sql.ident(name);
    }

    @Override
    public int compareTo(QualifiedName other) {
        int bySchema = schema.compareTo(other.schema);
        return bySchema != 0 ? bySchema : name.compareTo(other.name);
    }

    /** The same spelling as the tables setting: plain names bare, others double-quoted. */
    @Override
    public String toString() {
        return display(schema) + "." + display(name);
    }

    public static String display(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_$]*") ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
