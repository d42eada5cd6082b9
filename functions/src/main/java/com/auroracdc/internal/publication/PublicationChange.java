package com.auroracdc.internal.publication;

import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;
import java.util.ArrayList;
import java.util.List;

/** One planned change of the publication stage. Descriptions never contain a password. */
public sealed interface PublicationChange extends Change {
    /** How many names a description lists before "and N more". */
    int SHOWN = 5;

    static String names(List<?> items) {
        String shown = String.join(", ", items.stream().limit(SHOWN).map(Object::toString).toList());
        return items.size() <= SHOWN ? shown : shown + " and " + (items.size() - SHOWN) + " more";
    }

    static String count(int n, String singular) {
        return n + " " + singular + (n == 1 ? "" : "s");
    }

    record SetReplicaIdentityFull(List<QualifiedName> tables) implements PublicationChange {
        public SetReplicaIdentityFull {
            tables = List.copyOf(tables);
        }

        @Override
        public String description() {
            return "Set REPLICA IDENTITY FULL on " + count(tables.size(), "table") + ": " + names(tables);
        }
    }

    /**
     * Creates the publication with its whole object list (every table, or the tables and schemas selected) and
     * marks it ours, in one transaction. {@code replaceExisting}: drops the old one in that same transaction
     * (FOR ALL TABLES cannot be altered into a list, nor back), so every committed change is published by one
     * form or the other, never by neither.
     */
    record CreatePublication(String name, boolean allTables, boolean replaceExisting, List<QualifiedName> tables,
                             List<String> schemas) implements PublicationChange {
        public CreatePublication {
            tables = List.copyOf(tables);
            schemas = List.copyOf(schemas);
        }

        static CreatePublication forAllTables(String name, boolean replaceExisting) {
            return new CreatePublication(name, true, replaceExisting, List.of(), List.of());
        }

        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            String objects = allTables ? " FOR ALL TABLES" : tables.isEmpty() && schemas.isEmpty()
                    ? " (empty: nothing selected yet)" : " for " + objectList(tables, schemas);
            return (replaceExisting ? "Re-create publication " : "Create publication ") + name + objects
                    + (replaceExisting ? " in one transaction (FOR ALL TABLES cannot be altered into a list, nor "
                    + "back; no committed change goes unpublished)" : "");
        }
    }

    /** Adds and removes tables and schemas of an existing list publication, all in one transaction. */
    record AlterPublicationObjects(String name, List<QualifiedName> dropTables, List<String> dropSchemas,
                                   List<String> addSchemas, List<QualifiedName> addTables) implements PublicationChange {
        public AlterPublicationObjects {
            dropTables = List.copyOf(dropTables);
            dropSchemas = List.copyOf(dropSchemas);
            addSchemas = List.copyOf(addSchemas);
            addTables = List.copyOf(addTables);
        }

        @Override
        public String description() {
            List<String> parts = new ArrayList<>();
            if (!dropTables.isEmpty() || !dropSchemas.isEmpty()) {
                parts.add("remove " + objectList(dropTables, dropSchemas));
            }
            if (!addTables.isEmpty() || !addSchemas.isEmpty()) {
                parts.add("add " + objectList(addTables, addSchemas));
            }
            return "Change publication " + name + " in one transaction: " + String.join("; ", parts);
        }
    }

    private static String objectList(List<QualifiedName> tables, List<String> schemas) {
        List<String> parts = new ArrayList<>();
        if (!tables.isEmpty()) {
            parts.add(count(tables.size(), "table") + " (" + names(tables) + ")");
        }
        if (!schemas.isEmpty()) {
            parts.add(count(schemas.size(), "schema") + " ("
                    + names(schemas.stream().map(QualifiedName::display).toList()) + ")");
        }
        return String.join(" and ", parts);
    }

    record MarkPublication(String name) implements PublicationChange {
        @Override
        public String description() {
            return "Adopt publication " + name + " (mark it as managed by this automation)";
        }
    }

    record SetPublishActions(String name) implements PublicationChange {
        @Override
        public String description() {
            return "Publish inserts, updates, deletes and truncates in publication " + name;
        }
    }

    /** Creates the login role, marked ours; replication through rds_replication on RDS, the attribute elsewhere. */
    record CreateRole(String role, boolean rdsReplication) implements PublicationChange {
        @Override
        public Effect effect() {
            return Effect.CREATE;
        }

        @Override
        public String description() {
            return "Create login role " + role + (rdsReplication ? " and grant it rds_replication"
                    : " WITH REPLICATION");
        }
    }

    record AlterRole(String role, boolean login, boolean replication) implements PublicationChange {
        @Override
        public String description() {
            return "Allow role " + role + " to " + (login && replication ? "log in and replicate"
                    : login ? "log in" : "replicate (REPLICATION attribute)");
        }
    }

    record GrantRdsReplication(String role) implements PublicationChange {
        @Override
        public String description() {
            return "Grant rds_replication to " + role;
        }
    }

    record GrantConnect(String role, String database) implements PublicationChange {
        @Override
        public String description() {
            return "Grant CONNECT on database " + QualifiedName.display(database) + " to " + role;
        }
    }

    record GrantSchemaUsage(String role, List<String> schemas) implements PublicationChange {
        public GrantSchemaUsage {
            schemas = List.copyOf(schemas);
        }

        @Override
        public String description() {
            return "Grant USAGE on " + count(schemas.size(), "schema") + " to " + role + ": "
                    + names(schemas.stream().map(QualifiedName::display).toList());
        }
    }

    record GrantSelect(String role, List<QualifiedName> tables) implements PublicationChange {
        public GrantSelect {
            tables = List.copyOf(tables);
        }

        @Override
        public String description() {
            return "Grant SELECT on " + count(tables.size(), "table") + " to " + role + ": " + names(tables);
        }
    }

    record RevokeSelect(String role, List<QualifiedName> tables) implements PublicationChange {
        @Override
        public Effect effect() {
            return Effect.DESTROY;
        }

        public RevokeSelect {
            tables = List.copyOf(tables);
        }

        @Override
        public String description() {
            return "Revoke SELECT from " + role + " on " + count(tables.size(), "table")
                    + " no longer published: " + names(tables);
        }
    }

    /** Default privileges of the admin user: future tables in {@code schema} ("" = anywhere) readable. */
    record DefaultSelect(String role, String schema, boolean grant) implements PublicationChange {
        @Override
        public String description() {
            String where = schema.isEmpty() ? "every schema" : "schema " + QualifiedName.display(schema);
            return (grant ? "Let " + role + " read future tables in " : "Stop letting " + role
                    + " read future tables in ") + where + " (default privileges)";
        }
    }

    record DefaultSchemaUsage(String role, boolean grant) implements PublicationChange {
        @Override
        public String description() {
            return (grant ? "Grant " : "Revoke ") + role + " USAGE on future schemas (default privileges)";
        }
    }

    /** Writes the replication secret (RDS format); a new password is generated when {@code newPassword}. */
    record WriteSecret(String name, SecretStore.Write write, boolean newPassword, String reason) implements PublicationChange {

        @Override
        public String description() {
            String verb = switch (write) {
                case CREATE -> "Create secret ";
                case UPDATE -> "Update secret ";
                case RESTORE_AND_UPDATE -> "Restore (cancel deletion of) and update secret ";
            };
            return verb + name + (newPassword ? " with a new generated password" : "") + " (" + reason + ")";
        }

        @Override
        public Effect effect() {
            return write == SecretStore.Write.CREATE ? Effect.CREATE : Effect.CHANGE;
        }
    }

    record TagSecret(String name) implements PublicationChange {
        @Override
        public String description() {
            return "Tag secret " + name + " managed-by=aurora-cdc-autopilot";
        }
    }

    /** Sets the role's password: the freshly generated one, or the secret's when the role drifted from it. */
    record SetRolePassword(String role, boolean fromSecret) implements PublicationChange {
        @Override
        public String description() {
            return "Set the password of " + role + (fromSecret ? " to the one stored in its secret"
                    : " to the new generated one") + " (sent as a SCRAM verifier, never in clear text)";
        }
    }
}
