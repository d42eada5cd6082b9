package com.auroracdc.internal.publication;

import com.auroracdc.errors.ActiveReplicationSlotException;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.database.ReplicationSlots;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.Sql;
import com.auroracdc.internal.publication.TeardownChange.DeleteSecret;
import com.auroracdc.internal.publication.TeardownChange.DropPublication;
import com.auroracdc.internal.publication.TeardownChange.DropRole;
import com.auroracdc.internal.publication.TeardownChange.DropSlot;
import com.auroracdc.internal.publication.TeardownChange.ResetReplicaIdentity;
import com.auroracdc.internal.publication.TeardownChange.RevokeRoleGrants;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure: (observed state, what the setup recorded, options) → the ordered removals, and what is deliberately left with
 * the reason. Only what is ours goes: the recorded name and our marker (publication and role), our tag (secret).
 *
 * <p>Order: slots first (they are what read the publication), then the publication, the role's privileges, the role,
 * and the secret after it, so that a failure part-way never leaves a role without the secret holding its password;
 * REPLICA IDENTITY (opt-in) last, once our publication no longer publishes the tables.
 *
 * <p>The role is dropped whole or not touched at all: when DROP ROLE would fail (it owns objects, holds privileges this
 * session cannot revoke) or must not run (sessions are logged in as it), nothing of it is revoked, and its secret
 * stays with it. A half-revoked role would be neither usable nor gone.
 */
public final class DatabaseTeardownPlanner {
    /**
     * Days Secrets Manager keeps the deleted secret restorable: its minimum. The password it holds is dead once the role
     * is dropped, so a longer window only keeps a stale credential (and the secret's name, which a new setup would
     * restore rather than recreate) around longer; a week still lets an operator undo a mistaken teardown.
     */
    public static final int SECRET_RECOVERY_DAYS = 7;

    static final String REPLICA_IDENTITY = "REPLICA IDENTITY is left as the setup set it (FULL) on the published "
            + "tables: it costs nothing without a subscriber beyond larger WAL records for updates and deletes, and "
            + "resetting it takes an ACCESS EXCLUSIVE lock per table (ALTER TABLE ... REPLICA IDENTITY DEFAULT, by hand, "
            + "if wanted).";

    private DatabaseTeardownPlanner() {
    }

    /**
     * What to remove and what is left.
     *
     * @param left  one line per thing deliberately left, with the reason (the stage's warnings)
     * @param slots every {@code materialize_} slot, with its state and the WAL it retains (the stage's fact)
     */
    public record Plan(List<TeardownChange> changes, List<String> left, String slots) {
        public Plan {
            changes = List.copyOf(changes);
            left = List.copyOf(left);
        }
    }

    /**
     * @param adoptPublication the setup's adoptPublication setting: the publication was the customer's before the setup
     * @throws ActiveReplicationSlotException when any {@code materialize_} slot is active (before anything is changed)
     */
    public static Plan plan(ObservedTeardown observed, RecordedResources recorded, boolean adoptPublication,
                            DatabaseTeardownOptions options) {
        List<ReplicationSlots.Slot> slots = observed.slots().stream().filter(ReplicationSlots.Slot::materialize)
                .toList();
        refuseActive(slots);
        List<TeardownChange> changes = new ArrayList<>();
        List<String> left = new ArrayList<>();
        planSlots(observed.database(), slots, options, changes, left);
        planPublication(observed, recorded, adoptPublication, changes, left);
        boolean roleStays = planRole(observed, recorded, changes, left);
        planSecret(observed, roleStays, changes, left);
        planReplicaIdentity(observed, recorded, options, changes, left);
        return new Plan(changes, left, slotSummary(slots, observed.database(), options));
    }

    private static void refuseActive(List<ReplicationSlots.Slot> slots) {
        List<ReplicationSlots.Slot> active = slots.stream().filter(ReplicationSlots.Slot::active).toList();
        if (active.isEmpty()) {
            return;
        }
        List<String> each = active.stream().map(s -> s.name() + " (database " + s.database() + ", read by PID "
                + (s.activePid() == null ? "unknown" : s.activePid().toString()) + ", retaining " + s.retained()
                + " of WAL)").toList();
        String first = active.getFirst().name();
        throw new ActiveReplicationSlotException((active.size() == 1 ? "Replication slot " : "Replication slots ")
                + String.join(", ", each) + (active.size() == 1 ? " is" : " are") + " in use: a Materialize source "
                + "still streams from the database. Drop the Materialize source that reads "
                + (active.size() == 1 ? "it" : "each") + " first (DROP SOURCE <name> in Materialize; the slot name is "
                + "in mz_internal.mz_postgres_sources.replication_slot: SELECT s.name FROM mz_sources s JOIN "
                + "mz_internal.mz_postgres_sources p ON p.id = s.id WHERE p.replication_slot = " + Sql.literal(first)
                + "), then run the teardown again. Nothing was changed.");
    }

