package com.auroracdc.internal.materialize;

/**
 * One catalog object that depends on an object we look at, as {@code mz_internal.mz_object_dependencies} lists the
 * edge ({@code object_id} depends on {@code referenced_object_id}), with what {@code mz_catalog.mz_objects} and
 * {@code mz_internal.mz_comments} say of the dependent: a view on our table, the tables fed by our source, the source
 * using our connection, the connection using our secret.
 *
 * @param referencedId the object depended on (ours, or one of our names)
 * @param id           the dependent's id
 * @param database     the dependent's database, or null (an object outside any schema)
 * @param schema       the dependent's schema, or null
 * @param name         the dependent's name
 * @param type         the dependent's {@code mz_objects.type}: table, view, materialized-view, index, sink, source, ...
 * @param comment      the dependent's own comment, or null
 * @param sourceId     for a table fed by a source, that source's id; else null
 */
public record DependentObject(String referencedId, String id, String database, String schema, String name, String type,
                              String comment, String sourceId) {
    /** {@code "database"."schema"."name"}, as far as the catalog names it: what a DROP by hand must say. */
    public String qualifiedName() {
        StringBuilder name = new StringBuilder();
        if (database != null) {
            name.append(MaterializeDdl.identifier(database)).append('.');
        }
        if (schema != null) {
            name.append(MaterializeDdl.identifier(schema)).append('.');
        }
        return name.append(MaterializeDdl.identifier(this.name)).toString();
    }

    /** The statement that drops it by hand (without CASCADE: what depends on it in turn is the owner's to see). */
    public String dropStatement() {
        return "DROP " + MaterializeDdl.keyword(type) + " " + qualifiedName() + ";";
    }
}
