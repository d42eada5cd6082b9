package com.auroracdc.internal.materialize;

/**
 * One catalog item of the schema our objects live in whose name is one of ours, as {@code mz_catalog.mz_objects}
 * lists it, with its comment ({@code mz_internal.mz_comments}) and, for a table, the source it is fed from
 * ({@code mz_catalog.mz_tables.source_id}).
 *
 * @param id       Materialize's id ({@code u12})
 * @param name     its name
 * @param type     {@code mz_objects.type}: secret, connection, source, table, view, ...
 * @param comment  the object's own comment (not a column's), or null
 * @param sourceId for a table fed by a source, that source's id; else null
 */
public record ObservedObject(String id, String name, String type, String comment, String sourceId) {
}
