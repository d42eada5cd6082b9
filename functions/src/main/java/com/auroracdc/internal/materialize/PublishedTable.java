package com.auroracdc.internal.materialize;

import java.util.Objects;

/**
 * One upstream table of the publication, as {@code CREATE TABLE ... FROM SOURCE ... (REFERENCE schema.table)} names
 * it: PostgreSQL's own spelling, case included.
 */
public record PublishedTable(String schema, String name) {
    public PublishedTable {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        if (schema.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException("A published table needs a schema and a name");
        }
    }

    /** {@code schema.name}, unquoted, for messages. */
    @Override
    public String toString() {
        return schema + "." + name;
    }
}
