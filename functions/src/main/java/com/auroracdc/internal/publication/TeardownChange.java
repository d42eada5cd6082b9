package com.auroracdc.internal.publication;

import com.auroracdc.internal.database.QualifiedName;
import java.util.List;

import com.auroracdc.internal.database.ReplicationSlots;
import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;

/**
 * One planned change of the database teardown: each removes something the setup made. Descriptions never contain a
 * password (there is none to show: the secret is deleted by ARN, its value never read).
 */
public sealed interface TeardownChange extends Change {
    @Override
    default Effect effect() {
        return Effect.DESTROY;
    }

    /** Drops an inactive {@code materialize_} slot of the setup's database (only with dropSlots). */
    record DropSlot(String name, String database, Long retainedWalBytes) implements TeardownChange {
        @Override
        public String description() {
            return "Drop inactive replication slot " + name + " (database " + database + "), which retains "
                    + (retainedWalBytes == null ? "an unknown amount" : ReplicationSlots.bytes(retainedWalBytes))
                    + " of WAL";
        }
    }

    record DropPublication(String name) implements TeardownChange {
        @Override
        public String description() {
            return "Drop publication " + name;
        }
    }

    /** Revokes every privilege the role holds (as observed) before it is dropped. */
    record RevokeRoleGrants(String role, ObservedTeardown.Grants grants) implements TeardownChange {
        @Override
        public String description() {
            return "Revoke from role " + role + " every privilege it holds: " + grants.describe();
        }
    }

    record DropRole(String role) implements TeardownChange {
        @Override
        public String description() {
            return "Drop role " + role;
        }
    }

    /**
     * Resets REPLICA IDENTITY to DEFAULT on tables the setup set to FULL (opt-in): each takes an ACCESS EXCLUSIVE lock
     * for a moment, so each table is its own short transaction.
     */
    record ResetReplicaIdentity(List<QualifiedName> tables) implements TeardownChange {
        public ResetReplicaIdentity {
            tables = List.copyOf(tables);
        }

        @Override
        public Effect effect() {
            return Effect.CHANGE;
        }

        @Override
        public String description() {
            return "Reset REPLICA IDENTITY to DEFAULT on " + PublicationChange.count(tables.size(), "table")
                    + " the setup set to FULL: " + PublicationChange.names(tables);
        }
    }

    /** Schedules the replication secret's deletion; Secrets Manager keeps it restorable for the recovery window. */
    record DeleteSecret(String arn, int recoveryWindowDays) implements TeardownChange {
        @Override
        public String description() {
            return "Schedule the deletion of replication secret " + arn + " after a " + recoveryWindowDays
                    + "-day recovery window (RestoreSecret undoes it until then)";
        }
    }
}
