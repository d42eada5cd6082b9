package com.auroracdc.internal.publication;

import com.auroracdc.errors.DatabasePrivilegeException;
import com.auroracdc.errors.ForeignPublicationException;
import com.auroracdc.errors.ForeignRoleException;
import com.auroracdc.errors.LogicalReplicationOffException;
import com.auroracdc.errors.MissingTablesException;
import com.auroracdc.errors.NoFreeReplicationSlotException;
import com.auroracdc.errors.PartitionRootPublicationException;
import com.auroracdc.errors.UnsupportedEngineException;
import com.auroracdc.internal.database.ObservedSecret;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.Sql;
import com.auroracdc.internal.publication.PublicationChange.AlterPublicationObjects;
import com.auroracdc.internal.publication.PublicationChange.AlterRole;
import com.auroracdc.internal.publication.PublicationChange.CreatePublication;
import com.auroracdc.internal.publication.PublicationChange.CreateRole;
import com.auroracdc.internal.publication.PublicationChange.DefaultSchemaUsage;
import com.auroracdc.internal.publication.PublicationChange.DefaultSelect;
import com.auroracdc.internal.publication.PublicationChange.GrantConnect;
import com.auroracdc.internal.publication.PublicationChange.GrantRdsReplication;
import com.auroracdc.internal.publication.PublicationChange.GrantSchemaUsage;
import com.auroracdc.internal.publication.PublicationChange.GrantSelect;
import com.auroracdc.internal.publication.PublicationChange.MarkPublication;
import com.auroracdc.internal.publication.PublicationChange.RevokeSelect;
import com.auroracdc.internal.publication.PublicationChange.SetPublishActions;
import com.auroracdc.internal.publication.PublicationChange.SetReplicaIdentityFull;
import com.auroracdc.internal.publication.PublicationChange.SetRolePassword;
import com.auroracdc.internal.publication.PublicationChange.TagSecret;
import com.auroracdc.internal.publication.PublicationChange.WriteSecret;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure: (observed database, observed secret, desired state) → ordered changes. Refuses, before anything is
 * changed, whatever cannot be done safely. Order matters: replica identity comes before a table enters the
 * publication (a table without one would reject UPDATE and DELETE once published), the secret is written
 * before the role's password changes (so a failure in between leaves the secret right and the next run
 * re-applies it).
 */
public final class PublicationPlanner {
    /** Marks objects this automation made, in COMMENT ON PUBLICATION / ROLE. */
    public static final String MARKER = "managed by aurora-cdc-autopilot";

    private PublicationPlanner() {
    }

    public static List<PublicationChange> plan(ObservedDatabase db, ObservedSecret secret, PasswordCheck check,
                                               DesiredState desired) {
        return plan(db, secret, check, desired, true);
    }

    /**
     * @param requireLogicalReplication false for a dry run before the reboot: the plan is what will be done once
     *                                  logical replication is on, instead of a refusal
     */
    public static List<PublicationChange> plan(ObservedDatabase db, ObservedSecret secret, PasswordCheck check,
                                               DesiredState desired, boolean requireLogicalReplication) {
        if (requireLogicalReplication) {
            requireLogicalReplication(db.server());
        }
        validate(db, desired);
        List<PublicationChange> changes = new ArrayList<>();
        List<ObservedDatabase.Table> tables = db.tables();

        List<QualifiedName> replicaIdentity = tables.stream().filter(t -> !t.replicaIdentityFull())
                .map(ObservedDatabase.Table::name).toList();
        if (!replicaIdentity.isEmpty()) {
            changes.add(new SetReplicaIdentityFull(replicaIdentity));
        }
        List<QualifiedName> tablesToAdd = planPublication(db, desired, changes);
        requireOwnership(db, desired, replicaIdentity, tablesToAdd);
        planRole(db, desired, changes);
        planSecret(db, secret, check, desired, changes);
        return List.copyOf(changes);
    }

