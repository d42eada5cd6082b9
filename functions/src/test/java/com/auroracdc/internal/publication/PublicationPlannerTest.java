package com.auroracdc.internal.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.LogicalReplicationOffException;
import com.auroracdc.errors.MissingTablesException;
import com.auroracdc.errors.NoFreeReplicationSlotException;
import com.auroracdc.internal.database.ObservedSecret;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.publication.PublicationChange.CreatePublication;
import com.auroracdc.internal.publication.PublicationChange.SetReplicaIdentityFull;
import com.auroracdc.internal.publication.PublicationChange.SetRolePassword;
import com.auroracdc.internal.publication.PublicationChange.WriteSecret;
import com.auroracdc.internal.settings.TablePattern;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublicationPlannerTest {
    static final QualifiedName ORDERS = new QualifiedName("public", "orders");
    static final QualifiedName EVENTS = new QualifiedName("public", "events");
    static final Map<String, String> FIELDS = Map.of("username", "materialize", "engine", "postgres", "host", "h",
            "port", "5432", "dbname", "app", "dbClusterIdentifier", "c");

    static ObservedDatabase.Server server(int version, String walLevel, String rds) {
        return new ObservedDatabase.Server(version, walLevel, rds, "admin", false, rds != null, "app", 10, 1, 10, 0);
    }

    static DesiredState desired(String... tables) {
        return new DesiredState("mz_source", List.of(tables).stream().map(TablePattern::parse).toList(),
                "materialize", "app", false, false, FIELDS);
    }

    static ObservedDatabase.Table table(QualifiedName name, boolean full, boolean select) {
        return new ObservedDatabase.Table(name, 'r', false, true, full, true, select);
    }

    @Test
    void plan_whenNothingExists_setsReplicaIdentityBeforePublishingAndSecretBeforePassword() {
        ObservedDatabase db = new ObservedDatabase(server(160004, "logical", "on"), Optional.empty(), List.of(),
                List.of(table(ORDERS, true, false), table(EVENTS, false, false)), Optional.empty());

        List<PublicationChange> plan = PublicationPlanner.plan(db, ObservedSecret.absent("aurora-cdc/c/materialize"),
                PasswordCheck.NOT_CHECKED, desired("public.orders", "public.events"));

        assertThat(plan.getFirst()).isEqualTo(new SetReplicaIdentityFull(List.of(EVENTS)));
        assertThat(plan.get(1)).as("created with its whole list, in one transaction").isEqualTo(
                new CreatePublication("mz_source", false, false, List.of(EVENTS, ORDERS), List.of()));
        assertThat(plan).anyMatch(c -> c.description().equals("Create login role materialize and grant it rds_replication"));
        int secret = indexOf(plan, WriteSecret.class);
        int password = indexOf(plan, SetRolePassword.class);
        assertThat(secret).isLessThan(password);
        assertThat(plan.get(secret)).isEqualTo(new WriteSecret("aurora-cdc/c/materialize", SecretStore.Write.CREATE,
                true, "it does not exist yet"));
    }

    @Test
    void plan_whenConverged_plansNothing() {
        var publication = new ObservedDatabase.Publication("admin", PublicationPlanner.MARKER, false, false, true, true,
                true, Set.of(ORDERS), Set.of());
        var role = new ObservedDatabase.Role("materialize", true, false, true, PublicationPlanner.MARKER, true,
                Set.of("public"), Set.of(ORDERS), Set.of(), false);
        ObservedDatabase db = new ObservedDatabase(server(160004, "logical", "on"), Optional.of(publication),
                List.of(), List.of(table(ORDERS, true, true)), Optional.of(role));
        var secret = new ObservedSecret("aurora-cdc/c/materialize", "arn:x", false, true, FIELDS, "pw");

        assertThat(PublicationPlanner.plan(db, secret, PasswordCheck.MATCHES, desired("public.orders"))).isEmpty();
        assertThat(PublicationPlanner.plan(db, secret, PasswordCheck.MISMATCH, desired("public.orders")))
                .containsExactly(new SetRolePassword("materialize", true));
        var rotate = new DesiredState("mz_source", List.of(TablePattern.parse("public.orders")), "materialize", "app",
                false, true, FIELDS);
        assertThat(PublicationPlanner.plan(db, secret, PasswordCheck.MATCHES, rotate)).containsExactly(
                new WriteSecret("aurora-cdc/c/materialize", SecretStore.Write.UPDATE, true,
                        "rotatePassword was asked for"),
                new SetRolePassword("materialize", false));
        assertThat(secret.toString()).doesNotContain("pw,").contains("password=****");
    }

    @Test
    void plan_whenRdsLogicalReplicationIsOff_refusesNamingTheReboot() {
        ObservedDatabase db = new ObservedDatabase(server(160004, "replica", "off"), Optional.empty(), List.of(),
                List.of(), Optional.empty());

        assertThatThrownBy(() -> PublicationPlanner.plan(db, ObservedSecret.absent("s"), PasswordCheck.NOT_CHECKED,
                desired("*"))).isInstanceOf(LogicalReplicationOffException.class).hasMessageContaining("reboot");
    }

    @Test
    void plan_whenProblemsOrNoFreeSlot_refusesBeforeAnyChange() {
        ObservedDatabase missing = new ObservedDatabase(server(130000, "logical", null), Optional.empty(),
                List.of("public.a does not exist", "schema b does not exist"), List.of(), Optional.empty());
        assertThatThrownBy(() -> PublicationPlanner.plan(missing, ObservedSecret.absent("s"), PasswordCheck.NOT_CHECKED,
                desired("public.a", "b.*"))).isInstanceOf(MissingTablesException.class)
                .hasMessageContaining("public.a does not exist; schema b does not exist");

        var full = new ObservedDatabase.Server(160004, "logical", "on", "admin", false, true, "app", 5, 5, 10, 0);
        ObservedDatabase noSlot = new ObservedDatabase(full, Optional.empty(), List.of(), List.of(), Optional.empty());
        assertThatThrownBy(() -> PublicationPlanner.plan(noSlot, ObservedSecret.absent("s"), PasswordCheck.NOT_CHECKED,
                desired("*"))).isInstanceOf(NoFreeReplicationSlotException.class)
                .hasMessageContaining("max_replication_slots");
    }

    @Test
    void desiredTableList_beforePostgres15_spellsSchemasOutAsRootTables() {
        var partition = new ObservedDatabase.Table(new QualifiedName("sales", "m_2025"), 'r', true, true, false, true,
                false);
        var root = new ObservedDatabase.Table(new QualifiedName("sales", "m"), 'p', false, true, false, true, false);
        ObservedDatabase db = new ObservedDatabase(server(130012, "logical", null), Optional.empty(), List.of(),
                List.of(root, partition), Optional.empty());

        assertThat(PublicationPlanner.desiredTableList(db, desired("sales.*"))).containsExactly(root.name());
        ObservedDatabase db15 = new ObservedDatabase(server(150004, "logical", null), Optional.empty(), List.of(),
                List.of(root, partition), Optional.empty());
        assertThat(PublicationPlanner.desiredTableList(db15, desired("sales.*", "sales.m"))).isEmpty();
    }

    @Test
    void plan_whenSwitchingFromAllTablesToAList_recreatesItWithTheWholeListInOneChange() {
        var all = new ObservedDatabase.Publication("admin", PublicationPlanner.MARKER, true, false, true, true, true,
                Set.of(), Set.of());
        var sales = new ObservedDatabase.Table(new QualifiedName("sales", "invoices"), 'r', false, true, true, true,
                true);
        ObservedDatabase db = new ObservedDatabase(server(160004, "logical", "on"), Optional.of(all), List.of(),
                List.of(table(ORDERS, true, true), sales), Optional.empty());

        List<PublicationChange> plan = PublicationPlanner.plan(db, ObservedSecret.absent("s"),
                PasswordCheck.NOT_CHECKED, desired("public.orders", "sales.*"));

        assertThat(plan).filteredOn(PublicationChange.CreatePublication.class::isInstance).containsExactly(
                new CreatePublication("mz_source", false, true, List.of(ORDERS), List.of("sales")));
        assertThat(plan).noneMatch(PublicationChange.AlterPublicationObjects.class::isInstance);
    }

    @Test
    void plan_whenAListChanges_removesAndAddsInOneChange() {
        var list = new ObservedDatabase.Publication("admin", PublicationPlanner.MARKER, false, false, true, true, true,
                Set.of(ORDERS), Set.of("sales"));
        var invoices = new QualifiedName("sales", "invoices");
        ObservedDatabase db = new ObservedDatabase(server(160004, "logical", "on"), Optional.of(list), List.of(),
                List.of(table(EVENTS, true, true), table(invoices, true, true)), Optional.empty());

        List<PublicationChange> plan = PublicationPlanner.plan(db, ObservedSecret.absent("s"),
                PasswordCheck.NOT_CHECKED, desired("public.events", "sales.invoices"));

        var alter = new PublicationChange.AlterPublicationObjects("mz_source", List.of(ORDERS), List.of("sales"),
                List.of(), List.of(EVENTS, invoices));
        assertThat(plan).filteredOn(c -> c.description().contains("publication mz_source")).containsExactly(alter);
        assertThat(alter.description()).isEqualTo("Change publication mz_source in one transaction: remove 1 table "
                + "(public.orders) and 1 schema (sales); add 2 tables (public.events, sales.invoices)");
    }

    private static int indexOf(List<PublicationChange> plan, Class<?> type) {
        for (int i = 0; i < plan.size(); i++) {
            if (type.isInstance(plan.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
