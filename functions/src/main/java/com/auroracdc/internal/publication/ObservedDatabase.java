package com.auroracdc.internal.publication;

import com.auroracdc.internal.database.QualifiedName;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the catalog says, read in a handful of queries before anything is planned.
 *
 * @param problems requested tables or schemas that do not exist or cannot be published, in words
 * @param tables   the tables the publication covers (or will): those the setting selects, plus the leaf
 *                 partitions of selected partitioned tables
 */
public record ObservedDatabase(
        Server server,
        Optional<Publication> publication,
        List<String> problems,
        List<Table> tables,
        Optional<Role> role) {

    public ObservedDatabase {
        problems = List.copyOf(problems);
        tables = List.copyOf(tables);
    }

    /** Server-wide facts. {@code rdsLogicalReplication} is null where the setting does not exist (plain PostgreSQL). */
    public record Server(int versionNumber, String walLevel, String rdsLogicalReplication, String currentUser,
                         boolean superuser, boolean rds, String database, int maxReplicationSlots,
                         int usedReplicationSlots, int maxWalSenders, int usedWalSenders) {
        public int major() {
            return versionNumber / 10000;
        }

        public boolean schemaPublications() {
            return versionNumber >= 150000;
        }
    }

    /** The publication of the configured name. {@code comment} carries our marker when we made it. */
    public record Publication(String owner, String comment, boolean allTables, boolean viaRoot,
                              boolean insert, boolean update, boolean delete,
                              Set<QualifiedName> tables, Set<String> schemas) {
        public Publication {
            tables = Set.copyOf(tables);
            schemas = Set.copyOf(schemas);
        }
    }

    /**
     * One table of the published set.
     *
     * @param selected  named by the tables setting (directly, by schema or by *); false for a leaf partition
     *                  reached only through its selected parent
     * @param owned     the admin user may alter it (owner, member of the owner, or superuser)
     * @param roleSelect the replication user holds SELECT on it directly
     */
    public record Table(QualifiedName name, char kind, boolean partition, boolean selected,
                        boolean replicaIdentityFull, boolean owned, boolean roleSelect) {
        public boolean partitioned() {
            return kind == 'p';
        }
    }

    /**
     * The replication user as it is.
     *
     * @param defaultSelect schemas whose future tables (by the admin user) it may read; "" means every schema
     */
    public record Role(String name, boolean canLogin, boolean replication, boolean rdsReplicationMember,
                       String comment, boolean connect, Set<String> usageSchemas, Set<QualifiedName> selectGrants,
                       Set<String> defaultSelect, boolean defaultSchemaUsage) {
        public Role {
            usageSchemas = Set.copyOf(usageSchemas);
            selectGrants = Set.copyOf(selectGrants);
            defaultSelect = Set.copyOf(defaultSelect);
        }
    }
}
