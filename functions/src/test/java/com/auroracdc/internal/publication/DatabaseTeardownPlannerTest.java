package com.auroracdc.internal.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.ActiveReplicationSlotException;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.database.ReplicationSlots;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.publication.TeardownChange.DeleteSecret;
import com.auroracdc.internal.publication.TeardownChange.DropPublication;
import com.auroracdc.internal.publication.TeardownChange.DropRole;
import com.auroracdc.internal.publication.TeardownChange.DropSlot;
import com.auroracdc.internal.publication.TeardownChange.RevokeRoleGrants;
import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The teardown planner: what is ours goes, in order; what is not, or cannot go whole, stays with the reason. */
class DatabaseTeardownPlannerTest {
    private static final String DB = "app";
    private static final String PUB = "mz_source";
    private static final String ROLE = "materialize";
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:aurora-cdc/c/materialize-AbCdEf";
    private static final RecordedResources RECORDED = new RecordedResources(PUB, ROLE, ARN, DB);
    private static final DatabaseTeardownOptions DROP_SLOTS = new DatabaseTeardownOptions(true);
    private static final ObservedTeardown.Grants GRANTS = new ObservedTeardown.Grants(
            List.of(new QualifiedName("public", "orders"), new QualifiedName("sales", "invoices")), List.of(),
            List.of("public", "sales"), List.of(DB),
            List.of(new ObservedTeardown.DefaultPrivilege("admin", "sales", "TABLES")), true);

    static ReplicationSlots.Slot slot(String name, String database, boolean active, Integer pid, Long retained) {
        return new ReplicationSlots.Slot(name, "logical", "pgoutput", database, active, pid, "reserved", retained,
                null);
    }

    static ObservedTeardown.Role role(String comment, int connections, List<String> owned, List<String> unrevocable,
                                      boolean mayDrop, ObservedTeardown.Grants grants) {
        return new ObservedTeardown.Role(comment, connections, owned, unrevocable, mayDrop, grants);
    }

    static ObservedTeardown.Role ourRole() {
        return role(PublicationPlanner.MARKER, 0, List.of(), List.of(), true, GRANTS);
    }

    static ObservedTeardown.Publication ourPublication() {
        return new ObservedTeardown.Publication("admin", PublicationPlanner.MARKER, true);
    }

    static SecretStore.Described ourSecret() {
        return new SecretStore.Described(ARN, "aurora-cdc/c/materialize", true, null);
    }

    static ObservedTeardown observed(Optional<ObservedTeardown.Publication> publication,
                                     Optional<ObservedTeardown.Role> role, List<ReplicationSlots.Slot> slots,
                                     Optional<SecretStore.Described> secret) {
        return new ObservedTeardown(DB, "admin", PUB, publication, ROLE, role, slots, ARN, secret, List.of());
    }

    static ObservedTeardown allOurs(List<ReplicationSlots.Slot> slots) {
        return observed(Optional.of(ourPublication()), Optional.of(ourRole()), slots, Optional.of(ourSecret()));
    }

