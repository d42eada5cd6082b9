package com.auroracdc.publication;

import java.util.Comparator;

/** A table's exact (unquoted) schema and name as stored in the catalog. */
public record QualifiedName(String schema, String name) implements Comparable<QualifiedName> {
    private static final Comparator<QualifiedName> ORDER =
            Comparator.comparing(QualifiedName::schema).thenComparing(QualifiedName::name);

    /** The quoted SQL spelling, safe for any name. */
    public String sql() {
        return Sql.ident(schema) + "." + Sql.ident(name);
    }

    @Override
    public int compareTo(QualifiedName other) {
        return ORDER.compare(this, other);
    }

    /** The same spelling as the tables setting: plain names bare, others double-quoted. */
    @Override
    public String toString() {
        return display(schema) + "." + display(name);
    }

    static String display(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_$]*") ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