    private static void planSlots(String database, List<ReplicationSlots.Slot> slots, DatabaseTeardownOptions options,
                                  List<TeardownChange> changes, List<String> left) {
        for (ReplicationSlots.Slot slot : slots) {
            boolean here = database.equals(slot.database());
            if (here && options.dropSlots()) {
                changes.add(new DropSlot(slot.name(), slot.database(), slot.retainedWalBytes()));
                continue;
            }
            String why = here ? "dropSlots was not asked for"
                    : "it decodes database " + slot.database() + ", not " + database + " that the setup configured";
            left.add("Left inactive replication slot " + slot.name() + " (database " + slot.database() + "), which "
                    + "retains " + slot.retained() + " of WAL until it is dropped: " + why + ". Once no Materialize "
                    + "source uses it (SELECT * FROM mz_internal.mz_postgres_sources WHERE replication_slot = "
                    + Sql.literal(slot.name()) + "), drop it on the writer: " + ReplicationSlots.dropCommand(slot.name()));
        }
    }

    private static String slotSummary(List<ReplicationSlots.Slot> slots, String database, DatabaseTeardownOptions options) {
        if (slots.isEmpty()) {
            return "no materialize_ replication slot";
        }
        return String.join("; ", slots.stream().map(s -> s.name() + " (database " + s.database() + ", "
                + (s.active() ? "active" : "inactive") + ", retains " + s.retained() + " of WAL, "
                + (!s.active() && options.dropSlots() && database.equals(s.database()) ? "to drop" : "left") + ")")
                .toList());
    }

    private static void planPublication(ObservedTeardown observed, RecordedResources recorded,
                                        boolean adoptPublication, List<TeardownChange> changes, List<String> left) {
        if (observed.publication().isEmpty()) {
            return;
        }
        ObservedTeardown.Publication publication = observed.publication().get();
        String name = observed.publicationName();
        String leave = "Left publication " + name + ": ";
        if (!name.equals(recorded.publication())) {
            left.add(leave + (recorded.publication() == null ? "the setup recorded no publication"
                    : "the setup recorded publication " + recorded.publication() + ", not this one") + ", so it is "
                    + "not ours.");
        } else if (!PublicationPlanner.MARKER.equals(publication.comment())) {
            left.add(leave + "its comment is not our marker ('" + PublicationPlanner.MARKER + "'), so it is not ours.");
        } else if (adoptPublication) {
            left.add(leave + "the setup adopted it (adoptPublication=true): it was there before the setup, so it stays, "
                    + "with the tables the setup last gave it. Drop it yourself once nothing reads it: DROP PUBLICATION "
                    + Sql.ident(name) + ";");
        } else if (!publication.mayDrop()) {
            left.add(leave + "the admin user " + observed.adminUser() + " may not drop it (its owner is "
                    + publication.owner() + "). Run the teardown as the owner or a member of it.");
        } else {
            changes.add(new DropPublication(name));
        }
    }

    /**
     * REPLICA IDENTITY: left by default; with revertReplicaIdentity reset to DEFAULT on the recorded tables still FULL,
     * but never on a table without a primary key that another publication still publishes updates or deletes of (its
     * UPDATE and DELETE statements would then fail).
     */
    private static void planReplicaIdentity(ObservedTeardown observed, RecordedResources recorded,
                                            DatabaseTeardownOptions options, List<TeardownChange> changes,
                                            List<String> left) {
        List<ObservedTeardown.ReplicaIdentity> full = observed.replicaIdentity().stream()
                .filter(ObservedTeardown.ReplicaIdentity::full).toList();
        if (recorded.replicaIdentityFull().isEmpty()) {
            left.add(REPLICA_IDENTITY);
            return;
        }
        if (full.isEmpty()) {
            return;
        }
        List<QualifiedName> tables = full.stream().map(ObservedTeardown.ReplicaIdentity::table).toList();
        if (!options.revertReplicaIdentity()) {
            left.add("REPLICA IDENTITY is left FULL on the " + PublicationChange.count(tables.size(), "table")
                    + " the setup set it on (" + PublicationChange.names(tables) + "): without a subscriber it only makes"
                    + " update and delete WAL records larger, and resetting it takes an ACCESS EXCLUSIVE lock per table."
                    + " Run the teardown with \"revertReplicaIdentity\": true to reset them to DEFAULT.");
            return;
        }
        List<QualifiedName> reset = new ArrayList<>();
        for (ObservedTeardown.ReplicaIdentity table : full) {
            if (!table.primaryKey() && !table.publications().isEmpty()) {
                left.add("REPLICA IDENTITY is left FULL on " + table.table() + ": it has no primary key and publication"
                        + (table.publications().size() == 1 ? " " : "s ") + String.join(", ", table.publications())
                        + " still publish" + (table.publications().size() == 1 ? "es" : "") + " its updates or deletes,"
                        + " which would fail with REPLICA IDENTITY DEFAULT.");
            } else {
                reset.add(table.table());
            }
        }
        if (!reset.isEmpty()) {
            changes.add(new ResetReplicaIdentity(reset));
        }
    }