    static ObservedTeardown tornDown() {
        return observed(Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    private static DatabaseTeardownPlanner.Plan plan(ObservedTeardown observed, DatabaseTeardownOptions options) {
        return DatabaseTeardownPlanner.plan(observed, RECORDED, false, options);
    }

    private static List<String> descriptions(DatabaseTeardownPlanner.Plan plan) {
        return plan.changes().stream().map(Change::description).toList();
    }

    @Test
    void plan_whenEverythingIsOurs_removesSlotsPublicationGrantsRoleAndSecretInThatOrder() {
        var plan = plan(allOurs(List.of(slot("materialize_0a1b", DB, false, null, 3L << 20),
                slot("debezium", DB, false, null, 5L << 30))), DROP_SLOTS);

        assertThat(plan.changes()).containsExactly(new DropSlot("materialize_0a1b", DB, 3L << 20),
                new DropPublication(PUB), new RevokeRoleGrants(ROLE, GRANTS), new DropRole(ROLE),
                new DeleteSecret(ARN, 7));
        assertThat(plan.changes()).extracting(Change::effect).containsOnly(Effect.DESTROY);
        assertThat(plan.left()).containsExactly(DatabaseTeardownPlanner.REPLICA_IDENTITY);
        assertThat(plan.slots()).isEqualTo("materialize_0a1b (database app, inactive, retains 3.0 MiB of WAL, to drop)");
    }

    @Test
    void descriptions_sayWhatIsRemovedAndNeverASecretValue() {
        var plan = plan(allOurs(List.of(slot("materialize_0a1b", DB, false, null, 3L << 20))), DROP_SLOTS);

        assertThat(descriptions(plan)).containsExactly(
                "Drop inactive replication slot materialize_0a1b (database app), which retains 3.0 MiB of WAL",
                "Drop publication mz_source",
                "Revoke from role materialize every privilege it holds: 2 tables (public.orders, sales.invoices); "
                        + "2 schemas (public, sales); 1 database (app); 1 default privilege (TABLES of admin in schema "
                        + "sales); membership in rds_replication",
                "Drop role materialize",
                "Schedule the deletion of replication secret " + ARN + " after a 7-day recovery window (RestoreSecret "
                        + "undoes it until then)");
        assertThat(new DropSlot("materialize_x", DB, null).description()).contains("retains an unknown amount of WAL");
    }

    @Test
    void grants_describeEveryKindAndShortenLongLists() {
        List<QualifiedName> tables = List.of("a", "b", "c", "d", "e", "f", "g").stream()
                .map(t -> new QualifiedName("public", t)).toList();
        var grants = new ObservedTeardown.Grants(tables, List.of(new QualifiedName("public", "ids")),
                List.of("Sales"), List.of("app", "other"),
                List.of(new ObservedTeardown.DefaultPrivilege("admin", "", "SCHEMAS")), false);

        assertThat(grants.describe()).isEqualTo("7 tables (public.a, public.b, public.c, public.d, public.e and 2 more); "
                + "1 sequence (public.ids); 1 schema (\"Sales\"); 2 databases (app, other); 1 default privilege "
                + "(SCHEMAS of admin)");
        assertThat(grants.isEmpty()).isFalse();
        assertThat(ObservedTeardown.Grants.NONE.isEmpty()).isTrue();
        assertThat(new ObservedTeardown.Grants(List.of(), List.of(), List.of(), List.of(), List.of(), true).isEmpty())
                .isFalse();
        assertThat(new ObservedTeardown.Grants(List.of(), List.of(new QualifiedName("s", "q")), List.of(), List.of(),
                List.of(), false).isEmpty()).isFalse();
        assertThat(new ObservedTeardown.Grants(List.of(), List.of(), List.of("s"), List.of(), List.of(), false).isEmpty())
                .isFalse();
        assertThat(new ObservedTeardown.Grants(List.of(), List.of(), List.of(), List.of("d"), List.of(), false).isEmpty())
                .isFalse();
        assertThat(new ObservedTeardown.Grants(List.of(), List.of(), List.of(), List.of(),
                List.of(new ObservedTeardown.DefaultPrivilege("a", "", "TABLES")), false).isEmpty()).isFalse();
    }

    @Test
    void plan_whenAMaterializeSlotIsActive_refusesBeforeAnythingNamingSlotPidWalAndTheSourceToDrop() {
        var observed = allOurs(List.of(slot("materialize_0a1b", DB, true, 4242, 3L << 30),
                slot("materialize_ffff", DB, false, null, 10L)));

        assertThatThrownBy(() -> plan(observed, DROP_SLOTS))
                .isInstanceOf(ActiveReplicationSlotException.class)
                .hasMessageStartingWith("Replication slot materialize_0a1b (database app, read by PID 4242, retaining "
                        + "3.0 GiB of WAL) is in use")
                .hasMessageContaining("DROP SOURCE")
                .hasMessageContaining("mz_internal.mz_postgres_sources")
                .hasMessageContaining("WHERE p.replication_slot = 'materialize_0a1b'")
                .hasMessageContaining("then run the teardown again")
                .hasMessageEndingWith("Nothing was changed.")
                .message().doesNotContain("materialize_ffff");
    }

    @Test
    void plan_whenSeveralSlotsAreActive_namesEach() {
        var observed = allOurs(List.of(slot("materialize_1", DB, true, 1, 100L),
                slot("materialize_2", "other", true, null, null)));

        assertThatThrownBy(() -> plan(observed, DatabaseTeardownOptions.DEFAULTS))
                .isInstanceOf(ActiveReplicationSlotException.class)
                .hasMessageStartingWith("Replication slots materialize_1 (database app, read by PID 1, retaining 100 "
                        + "bytes of WAL), materialize_2 (database other, read by PID unknown, retaining an unknown "
                        + "amount of WAL) are in use")
                .hasMessageContaining("reads each first");
    }

    @Test
    void plan_whenAnotherToolsSlotIsActive_goesOnAndNeverTouchesIt() {
        var plan = plan(allOurs(List.of(slot("debezium", DB, true, 7, 1L))), DROP_SLOTS);

        assertThat(plan.changes()).hasSize(4).noneMatch(c -> c instanceof DropSlot);
        assertThat(plan.slots()).isEqualTo("no materialize_ replication slot");
        assertThat(String.join("\n", plan.left())).doesNotContain("debezium");
    }

    @Test
    void plan_withoutDropSlots_leavesTheInactiveSlotWithItsWalAndTheDropCommand() {
        var plan = plan(allOurs(List.of(slot("materialize_0a1b", DB, false, null, 2L << 20))),
                DatabaseTeardownOptions.DEFAULTS);

        assertThat(plan.changes()).noneMatch(c -> c instanceof DropSlot).hasSize(4);
        assertThat(plan.left().getFirst()).isEqualTo("Left inactive replication slot materialize_0a1b (database app), "
                + "which retains 2.0 MiB of WAL until it is dropped: dropSlots was not asked for. Once no Materialize "
                + "source uses it (SELECT * FROM mz_internal.mz_postgres_sources WHERE replication_slot = "
                + "'materialize_0a1b'), drop it on the writer: SELECT pg_drop_replication_slot('materialize_0a1b');");
        assertThat(plan.slots()).isEqualTo("materialize_0a1b (database app, inactive, retains 2.0 MiB of WAL, left)");
    }

    @Test
    void plan_withDropSlots_leavesASlotOfAnotherDatabase() {
        var plan = plan(allOurs(List.of(slot("materialize_1", "other", false, null, 1L << 20),
                slot("materialize_2", DB, false, null, null))), DROP_SLOTS);

        assertThat(plan.changes().getFirst()).isEqualTo(new DropSlot("materialize_2", DB, null));
        assertThat(plan.changes()).filteredOn(c -> c instanceof DropSlot).hasSize(1);
        assertThat(plan.left().getFirst()).startsWith("Left inactive replication slot materialize_1 (database other), "
                + "which retains 1.0 MiB of WAL until it is dropped: it decodes database other, not app that the setup "
                + "configured.");
        assertThat(plan.slots()).isEqualTo("materialize_1 (database other, inactive, retains 1.0 MiB of WAL, left); "
                + "materialize_2 (database app, inactive, retains an unknown amount of WAL, to drop)");
    }

    @Test
    void plan_whenThePublicationIsNotMarked_leavesItAndSaysWhy() {
        var observed = observed(Optional.of(new ObservedTeardown.Publication("admin", "the team's CDC", true)),
                Optional.of(ourRole()), List.of(), Optional.of(ourSecret()));

        var plan = plan(observed, DatabaseTeardownOptions.DEFAULTS);

        assertThat(plan.changes()).noneMatch(c -> c instanceof DropPublication).hasSize(3);
        assertThat(plan.left()).first().isEqualTo("Left publication mz_source: its comment is not our marker ('"
                + PublicationPlanner.MARKER + "'), so it is not ours.");
    }

    @Test
    void plan_whenThePublicationWasAdopted_leavesItWithTheCommandToDropIt() {
        var plan = DatabaseTeardownPlanner.plan(allOurs(List.of()), RECORDED, true, DatabaseTeardownOptions.DEFAULTS);

        assertThat(plan.changes()).noneMatch(c -> c instanceof DropPublication).hasSize(3);
        assertThat(plan.left().getFirst()).startsWith("Left publication mz_source: the setup adopted it "
                + "(adoptPublication=true)").endsWith("DROP PUBLICATION \"mz_source\";");
    }

    @Test
    void plan_whenTheRecordNamesAnotherPublicationOrNone_leavesTheOneFound() {
        var other = DatabaseTeardownPlanner.plan(allOurs(List.of()), new RecordedResources("mz_other", ROLE, ARN, DB),
                false, DatabaseTeardownOptions.DEFAULTS);
        var none = DatabaseTeardownPlanner.plan(allOurs(List.of()), new RecordedResources(null, ROLE, ARN, DB),
                false, DatabaseTeardownOptions.DEFAULTS);

        assertThat(other.changes()).noneMatch(c -> c instanceof DropPublication);
        assertThat(other.left().getFirst()).isEqualTo("Left publication mz_source: the setup recorded publication "
                + "mz_other, not this one, so it is not ours.");
        assertThat(none.left().getFirst()).isEqualTo("Left publication mz_source: the setup recorded no publication, "
                + "so it is not ours.");
    }

    @Test
    void plan_whenTheAdminMayNotDropThePublication_leavesIt() {
        var observed = observed(Optional.of(new ObservedTeardown.Publication("app_owner", PublicationPlanner.MARKER,
                false)), Optional.empty(), List.of(), Optional.empty());

        var plan = plan(observed, DatabaseTeardownOptions.DEFAULTS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left().getFirst()).isEqualTo("Left publication mz_source: the admin user admin may not drop it "
                + "(its owner is app_owner). Run the teardown as the owner or a member of it.");
    }

    @Test
    void plan_whenTheRoleIsNotMarked_leavesItButDeletesOurSecret() {
        var observed = observed(Optional.empty(), Optional.of(role("someone's", 0, List.of(), List.of(), true, GRANTS)),
                List.of(), Optional.of(ourSecret()));

        var plan = plan(observed, DatabaseTeardownOptions.DEFAULTS);

        assertThat(plan.changes()).containsExactly(new DeleteSecret(ARN, 7));
        assertThat(plan.left().getFirst()).isEqualTo("Left role materialize: its comment is not our marker ('"
                + PublicationPlanner.MARKER + "'), so it is not ours.");
    }

    @Test
    void plan_whenTheRecordNamesAnotherRoleOrNone_leavesTheOneFound() {
        var other = DatabaseTeardownPlanner.plan(allOurs(List.of()), new RecordedResources(PUB, "mz_other", ARN, DB),
                false, DatabaseTeardownOptions.DEFAULTS);
        var none = DatabaseTeardownPlanner.plan(allOurs(List.of()), new RecordedResources(PUB, null, ARN, DB),
                false, DatabaseTeardownOptions.DEFAULTS);

        assertThat(other.changes()).containsExactly(new DropPublication(PUB), new DeleteSecret(ARN, 7));
        assertThat(other.left().getFirst()).isEqualTo("Left role materialize: the setup recorded replication user "
                + "mz_other, not this one, so it is not ours.");
        assertThat(none.left().getFirst()).isEqualTo("Left role materialize: the setup recorded no replication user, "
                + "so it is not ours.");
    }

    @Test
    void plan_whenTheRoleOwnsObjects_leavesItWholeAndItsSecretWithIt() {
        var observed = observed(Optional.of(ourPublication()), Optional.of(role(PublicationPlanner.MARKER, 0,
                List.of("table public.scratch"), List.of(), true, GRANTS)), List.of(), Optional.of(ourSecret()));

        var plan = plan(observed, DatabaseTeardownOptions.DEFAULTS);

        assertThat(plan.changes()).containsExactly(new DropPublication(PUB));
        assertThat(plan.left()).containsExactly(
                "Left role materialize intact, none of its privileges revoked: it owns 1 object (table public.scratch): "
                        + "reassign or drop them (REASSIGN OWNED BY \"materialize\" TO \"admin\"; in each database). Then "
                        + "run the teardown again.",
                "Left replication secret " + ARN + ": it holds the password of role materialize, which stays (see "
                        + "above); the teardown that drops the role deletes it.",
                DatabaseTeardownPlanner.REPLICA_IDENTITY);
    }

    @Test
    void plan_whenTheRoleIsLoggedIn_leavesItWhole() {
        var observed = observed(Optional.empty(), Optional.of(role(PublicationPlanner.MARKER, 2, List.of(), List.of(),
                true, GRANTS)), List.of(), Optional.empty());

        var plan = plan(observed, DatabaseTeardownOptions.DEFAULTS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left().getFirst()).isEqualTo("Left role materialize intact, none of its privileges revoked: it "
                + "has 2 active connections (SELECT pid, application_name, client_addr, backend_type FROM "
                + "pg_stat_activity WHERE usename = 'materialize'): end them first. Then run the teardown again.");
    }

    @Test
    void plan_whenTheRoleHoldsWhatCannotBeRevokedOrMayNotBeDropped_leavesItWholeWithEveryReason() {
        var observed = observed(Optional.empty(), Optional.of(role(PublicationPlanner.MARKER, 1,
                List.of("table public.a", "3 objects in database other"), List.of("on function f()"), false, GRANTS)),
                List.of(), Optional.empty());

        var plan = plan(observed, DatabaseTeardownOptions.DEFAULTS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left().getFirst())
                .contains("it owns 2 objects (table public.a, 3 objects in database other)")
                .contains("; it has 1 active connection (")
                .contains("; it holds privileges the admin user admin cannot revoke from here (on function f()): "
                        + "revoke them as their grantor")
                .contains("; the admin user admin may not drop it (it needs CREATEROLE and, on PostgreSQL 16 and later, "
                        + "ADMIN OPTION on the role). Then run the teardown again.");
    }

    @Test
    void plan_whenTheRoleHoldsNoPrivilege_onlyDropsIt() {
        var observed = observed(Optional.empty(), Optional.of(role(PublicationPlanner.MARKER, 0, List.of(), List.of(),
                true, ObservedTeardown.Grants.NONE)), List.of(), Optional.empty());

        assertThat(plan(observed, DatabaseTeardownOptions.DEFAULTS).changes()).containsExactly(new DropRole(ROLE));
    }

    @Test
    void plan_whenOnlyTheSecretIsLeft_deletesIt() {
        var observed = observed(Optional.empty(), Optional.empty(), List.of(), Optional.of(ourSecret()));

        var plan = plan(observed, DatabaseTeardownOptions.DEFAULTS);

        assertThat(plan.changes()).containsExactly(new DeleteSecret(ARN, 7));
        assertThat(plan.left()).containsExactly(DatabaseTeardownPlanner.REPLICA_IDENTITY);
    }

    @Test
    void plan_whenTheSecretIsAlreadyScheduledForDeletion_plansNothingForIt() {
        var observed = observed(Optional.empty(), Optional.empty(), List.of(), Optional.of(new SecretStore.Described(
                ARN, "aurora-cdc/c/materialize", true, Instant.parse("2026-11-24T09:15:03Z"))));

        var plan = plan(observed, DatabaseTeardownOptions.DEFAULTS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left()).containsExactly(DatabaseTeardownPlanner.REPLICA_IDENTITY);
    }

    @Test
    void plan_whenTheSecretLacksOurTag_leavesIt() {
        var observed = observed(Optional.empty(), Optional.empty(), List.of(), Optional.of(new SecretStore.Described(
                ARN, "aurora-cdc/c/materialize", false, null)));

        var plan = plan(observed, DatabaseTeardownOptions.DEFAULTS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left().getFirst()).isEqualTo("Left replication secret " + ARN + ": it lacks the tag "
                + "managed-by=aurora-cdc-autopilot, so it is not ours.");
    }

    @Test
    void plan_whenEverythingIsGone_plansNothingAndSaysOnlyWhatAlwaysStays() {
        var plan = plan(tornDown(), DROP_SLOTS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left()).containsExactly(DatabaseTeardownPlanner.REPLICA_IDENTITY);
        assertThat(plan.slots()).isEqualTo("no materialize_ replication slot");
    }

    @Test
    void secretRecoveryWindow_isTheShortestSecretsManagerAllows() {
        assertThat(DatabaseTeardownPlanner.SECRET_RECOVERY_DAYS).isEqualTo(7);
        assertThat(new DeleteSecret(ARN, 7).effect()).isEqualTo(Effect.DESTROY);
    }

    @Test
    void slot_sizesReadAsPeopleDo() {
        assertThat(ReplicationSlots.bytes(512)).isEqualTo("512 bytes");
        assertThat(ReplicationSlots.bytes((1L << 20) - 1)).isEqualTo("1048575 bytes");
        assertThat(ReplicationSlots.bytes(1L << 20)).isEqualTo("1.0 MiB");
        assertThat(ReplicationSlots.bytes((1L << 30) + (1L << 29))).isEqualTo("1.5 GiB");
        assertThat(slot("materialize_x", DB, false, null, null).retained()).isEqualTo("an unknown amount");
        assertThat(slot("materialize_x", DB, false, null, null).materialize()).isTrue();
        assertThat(slot("materializex", DB, false, null, null).materialize()).isFalse();
        assertThat(ReplicationSlots.dropCommand("materialize_o'x"))
                .isEqualTo("SELECT pg_drop_replication_slot('materialize_o''x');");
    }

    private static final QualifiedName ORDERS = new QualifiedName("public", "orders");
    private static final QualifiedName LINES = new QualifiedName("public", "order_lines");
    private static final QualifiedName NOTES = new QualifiedName("public", "notes");

    /** Every recorded table now: orders (FULL, primary key), order_lines (FULL, none, in customer_pub), notes (DEFAULT). */
    private static DatabaseTeardownPlanner.Plan replicaIdentityPlan(boolean revert) {
        ObservedTeardown base = tornDown();
        ObservedTeardown observed = new ObservedTeardown(base.database(), base.adminUser(), base.publicationName(),
                base.publication(), base.roleName(), base.role(), base.slots(), base.secretArn(), base.secret(), List.of(
                        new ObservedTeardown.ReplicaIdentity(ORDERS, true, true, List.of("customer_pub")),
                        new ObservedTeardown.ReplicaIdentity(LINES, true, false, List.of("customer_pub")),
                        new ObservedTeardown.ReplicaIdentity(NOTES, false, false, List.of())));
        RecordedResources recorded = new RecordedResources(RECORDED.publication(), RECORDED.replicationUser(),
                RECORDED.replicationSecretArn(), RECORDED.databaseName(), List.of(ORDERS, LINES, NOTES));
        return DatabaseTeardownPlanner.plan(observed, recorded, false, new DatabaseTeardownOptions(false, revert));
    }

    @Test
    void plan_whenRevertReplicaIdentity_resetsTheRecordedFullTablesButNeverOneWithoutAKeyStillPublished() {
        DatabaseTeardownPlanner.Plan plan = replicaIdentityPlan(true);

        assertThat(plan.changes()).containsExactly(new TeardownChange.ResetReplicaIdentity(List.of(ORDERS)));
        assertThat(plan.changes().getFirst().effect()).isEqualTo(Effect.CHANGE);
        assertThat(plan.left()).singleElement().asString().contains(LINES.toString(), "no primary key",
                "publication customer_pub still publishes its");
    }

    @Test
    void plan_withoutRevertReplicaIdentity_namesTheFullTablesAndTheOptIn() {
        DatabaseTeardownPlanner.Plan plan = replicaIdentityPlan(false);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left()).singleElement().asString().contains("2 tables", ORDERS.toString(), LINES.toString(),
                "revertReplicaIdentity");
    }

    @Test
    void plan_whenNothingOfReplicaIdentityIsRecorded_saysItIsLeftAsItIs() {
        assertThat(plan(tornDown(), new DatabaseTeardownOptions(false, true)).left())
                .contains(DatabaseTeardownPlanner.REPLICA_IDENTITY);
    }

    @Test
    void plan_whenTwoPublicationsStillPublishATableWithoutAKey_namesBoth() {
        ObservedTeardown base = tornDown();
        ObservedTeardown observed = new ObservedTeardown(base.database(), base.adminUser(), base.publicationName(),
                base.publication(), base.roleName(), base.role(), base.slots(), base.secretArn(), base.secret(), List.of(
                        new ObservedTeardown.ReplicaIdentity(LINES, true, false, List.of("a_pub", "b_pub"))));
        RecordedResources recorded = new RecordedResources(RECORDED.publication(), RECORDED.replicationUser(),
                RECORDED.replicationSecretArn(), RECORDED.databaseName(), List.of(LINES));

        assertThat(DatabaseTeardownPlanner.plan(observed, recorded, false, new DatabaseTeardownOptions(false, true)).left())
                .singleElement().asString().contains("publications a_pub, b_pub still publish its");
    }
}
