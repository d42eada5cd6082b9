package com.auroracdc.internal.publication;

import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.database.ReplicationSlots;
import com.auroracdc.internal.database.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the teardown reads before it plans: the publication and the role of the recorded names, every replication slot,
 * and the recorded secret as Secrets Manager describes it.
 *
 * @param database        the database connected to (the one the setup configured)
 * @param adminUser       the user the teardown runs as (current_user)
 * @param publicationName the name looked up (the recorded one, else the setting's)
 * @param roleName        the name looked up (the recorded one, else the setting's)
 * @param slots           every slot of the server, Materialize's and others'
 * @param secretArn       the recorded replication secret, or null
 * @param secret          empty when no secret was recorded or Secrets Manager has it no more
 * @param replicaIdentity the recorded REPLICA IDENTITY FULL tables as they are now (those that still exist)
 */
public record ObservedTeardown(
        String database,
        String adminUser,
        String publicationName,
        Optional<Publication> publication,
        String roleName,
        Optional<Role> role,
        List<ReplicationSlots.Slot> slots,
        String secretArn,
        Optional<SecretStore.Described> secret,
        List<ReplicaIdentity> replicaIdentity) {

    public ObservedTeardown {
        slots = List.copyOf(slots);
        replicaIdentity = replicaIdentity == null ? List.of() : List.copyOf(replicaIdentity);
    }

    /**
     * One recorded table now.
     *
     * @param full         its REPLICA IDENTITY is FULL
     * @param primaryKey   it has a primary key (DEFAULT then identifies rows by it)
     * @param publications the other publications that publish its updates or deletes (DEFAULT without a primary key
     *                     would make those statements fail)
     */
    public record ReplicaIdentity(QualifiedName table, boolean full, boolean primaryKey, List<String> publications) {
        public ReplicaIdentity {
            publications = List.copyOf(publications);
        }
    }

    /**
     * @param mayDrop the admin user may drop it (it has the privileges of the owner, or is a superuser)
     */
    public record Publication(String owner, String comment, boolean mayDrop) {
    }

    /**
     * The role as DROP ROLE would find it.
     *
     * @param connections sessions logged in as it now (pg_stat_activity, replication connections included)
     * @param owned       what it owns, in words (objects here named; elsewhere counted per database)
     * @param unrevocable privileges it holds that this session cannot revoke, in words; DROP ROLE would fail on them
     * @param mayDrop     the admin user may drop it (superuser, or CREATEROLE and, from PostgreSQL 16, ADMIN OPTION)
     * @param grants      what the teardown revokes before dropping it
     */
    public record Role(String comment, int connections, List<String> owned, List<String> unrevocable,
                       boolean mayDrop, Grants grants) {
        public Role {
            owned = List.copyOf(owned);
            unrevocable = List.copyOf(unrevocable);
        }
    }

    /**
     * Every privilege the role holds that this session can revoke: on tables and other relations (column privileges
     * included), sequences, schemas and databases, default privileges, and membership in rds_replication.
     */
    public record Grants(List<QualifiedName> tables, List<QualifiedName> sequences, List<String> schemas,
                         List<String> databases, List<DefaultPrivilege> defaults, boolean rdsReplication) {
        public static final Grants NONE = new Grants(List.of(), List.of(), List.of(), List.of(), List.of(), false);

        public Grants {
            tables = List.copyOf(tables);
            sequences = List.copyOf(sequences);
            schemas = List.copyOf(schemas);
            databases = List.copyOf(databases);
            defaults = List.copyOf(defaults);
        }

        public boolean isEmpty() {
            return tables.isEmpty() && sequences.isEmpty() && schemas.isEmpty() && databases.isEmpty()
                    && defaults.isEmpty() && !rdsReplication;
        }

        /** In words, e.g. "SELECT-type privileges on 2 tables (public.orders, sales.invoices); USAGE ... ". */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (!tables.isEmpty()) {
                parts.add(PublicationChange.count(tables.size(), "table") + " (" + PublicationChange.names(tables) + ")");
            }
            if (!sequences.isEmpty()) {
                parts.add(PublicationChange.count(sequences.size(), "sequence") + " ("
                        + PublicationChange.names(sequences) + ")");
            }
            if (!schemas.isEmpty()) {
                parts.add(PublicationChange.count(schemas.size(), "schema") + " ("
                        + PublicationChange.names(schemas.stream().map(QualifiedName::display).toList()) + ")");
            }
            if (!databases.isEmpty()) {
                parts.add(PublicationChange.count(databases.size(), "database") + " ("
                        + PublicationChange.names(databases.stream().map(QualifiedName::display).toList()) + ")");
            }
            if (!defaults.isEmpty()) {
                parts.add(PublicationChange.count(defaults.size(), "default privilege") + " ("
                        + PublicationChange.names(defaults) + ")");
            }
            if (rdsReplication) {
                parts.add("membership in rds_replication");
            }
            return String.join("; ", parts);
        }
    }

    /**
     * Default privileges that {@code owner} gives the role on the objects it creates.
     *
     * @param schema  "" for every schema
     * @param objects TABLES, SEQUENCES, FUNCTIONS, TYPES or SCHEMAS (as ALTER DEFAULT PRIVILEGES spells them)
     */
    public record DefaultPrivilege(String owner, String schema, String objects) {
        @Override
        public String toString() {
            return objects + " of " + QualifiedName.display(owner)
                    + (schema.isEmpty() ? "" : " in schema " + QualifiedName.display(schema));
        }
    }
}