    /** @return whether our role stays (so its secret stays too) */
    private static boolean planRole(ObservedTeardown observed, RecordedResources recorded,
                                    List<TeardownChange> changes, List<String> left) {
        if (observed.role().isEmpty()) {
            return false;
        }
        ObservedTeardown.Role role = observed.role().get();
        String name = observed.roleName();
        if (!name.equals(recorded.replicationUser())) {
            left.add("Left role " + name + ": " + (recorded.replicationUser() == null ? "the setup recorded no "
                    + "replication user" : "the setup recorded replication user " + recorded.replicationUser()
                    + ", not this one") + ", so it is not ours.");
            return false;
        }
        if (!PublicationPlanner.MARKER.equals(role.comment())) {
            left.add("Left role " + name + ": its comment is not our marker ('" + PublicationPlanner.MARKER
                    + "'), so it is not ours.");
            return false;
        }
        List<String> reasons = new ArrayList<>();
        if (!role.owned().isEmpty()) {
            reasons.add("it owns " + PublicationChange.count(role.owned().size(), "object") + " ("
                    + PublicationChange.names(role.owned()) + "): reassign or drop them (REASSIGN OWNED BY "
                    + Sql.ident(name) + " TO " + Sql.ident(observed.adminUser()) + "; in each database)");
        }
        if (role.connections() > 0) {
            reasons.add("it has " + PublicationChange.count(role.connections(), "active connection") + " (SELECT pid, "
                    + "application_name, client_addr, backend_type FROM pg_stat_activity WHERE usename = "
                    + Sql.literal(name) + "): end them first");
        }
        if (!role.unrevocable().isEmpty()) {
            reasons.add("it holds privileges the admin user " + observed.adminUser() + " cannot revoke from here ("
                    + PublicationChange.names(role.unrevocable()) + "): revoke them as their grantor");
        }
        if (!role.mayDrop()) {
            reasons.add("the admin user " + observed.adminUser() + " may not drop it (it needs CREATEROLE and, on "
                    + "PostgreSQL 16 and later, ADMIN OPTION on the role)");
        }
        if (!reasons.isEmpty()) {
            left.add("Left role " + name + " intact, none of its privileges revoked: " + String.join("; ", reasons)
                    + ". Then run the teardown again.");
            return true;
        }
        if (!role.grants().isEmpty()) {
            changes.add(new RevokeRoleGrants(name, role.grants()));
        }
        changes.add(new DropRole(name));
        return false;
    }

    /** The secret observed is the recorded one (only that ARN is described). */
    private static void planSecret(ObservedTeardown observed, boolean roleStays,
                                   List<TeardownChange> changes, List<String> left) {
        if (observed.secret().isEmpty()) {
            return;
        }
        SecretStore.Described secret = observed.secret().get();
        String leave = "Left replication secret " + secret.arn() + ": ";
        if (secret.scheduledForDeletion()) {
            return; // done already (a previous teardown): nothing to plan, nothing to say
        }
        if (!secret.tagged()) {
            left.add(leave + "it lacks the tag " + SecretStore.TAG_KEY + "=" + SecretStore.TAG_VALUE
                    + ", so it is not ours.");
        } else if (roleStays) {
            left.add(leave + "it holds the password of role " + observed.roleName() + ", which stays (see above); "
                    + "the teardown that drops the role deletes it.");
        } else {
            changes.add(new DeleteSecret(secret.arn(), SECRET_RECOVERY_DAYS));
        }
    }
}
