package com.auroracdc.internal.publication;

import static com.auroracdc.internal.publication.PublicationPlannerTest.FIELDS;
import static com.auroracdc.internal.publication.PublicationPlannerTest.ORDERS;
import static com.auroracdc.internal.publication.PublicationPlannerTest.desired;
import static com.auroracdc.internal.publication.PublicationPlannerTest.server;
import static com.auroracdc.internal.publication.PublicationPlannerTest.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.database.ObservedSecret;
import com.auroracdc.internal.database.QualifiedName;
import com.auroracdc.internal.database.SecretStore;
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
import com.auroracdc.internal.publication.PublicationChange.RevokeSelect;
import com.auroracdc.internal.publication.PublicationChange.SetPublishActions;
import com.auroracdc.internal.publication.PublicationChange.SetRolePassword;
import com.auroracdc.internal.publication.PublicationChange.TagSecret;
import com.auroracdc.internal.publication.PublicationChange.WriteSecret;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The publication planner's role, grant, default-privilege and secret changes, each from a database that is
 * converged but for one thing, so every change a plan lists is the one that thing needs.
 */
class PublicationPlannerGrantsTest {
    private static final String SECRET_NAME = "aurora-cdc/c/materialize";
    private static final QualifiedName INVOICES = new QualifiedName("sales", "invoices");
    private static final ObservedDatabase.Server PG16 = server(160004, "logical", "on");
    private static final ObservedDatabase.Server PLAIN_PG16 = server(160004, "logical", null);
    private static final ObservedSecret SECRET = new ObservedSecret(SECRET_NAME, "arn:aws:secretsmanager:x", false, true,
            FIELDS, "pw");

    private static ObservedDatabase.Publication list(Set<QualifiedName> tables, Set<String> schemas) {
        return new ObservedDatabase.Publication("admin", PublicationPlanner.MARKER, false, false, true, true, true,
                tables, schemas);
    }

    private static ObservedDatabase.Publication allTables(boolean insert) {
        return new ObservedDatabase.Publication("admin", PublicationPlanner.MARKER, true, false, insert, true, true,
                Set.of(), Set.of());
    }

    /** The replication user as a converged run leaves it, for tables in {@code public} published by name. */
    private record Role(boolean canLogin, boolean replication, boolean rdsMember, Set<String> usage,
                        Set<QualifiedName> selects, Set<String> defaults, boolean defaultUsage) {
        static Role converged() {
            return new Role(true, false, true, Set.of("public"), Set.of(ORDERS), Set.of(), false);
        }

        Role login(boolean can) {
            return new Role(can, replication, rdsMember, usage, selects, defaults, defaultUsage);
        }

        Role replicationAttribute(boolean has) {
            return new Role(canLogin, has, rdsMember, usage, selects, defaults, defaultUsage);
        }

        Role rdsMember(boolean is) {
            return new Role(canLogin, replication, is, usage, selects, defaults, defaultUsage);
        }

        Role usageOn(String... schemas) {
            return new Role(canLogin, replication, rdsMember, Set.of(schemas), selects, defaults, defaultUsage);
        }

        Role selects(QualifiedName... tables) {
            return new Role(canLogin, replication, rdsMember, usage, Set.of(tables), defaults, defaultUsage);
        }

        Role defaults(boolean usageOnFutureSchemas, String... schemas) {
            return new Role(canLogin, replication, rdsMember, usage, selects, Set.of(schemas), usageOnFutureSchemas);
        }

        Optional<ObservedDatabase.Role> observed() {
            return Optional.of(new ObservedDatabase.Role("materialize", canLogin, replication, rdsMember,
                    PublicationPlanner.MARKER, true, usage, selects, defaults, defaultUsage));
        }
    }

    private static List<PublicationChange> plan(ObservedDatabase.Server server, ObservedDatabase.Publication publication,
                                                List<ObservedDatabase.Table> tables, Role role, DesiredState desired) {
        ObservedDatabase db = new ObservedDatabase(server, Optional.of(publication), List.of(), tables, role.observed());
        return PublicationPlanner.plan(db, SECRET, PasswordCheck.MATCHES, desired);
    }

    private static List<PublicationChange> plan(Role role) {
        return plan(PG16, list(Set.of(ORDERS), Set.of()), List.of(table(ORDERS, true, true)), role, desired("public.orders"));
    }