    /** The explicit table list the publication should hold (empty for FOR ALL TABLES). */
    static Set<QualifiedName> desiredTableList(ObservedDatabase db, DesiredState desired) {
        Set<QualifiedName> list = new HashSet<>();
        if (desired.allTables()) {
            return list;
        }
        Set<String> schemas = Set.copyOf(desired.schemas());
        boolean schemaPublications = db.server().schemaPublications();
        for (QualifiedName name : desired.namedTables()) {
            // PostgreSQL 15+ refuses a table whose schema is also published as a schema.
            if (!schemaPublications || !schemas.contains(name.schema())) {
                list.add(name);
            }
        }
        if (!schemaPublications) {
            // Before 15 a schema is spelled out as its tables (partitions come through their parent).
            for (ObservedDatabase.Table table : db.tables()) {
                if (table.selected() && !table.partition() && schemas.contains(table.name().schema())) {
                    list.add(table.name());
                }
            }
        }
        return list;
    }

    private static void validate(ObservedDatabase db, DesiredState desired) {
        ObservedDatabase.Server server = db.server();
        if (server.major() < 13) {
            throw new UnsupportedEngineException("PostgreSQL " + server.major() + " is too old: Aurora PostgreSQL "
                    + "13 or newer is needed (publish_via_partition_root and the catalog this stage reads). "
                    + "Upgrade the cluster.");
        }
        if (!db.problems().isEmpty()) {
            throw new MissingTablesException("The tables setting names " + PublicationChange.count(
                    db.problems().size(), "thing") + " that cannot be published in database " + server.database()
                    + ": " + String.join("; ", db.problems()) + ". Fix the names (quote mixed-case names: "
                    + "\"Schema\".\"Table\") or create them, then run again. Nothing was changed.");
        }
        db.publication().ifPresent(publication -> {
            if (!MARKER.equals(publication.comment()) && !desired.adoptPublication()) {
                throw new ForeignPublicationException("A publication named " + desired.publication()
                        + " already exists (owner " + publication.owner() + ") and was not created by this "
                        + "automation. Choose another name (setting publicationName, tag materialize:publication), "
                        + "or set adoptPublication=true (tag materialize:adopt-publication) to take it over: its "
                        + "table list will then be reconciled with the tables setting. Nothing was changed.");
            }
            if (publication.viaRoot()) {
                throw new PartitionRootPublicationException("Publication " + desired.publication() + " has "
                        + "publish_via_partition_root = true, which Materialize does not support. Run ALTER "
                        + "PUBLICATION " + Sql.ident(desired.publication()) + " SET (publish_via_partition_root = "
                        + "false) once no other subscriber depends on it, then run again. Nothing was changed.");
            }
        });
        db.role().ifPresent(role -> {
            if (!MARKER.equals(role.comment())) {
                throw new ForeignRoleException("A role named " + desired.role() + " already exists and was not "
                        + "created by this automation, so its password will not be touched. Choose another "
                        + "replication user (setting replicationUser, tag materialize:replication-user), or, to "
                        + "hand it over (its password will be replaced), run COMMENT ON ROLE "
                        + Sql.ident(desired.role()) + " IS '" + MARKER + "'. Nothing was changed.");
            }
        });
        if (server.usedReplicationSlots() >= server.maxReplicationSlots()) {
            throw new NoFreeReplicationSlotException("All " + server.maxReplicationSlots() + " replication slots "
                    + "are in use: the streaming proof (and Materialize) need a free one. Raise "
                    + "max_replication_slots (setting sourceCount; the parameter-group stage sizes it, a reboot "
                    + "applies it) or drop unused slots (SELECT slot_name, active FROM pg_replication_slots). "
                    + "Nothing was changed.");
        }
        if (server.usedWalSenders() >= server.maxWalSenders()) {
            throw new NoFreeReplicationSlotException("All " + server.maxWalSenders() + " WAL senders are in use: "
                    + "raise max_wal_senders (reboot needed) or stop unused replication connections. "
                    + "Nothing was changed.");
        }
    }

    /** Whether the server decodes logical replication now ({@code rds.logical_replication} where it exists, and wal_level). */
    public static boolean logicalReplicationOn(ObservedDatabase.Server server) {
        String rds = server.rdsLogicalReplication();
        return !(rds != null && !isOn(rds) || !"logical".equals(server.walLevel()));
    }

