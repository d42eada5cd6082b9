package com.auroracdc.internal.publication;

import static com.auroracdc.internal.publication.PublicationPlannerTest.EVENTS;
import static com.auroracdc.internal.publication.PublicationPlannerTest.FIELDS;
import static com.auroracdc.internal.publication.PublicationPlannerTest.ORDERS;
import static com.auroracdc.internal.publication.PublicationPlannerTest.desired;
import static com.auroracdc.internal.publication.PublicationPlannerTest.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.DatabasePrivilegeException;
import com.auroracdc.errors.ForeignPublicationException;
import com.auroracdc.errors.ForeignRoleException;
import com.auroracdc.errors.LogicalReplicationOffException;
import com.auroracdc.errors.NoFreeReplicationSlotException;
import com.auroracdc.errors.PartitionRootPublicationException;
import com.auroracdc.errors.UnsupportedEngineException;
import com.auroracdc.internal.database.ObservedSecret;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.publication.PublicationChange.CreatePublication;
import com.auroracdc.internal.publication.PublicationChange.MarkPublication;
import com.auroracdc.internal.settings.TablePattern;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the publication planner refuses before anything is changed, and what each refusal names: the server's
 * state, objects this automation did not make, and tables the admin user may not alter or grant.
 */
class PublicationPlannerRefusalsTest {
    private static final ObservedSecret SECRET = ObservedSecret.absent("aurora-cdc/c/materialize");
    private static final ObservedDatabase.Server PG16 = server(160004, "logical", "on");

    private static ObservedDatabase db(ObservedDatabase.Server server, Optional<ObservedDatabase.Publication> publication,
                                       List<ObservedDatabase.Table> tables, Optional<ObservedDatabase.Role> role) {
        return new ObservedDatabase(server, publication, List.of(), tables, role);
    }

    private static ObservedDatabase db(Optional<ObservedDatabase.Publication> publication, ObservedDatabase.Table... tables) {
        return db(PG16, publication, List.of(tables), Optional.empty());
    }

    /** A table the admin user does not own, in the state given. */
    private static ObservedDatabase.Table foreign(QualifiedName name, boolean full, boolean select) {
        return new ObservedDatabase.Table(name, 'r', false, true, full, false, select);
    }

    private static ObservedDatabase.Publication ours(Set<QualifiedName> tables) {
        return new ObservedDatabase.Publication("admin", PublicationPlanner.MARKER, false, false, true, true, true,
                tables, Set.of());
    }

    private static List<PublicationChange> plan(ObservedDatabase db, DesiredState desired) {
        return PublicationPlanner.plan(db, SECRET, PasswordCheck.NOT_CHECKED, desired);
    }

    private static ObservedDatabase.Server withSenders(int max, int used) {
        return new ObservedDatabase.Server(160004, "logical", "on", "admin", false, true, "app", 10, 1, max, used);
    }

    @Test
    void plan_whenPostgresOlderThan13_refusesNamingTheVersion() {
        assertThatThrownBy(() -> plan(db(server(120015, "logical", "on"), Optional.empty(), List.of(), Optional.empty()),
                desired("*"))).isInstanceOf(UnsupportedEngineException.class)
                .hasMessageStartingWith("PostgreSQL 12 is too old: Aurora PostgreSQL 13 or newer is needed");
    }

    @Test
    void logicalReplicationOn_needsWalLevelLogical_andRdsLogicalReplicationOnWhereItExists() {
        for (String on : List.of("on", "1", "true", "yes", "ON", "True")) {
            assertThat(PublicationPlanner.logicalReplicationOn(server(160004, "logical", on))).as(on).isTrue();
        }
        assertThat(PublicationPlanner.logicalReplicationOn(server(160004, "logical", null))).as("plain PostgreSQL").isTrue();
        for (String off : List.of("off", "0", "false", "no", "")) {
            assertThat(PublicationPlanner.logicalReplicationOn(server(160004, "logical", off))).as(off).isFalse();
        }
        assertThat(PublicationPlanner.logicalReplicationOn(server(160004, "replica", "on"))).isFalse();
        assertThat(PublicationPlanner.logicalReplicationOn(server(160004, "replica", null))).isFalse();
    }