    @Test
    void plan_whenConvergedOnRds_plansNothing() {
        assertThat(plan(Role.converged())).isEmpty();
    }

    @Test
    void plan_whenOurRoleCannotLogIn_allowsItToLogInOnly() {
        assertThat(plan(Role.converged().login(false))).containsExactly(new AlterRole("materialize", true, false));
    }

    @Test
    void plan_whenOnRdsTheRoleLacksRdsReplication_grantsItAndNeverTheReplicationAttribute() {
        assertThat(plan(Role.converged().rdsMember(false))).containsExactly(new GrantRdsReplication("materialize"));
    }

    @Test
    void plan_whenOnPlainPostgresTheRoleLacksReplication_givesTheAttributeAndNoRdsRole() {
        var tables = List.of(table(ORDERS, true, true));
        var publication = list(Set.of(ORDERS), Set.of());

        assertThat(plan(PLAIN_PG16, publication, tables, Role.converged().rdsMember(false), desired("public.orders")))
                .containsExactly(new AlterRole("materialize", false, true));
        assertThat(plan(PLAIN_PG16, publication, tables, Role.converged().rdsMember(false).replicationAttribute(true),
                desired("public.orders"))).isEmpty();
        assertThat(plan(PLAIN_PG16, publication, tables, Role.converged().login(false).rdsMember(false),
                desired("public.orders"))).containsExactly(new AlterRole("materialize", true, true));
    }

    @Test
    void plan_whenTheRoleLacksUsageOnAPublishedTablesSchema_grantsIt() {
        assertThat(plan(Role.converged().usageOn())).containsExactly(new GrantSchemaUsage("materialize", List.of("public")));
    }

    @Test
    void plan_whenTheRoleStillReadsATableNoLongerPublished_revokesIt() {
        assertThat(plan(Role.converged().selects(ORDERS, INVOICES)))
                .containsExactly(new RevokeSelect("materialize", List.of(INVOICES)));
    }

    @Test
    void plan_whenTheRoleLacksSelect_grantsItOnThoseTablesOnly() {
        var events = PublicationPlannerTest.EVENTS;
        assertThat(plan(PG16, list(Set.of(ORDERS, events), Set.of()), List.of(table(ORDERS, true, true),
                table(events, true, false)), Role.converged(), desired("public.orders", "public.events")))
                .containsExactly(new GrantSelect("materialize", List.of(events)));
    }

    @Test
    void plan_whenASchemaIsPublished_letsTheRoleReadItsFutureTablesAndStopsForSchemasNoLongerPublished() {
        var tables = List.of(table(ORDERS, true, true), table(INVOICES, true, true));
        var role = Role.converged().usageOn("public", "sales").selects(ORDERS, INVOICES).defaults(true, "hr");

        assertThat(plan(PG16, list(Set.of(ORDERS), Set.of("sales")), tables, role, desired("public.orders", "sales.*")))
                .containsExactly(new DefaultSelect("materialize", "sales", true), new DefaultSelect("materialize", "hr", false),
                        new DefaultSchemaUsage("materialize", false));
        assertThat(plan(PG16, list(Set.of(ORDERS), Set.of("sales")), tables, role.defaults(false, "sales"),
                desired("public.orders", "sales.*"))).as("converged with a schema").isEmpty();
    }

    @Test
    void plan_whenASchemaJoinsAListPublication_addsItInOneChangeAndGrantsUsage() {
        var tables = List.of(table(ORDERS, true, true), table(INVOICES, true, true));
        var role = Role.converged().selects(ORDERS, INVOICES).defaults(false, "sales");

        assertThat(plan(PG16, list(Set.of(ORDERS), Set.of()), tables, role, desired("public.orders", "sales.*")))
                .containsExactly(new AlterPublicationObjects("mz_source", List.of(), List.of(), List.of("sales"), List.of()),
                        new GrantSchemaUsage("materialize", List.of("sales")));
    }

    @Test
    void plan_whenAllTables_createsTheWholeSetupForEverySchema() {
        ObservedDatabase db = new ObservedDatabase(PG16, Optional.empty(), List.of(), List.of(table(ORDERS, true, false)),
                Optional.empty());

        assertThat(PublicationPlanner.plan(db, ObservedSecret.absent(SECRET_NAME), PasswordCheck.NOT_CHECKED, desired("*")))
                .containsExactly(
                        CreatePublication.forAllTables("mz_source", false),
                        new CreateRole("materialize", true),
                        new GrantConnect("materialize", "app"),
                        new GrantSchemaUsage("materialize", List.of("public")),
                        new GrantSelect("materialize", List.of(ORDERS)),
                        new DefaultSelect("materialize", "", true),
                        new DefaultSchemaUsage("materialize", true),
                        new WriteSecret(SECRET_NAME, SecretStore.Write.CREATE, true, "it does not exist yet"),
                        new SetRolePassword("materialize", false));
    }