    private static void requireLogicalReplication(ObservedDatabase.Server server) {
        String rds = server.rdsLogicalReplication();
        if (!logicalReplicationOn(server)) {
            throw new LogicalReplicationOffException("Logical replication is not on in database "
                    + server.database() + " (wal_level = " + server.walLevel()
                    + (rds == null ? "" : ", rds.logical_replication = " + rds) + "): the reboot has not taken "
                    + "effect. Check that the writer uses the parameter group with rds.logical_replication = 1 "
                    + "(status in-sync) and reboot the writer, then run the setup again.");
        }
    }


    private static boolean isOn(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "1", "true", "yes" -> true;
            default -> false;
        };
    }

    /**
     * The publication's objects change in one transaction each time: created (or re-created) with its whole list,
     * or altered by one change that removes and adds together. A table moving from a dropped schema to the
     * explicit list is therefore never out of the publication at any committed point.
     *
     * @return the tables that enter the publication (the admin user must own them)
     */
    private static List<QualifiedName> planPublication(ObservedDatabase db, DesiredState desired,
                                                       List<PublicationChange> changes) {
        String name = desired.publication();
        boolean all = desired.allTables();
        List<String> schemas = db.server().schemaPublications() && !all ? desired.schemas() : List.of();
        Set<QualifiedName> wantedSet = desiredTableList(db, desired);
        List<QualifiedName> wanted = wantedSet.stream().sorted().toList();
        var existing = db.publication();
        if (existing.isEmpty() || existing.get().allTables() != all) {
            changes.add(all ? CreatePublication.forAllTables(name, existing.isPresent())
                    : new CreatePublication(name, false, existing.isPresent(), wanted, schemas));
            return all ? List.of() : wanted;
        }
        var p = existing.get();
        if (!MARKER.equals(p.comment())) {
            changes.add(new MarkPublication(name));
        }
        if (!(p.insert() && p.update() && p.delete())) {
            changes.add(new SetPublishActions(name));
        }
        if (all) {
            return List.of();
        }
        List<String> dropSchemas = p.schemas().stream().filter(s -> !schemas.contains(s)).sorted().toList();
        List<String> addSchemas = schemas.stream().filter(s -> !p.schemas().contains(s)).toList();
        List<QualifiedName> dropTables = p.tables().stream().filter(t -> !wantedSet.contains(t)).sorted().toList();
        List<QualifiedName> addTables = wanted.stream().filter(t -> !p.tables().contains(t)).toList();
        if (!(dropTables.isEmpty() && dropSchemas.isEmpty() && addSchemas.isEmpty() && addTables.isEmpty())) {
            changes.add(new AlterPublicationObjects(name, dropTables, dropSchemas, addSchemas, addTables));
        }
        return addTables;
    }

    private static void requireOwnership(ObservedDatabase db, DesiredState desired, List<QualifiedName> identity,
                                         List<QualifiedName> added) {
        if (db.server().superuser()) {
            return;
        }
        Set<QualifiedName> touched = new HashSet<>(identity);
        touched.addAll(added);
        db.tables().stream().filter(t -> !t.roleSelect()).forEach(t -> touched.add(t.name()));
        List<QualifiedName> notOwned = db.tables().stream().filter(t -> !t.owned() && touched.contains(t.name()))
                .map(ObservedDatabase.Table::name).sorted().toList();
        if (!notOwned.isEmpty()) {
            throw new DatabasePrivilegeException("The admin user " + db.server().currentUser() + " does not own "
                    + PublicationChange.count(notOwned.size(), "table") + " it must alter or grant: "
                    + PublicationChange.names(notOwned) + ". Run the setup with the cluster's master user, or GRANT "
                    + "each owner role to " + db.server().currentUser() + ", or narrow the tables setting. Nothing "
                    + "was changed.");
        }
    }

    private static void planRole(ObservedDatabase db, DesiredState desired, List<PublicationChange> changes) {
        String role = desired.role();
        boolean rds = db.server().rds();
        var observed = db.role();
        if (observed.isEmpty()) {
            changes.add(new CreateRole(role, rds));
        } else {
            var r = observed.get();
            boolean needReplicationAttribute = !rds && !r.replication();
            if (!r.canLogin() || needReplicationAttribute) {
                changes.add(new AlterRole(role, !r.canLogin(), needReplicationAttribute));
            }
            if (rds && !r.rdsReplicationMember()) {
                changes.add(new GrantRdsReplication(role));
            }
        }
        boolean connect = observed.map(ObservedDatabase.Role::connect).orElse(false);
        Set<String> usage = observed.map(ObservedDatabase.Role::usageSchemas).orElse(Set.of());
        Set<QualifiedName> selectGrants = observed.map(ObservedDatabase.Role::selectGrants).orElse(Set.of());
        Set<String> defaults = observed.map(ObservedDatabase.Role::defaultSelect).orElse(Set.of());
        boolean defaultUsage = observed.map(ObservedDatabase.Role::defaultSchemaUsage).orElse(false);

        if (!connect) {
            changes.add(new GrantConnect(role, desired.database()));
        }
        Set<String> schemas = new TreeSet<>(desired.schemas());
        db.tables().forEach(t -> schemas.add(t.name().schema()));
        List<String> missingUsage = schemas.stream().filter(s -> !usage.contains(s)).toList();
        if (!missingUsage.isEmpty()) {
            changes.add(new GrantSchemaUsage(role, missingUsage));
        }
        List<QualifiedName> missingSelect = db.tables().stream().filter(t -> !t.roleSelect())
                .map(ObservedDatabase.Table::name).toList();
        if (!missingSelect.isEmpty()) {
            changes.add(new GrantSelect(role, missingSelect));
        }
        Set<QualifiedName> published = new HashSet<>();
        db.tables().forEach(t -> published.add(t.name()));
        List<QualifiedName> extraSelect = selectGrants.stream().filter(t -> !published.contains(t)).sorted().toList();
        if (!extraSelect.isEmpty()) {
            changes.add(new RevokeSelect(role, extraSelect));
        }
        Set<String> wantedDefaults = desired.allTables() ? Set.of("") : Set.copyOf(desired.schemas());
        wantedDefaults.stream().filter(s -> !defaults.contains(s)).sorted()
                .forEach(s -> changes.add(new DefaultSelect(role, s, true)));
        defaults.stream().filter(s -> !wantedDefaults.contains(s)).sorted()
                .forEach(s -> changes.add(new DefaultSelect(role, s, false)));
        if (defaultUsage != desired.allTables()) {
            changes.add(new DefaultSchemaUsage(role, desired.allTables()));
        }
    }

    private static void planSecret(ObservedDatabase db, ObservedSecret secret, PasswordCheck check,
                                   DesiredState desired, List<PublicationChange> changes) {
        boolean newPassword = desired.rotatePassword() || !secret.hasPassword();
        boolean resetFromSecret = !newPassword && (db.role().isEmpty() || check == PasswordCheck.MISMATCH);
        List<String> differing = differingFields(secret.fields(), desired.secretFields());
        String reason;
        if (!secret.exists()) {
            reason = "it does not exist yet";
        } else if (secret.scheduledForDeletion()) {
            reason = "it was scheduled for deletion";
        } else if (desired.rotatePassword()) {
            reason = "rotatePassword was asked for";
        } else if (!secret.hasPassword()) {
            reason = "it holds no password";
        } else if (!differing.isEmpty()) {
            reason = "changed: " + String.join(", ", differing);
        } else {
            reason = null;
        }
        if (reason != null) {
            SecretStore.Write write = !secret.exists() ? SecretStore.Write.CREATE
                    : secret.scheduledForDeletion() ? SecretStore.Write.RESTORE_AND_UPDATE : SecretStore.Write.UPDATE;
            changes.add(new WriteSecret(secret.name(), write, newPassword, reason));
        }
        if (secret.exists() && !secret.tagged()) {
            changes.add(new TagSecret(secret.name()));
        }
        if (newPassword || resetFromSecret) {
            changes.add(new SetRolePassword(desired.role(), !newPassword));
        }
    }

    private static List<String> differingFields(Map<String, String> actual, Map<String, String> wanted) {
        return wanted.keySet().stream().sorted().filter(k -> !Objects.equals(actual.get(k), wanted.get(k))).toList();
    }
}