    @Test
    void plan_whenLogicalReplicationOff_namesWhatTheServerSays() {
        assertThatThrownBy(() -> plan(db(server(160004, "logical", "off"), Optional.empty(), List.of(), Optional.empty()),
                desired("*"))).isInstanceOf(LogicalReplicationOffException.class)
                .hasMessageStartingWith("Logical replication is not on in database app (wal_level = logical,"
                        + " rds.logical_replication = off): the reboot has not taken effect.");
        assertThatThrownBy(() -> plan(db(server(160004, "replica", null), Optional.empty(), List.of(), Optional.empty()),
                desired("*"))).isInstanceOf(LogicalReplicationOffException.class)
                .hasMessageStartingWith("Logical replication is not on in database app (wal_level = replica): the reboot");
    }

    @Test
    void plan_whenDryRunBeforeTheReboot_plansWhatWillBeDoneInsteadOfRefusing() {
        ObservedDatabase off = db(server(160004, "replica", "off"), Optional.empty(), List.of(), Optional.empty());

        assertThat(PublicationPlanner.plan(off, SECRET, PasswordCheck.NOT_CHECKED, desired("*"), false))
                .startsWith(CreatePublication.forAllTables("mz_source", false));
    }

    @Test
    void plan_whenAPublicationOfThatNameIsNotOurs_refusesUnlessAdoptionIsAsked() {
        var theirs = new ObservedDatabase.Publication("bob", null, false, false, true, true, true, Set.of(ORDERS), Set.of());
        ObservedDatabase db = db(Optional.of(theirs), PublicationPlannerTest.table(ORDERS, true, true));

        assertThatThrownBy(() -> plan(db, desired("public.orders"))).isInstanceOf(ForeignPublicationException.class)
                .hasMessageStartingWith("A publication named mz_source already exists (owner bob) and was not created"
                        + " by this automation.")
                .hasMessageContaining("adoptPublication=true").hasMessageEndingWith("Nothing was changed.");

        var adopt = new DesiredState("mz_source", List.of(TablePattern.parse("public.orders")), "materialize", "app",
                true, false, FIELDS);
        assertThat(plan(db, adopt)).filteredOn(c -> c.description().contains("publication mz_source"))
                .containsExactly(new MarkPublication("mz_source"));
    }

    @Test
    void plan_whenOurPublicationPublishesViaThePartitionRoot_refusesWithTheStatementToRun() {
        var viaRoot = new ObservedDatabase.Publication("admin", PublicationPlanner.MARKER, false, true, true, true, true,
                Set.of(ORDERS), Set.of());

        assertThatThrownBy(() -> plan(db(Optional.of(viaRoot), PublicationPlannerTest.table(ORDERS, true, true)),
                desired("public.orders"))).isInstanceOf(PartitionRootPublicationException.class)
                .hasMessageContaining("Publication mz_source has publish_via_partition_root = true")
                .hasMessageContaining("ALTER PUBLICATION \"mz_source\" SET (publish_via_partition_root = false)");
    }

    @Test
    void plan_whenARoleOfThatNameIsNotOurs_refusesToTouchItsPassword() {
        var theirs = new ObservedDatabase.Role("materialize", true, false, true, "the BI team's", true, Set.of("public"),
                Set.of(ORDERS), Set.of(), false);

        assertThatThrownBy(() -> plan(db(PG16, Optional.empty(), List.of(), Optional.of(theirs)), desired("*")))
                .isInstanceOf(ForeignRoleException.class)
                .hasMessageStartingWith("A role named materialize already exists and was not created by this automation,"
                        + " so its password will not be touched.")
                .hasMessageContaining("COMMENT ON ROLE \"materialize\" IS '" + PublicationPlanner.MARKER + "'");
    }

    @Test
    void plan_whenEveryWalSenderIsBusy_refuses_butOneFreeIsEnough() {
        assertThatThrownBy(() -> plan(db(withSenders(10, 10), Optional.empty(), List.of(), Optional.empty()), desired("*")))
                .isInstanceOf(NoFreeReplicationSlotException.class)
                .hasMessageStartingWith("All 10 WAL senders are in use: raise max_wal_senders");
        assertThatThrownBy(() -> plan(db(withSenders(10, 11), Optional.empty(), List.of(), Optional.empty()), desired("*")))
                .isInstanceOf(NoFreeReplicationSlotException.class);

        assertThat(plan(db(withSenders(10, 9), Optional.empty(), List.of(), Optional.empty()), desired("*"))).isNotEmpty();
    }