    @Test
    void plan_whenAllTablesConverged_plansNothing_butRestoresPublishedActions() {
        var tables = List.of(table(ORDERS, true, true));
        var role = Role.converged().defaults(true, "");

        assertThat(plan(PG16, allTables(true), tables, role, desired("*"))).isEmpty();
        assertThat(plan(PG16, allTables(false), tables, role, desired("*"))).containsExactly(new SetPublishActions("mz_source"));
    }

    @Test
    void plan_whenTheSecretIsUntagged_tagsIt() {
        ObservedDatabase db = new ObservedDatabase(PG16, Optional.of(list(Set.of(ORDERS), Set.of())), List.of(),
                List.of(table(ORDERS, true, true)), Role.converged().observed());
        var untagged = new ObservedSecret(SECRET_NAME, "arn:aws:secretsmanager:x", false, false, FIELDS, "pw");

        assertThat(PublicationPlanner.plan(db, untagged, PasswordCheck.MATCHES, desired("public.orders")))
                .containsExactly(new TagSecret(SECRET_NAME));
    }

    @Test
    void plan_whenTheSecretsFieldsDiffer_rewritesItNamingTheFieldsAndKeepsThePassword() {
        ObservedDatabase db = new ObservedDatabase(PG16, Optional.of(list(Set.of(ORDERS), Set.of())), List.of(),
                List.of(table(ORDERS, true, true)), Role.converged().observed());
        Map<String, String> stale = new HashMap<>(FIELDS);
        stale.put("host", "old-writer");
        stale.remove("port");
        var secret = new ObservedSecret(SECRET_NAME, "arn:aws:secretsmanager:x", false, true, stale, "pw");

        assertThat(PublicationPlanner.plan(db, secret, PasswordCheck.MATCHES, desired("public.orders")))
                .containsExactly(new WriteSecret(SECRET_NAME, SecretStore.Write.UPDATE, false, "changed: host, port"));
    }

    @Test
    void plan_whenTheSecretIsScheduledForDeletionOrHoldsNoPassword_writesANewPassword() {
        ObservedDatabase db = new ObservedDatabase(PG16, Optional.of(list(Set.of(ORDERS), Set.of())), List.of(),
                List.of(table(ORDERS, true, true)), Role.converged().observed());
        var deleted = new ObservedSecret(SECRET_NAME, "arn:aws:secretsmanager:x", true, true, FIELDS, null);
        var empty = new ObservedSecret(SECRET_NAME, "arn:aws:secretsmanager:x", false, true, FIELDS, "");

        assertThat(PublicationPlanner.plan(db, deleted, PasswordCheck.NOT_CHECKED, desired("public.orders"))).containsExactly(
                new WriteSecret(SECRET_NAME, SecretStore.Write.RESTORE_AND_UPDATE, true, "it was scheduled for deletion"),
                new SetRolePassword("materialize", false));
        assertThat(PublicationPlanner.plan(db, empty, PasswordCheck.NOT_CHECKED, desired("public.orders"))).containsExactly(
                new WriteSecret(SECRET_NAME, SecretStore.Write.UPDATE, true, "it holds no password"),
                new SetRolePassword("materialize", false));
    }

    @Test
    void plan_whenTheRoleIsGoneButTheSecretHoldsAPassword_recreatesTheRoleWithTheStoredPassword() {
        ObservedDatabase db = new ObservedDatabase(PG16, Optional.of(list(Set.of(ORDERS), Set.of())), List.of(),
                List.of(table(ORDERS, true, false)), Optional.empty());

        assertThat(PublicationPlanner.plan(db, SECRET, PasswordCheck.NOT_CHECKED, desired("public.orders")))
                .containsExactly(new CreateRole("materialize", true), new GrantConnect("materialize", "app"),
                        new GrantSchemaUsage("materialize", List.of("public")), new GrantSelect("materialize", List.of(ORDERS)),
                        new SetRolePassword("materialize", true));
    }
}