    @Test
    void plan_whenANewPublicationTakesATableTheAdminDoesNotOwn_refusesNamingIt() {
        ObservedDatabase db = db(Optional.empty(), foreign(ORDERS, true, true), PublicationPlannerTest.table(EVENTS, true, true));

        assertThatThrownBy(() -> plan(db, desired("public.orders", "public.events")))
                .isInstanceOf(DatabasePrivilegeException.class)
                .hasMessage("The admin user admin does not own 1 table it must alter or grant: public.orders. Run the"
                        + " setup with the cluster's master user, or GRANT each owner role to admin, or narrow the tables"
                        + " setting. Nothing was changed.");
    }

    @Test
    void plan_whenTheAdminIsSuperuser_needsNoOwnership() {
        var superuser = new ObservedDatabase.Server(160004, "logical", "on", "postgres", true, true, "app", 10, 1, 10, 0);
        ObservedDatabase db = db(superuser, Optional.empty(), List.of(foreign(ORDERS, false, false)), Optional.empty());

        assertThat(plan(db, desired("public.orders"))).contains(
                new PublicationChange.SetReplicaIdentityFull(List.of(ORDERS)),
                new CreatePublication("mz_source", false, false, List.of(ORDERS), List.of()));
    }

    @Test
    void plan_whenAForeignTableIsAlreadyPublishedAndGranted_goesOnWithoutTouchingIt() {
        ObservedDatabase db = db(Optional.of(ours(Set.of(ORDERS))), foreign(ORDERS, true, true));

        assertThat(plan(db, desired("public.orders"))).isNotEmpty()
                .noneMatch(c -> c.description().contains("public.orders"));
    }

    @Test
    void plan_whenAForeignTableLacksTheReplicationUsersSelect_refusesBecauseOnlyItsOwnerMayGrantIt() {
        ObservedDatabase db = db(Optional.of(ours(Set.of(ORDERS))), foreign(ORDERS, true, false));

        assertThatThrownBy(() -> plan(db, desired("public.orders"))).isInstanceOf(DatabasePrivilegeException.class)
                .hasMessageContaining("does not own 1 table it must alter or grant: public.orders.");
    }

    @Test
    void plan_whenAForeignTableNeedsReplicaIdentity_refuses() {
        ObservedDatabase db = db(Optional.of(ours(Set.of(ORDERS))), foreign(ORDERS, false, true));

        assertThatThrownBy(() -> plan(db, desired("public.orders"))).isInstanceOf(DatabasePrivilegeException.class)
                .hasMessageContaining("public.orders");
    }

    @Test
    void plan_whenAListPublicationGainsAForeignTable_refusesNamingOnlyThatOne() {
        var invoices = new QualifiedName("sales", "invoices");
        ObservedDatabase db = db(Optional.of(ours(Set.of(ORDERS))), foreign(ORDERS, true, true),
                foreign(EVENTS, true, true), PublicationPlannerTest.table(invoices, true, true));

        assertThatThrownBy(() -> plan(db, desired("public.orders", "public.events", "sales.invoices")))
                .isInstanceOf(DatabasePrivilegeException.class)
                .hasMessageContaining("does not own 1 table it must alter or grant: public.events.");
    }

    @Test
    void plan_whenAllTablesAndForeignTablesAreReady_needsNoOwnership() {
        var all = new ObservedDatabase.Publication("admin", PublicationPlanner.MARKER, true, false, true, true, true,
                Set.of(), Set.of());

        assertThat(plan(db(Optional.of(all), foreign(ORDERS, true, true)), desired("*")))
                .noneMatch(c -> c.description().contains("publication mz_source"));
        assertThat(plan(db(Optional.empty(), foreign(ORDERS, true, true)), desired("*")))
                .contains(CreatePublication.forAllTables("mz_source", false));
    }
}
