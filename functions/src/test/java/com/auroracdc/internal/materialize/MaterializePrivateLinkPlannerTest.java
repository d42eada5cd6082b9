package com.auroracdc.internal.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.MaterializeForeignObjectException;
import com.auroracdc.errors.MaterializePrivateLinkException;
import com.auroracdc.internal.materialize.MaterializeChange.AcceptEndpointConnections;
import com.auroracdc.internal.materialize.MaterializeChange.CreateConnection;
import com.auroracdc.internal.materialize.MaterializeChange.CreatePrivateLinkConnection;
import com.auroracdc.internal.materialize.MaterializeChange.CreateSecret;
import com.auroracdc.internal.materialize.MaterializeChange.CreateSource;
import com.auroracdc.internal.materialize.MaterializeChange.CreateTable;
import com.auroracdc.internal.materialize.MaterializeChange.DropObject;
import com.auroracdc.internal.materialize.MaterializeChange.ValidateConnection;
import com.auroracdc.internal.materialize.PrivateLinkObservation.EndpointConnection;
import com.auroracdc.internal.materialize.PrivateLinkObservation.Service;
import com.auroracdc.internal.privatelink.PrivateLinkSql;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Network path privatelink in the pure source and teardown planners: connection, principal, acceptance, validation. */
class MaterializePrivateLinkPlannerTest {
    private static final String ARN = "arn:aws:rds:us-east-1:123456789012:cluster:orders-db";
    private static final String MARKER = "managed-by=aurora-cdc-autopilot cluster=" + ARN;
    private static final String SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0e123abc123198abc";
    private static final String MATERIALIZE = "arn:aws:iam::664411391173:role/mz_plc";
    private static final String HOST = "orders-db.cluster-x.us-east-1.rds.amazonaws.com";

    private static MaterializeSourceSpec spec(PrivateLinkPath path) {
        return new MaterializeSourceSpec("orders-db", ARN, "us-east-1", HOST, 5432, "app", "repl", "mz_orders",
                List.of(new PublishedTable("public", "orders")), "arn:aws:secretsmanager:us-east-1:123456789012:secret:x",
                "v1", null, null, path);
    }

    private static PrivateLinkPath path(boolean acceptance) {
        return new PrivateLinkPath(SERVICE, List.of("use1-az1", "use1-az4"), Set.of(MATERIALIZE), acceptance);
    }

    private static Map<String, ObservedObject> privateLinkOnly() {
        Map<String, ObservedObject> observed = new LinkedHashMap<>();
        observed.put("orders_db_privatelink", new ObservedObject("u9", "orders_db_privatelink", "connection", MARKER, null));
        return observed;
    }

    @Test
    void plan_whenNothingExists_createsThePrivateLinkConnectionFirst_validatesIt_andConnectsThroughIt() {
        MaterializePlan plan = MaterializePlanner.plan(spec(path(true)), Map.of(), null, "PEM");

        assertThat(plan.changes()).map(Object::getClass).map(Class::getSimpleName).containsExactly(
                "CreatePrivateLinkConnection", "ValidateConnection", "CreateSecret", "CreateConnection", "CreateSource",
                "CreateTable");
        assertThat(plan.changes().getFirst()).isEqualTo(new CreatePrivateLinkConnection("orders_db_privatelink", SERVICE,
                List.of("use1-az1", "use1-az4"), MARKER));
        assertThat(plan.changes()).filteredOn(CreateConnection.class::isInstance).singleElement()
                .satisfies(c -> assertThat(((CreateConnection) c).privateLink()).isEqualTo("orders_db_privatelink"))
                .satisfies(c -> assertThat(((CreateConnection) c).host()).isEqualTo(HOST));
        assertThat(plan.warnings()).singleElement().asString().contains("principal").contains(MATERIALIZE)
                .contains("accepts its pending endpoint connection");
    }

    @Test
    void plan_whenTheServiceDoesNotExistYet_plansTheConnectionWithAWarning() {
        PrivateLinkPath unknown = new PrivateLinkPath(null, List.of(), Set.of(MATERIALIZE), false);

        MaterializePlan plan = MaterializePlanner.plan(spec(unknown), Map.of(), null, "PEM");

        assertThat(plan.changes().getFirst().description()).contains("the endpoint service the PrivateLink stage creates");
        assertThat(plan.warnings()).anyMatch(w -> w.contains("does not exist yet"));
    }

    @Test
    void plan_whenThePrincipalIsNotAllowed_refusesNamingTheArnToAdd() {
        PrivateLinkPath other = new PrivateLinkPath(SERVICE, List.of("use1-az1"), Set.of("arn:aws:iam::111122223333:root"),
                true);

        assertThatThrownBy(() -> MaterializePlanner.plan(spec(other), privateLinkOnly(),
                new PrivateLinkObservation(MATERIALIZE, null, List.of()), "PEM"))
                .isInstanceOf(MaterializePrivateLinkException.class)
                .hasMessageContaining("Add " + MATERIALIZE + " to the stack parameter PrivateLinkAllowedPrincipals")
                .hasMessageContaining("arn:aws:iam::111122223333:root");
    }

    @Test
    void plan_withAcceptanceRequired_acceptsOnlyWhatIsPendingFromThePrincipalsAccount_onOurService() {
        PrivateLinkObservation read = new PrivateLinkObservation(MATERIALIZE, new Service("vpce-svc-1", true), List.of(
                new EndpointConnection("vpce-b", "664411391173", "pendingAcceptance"),
                new EndpointConnection("vpce-a", "664411391173", "pendingAcceptance"),
                new EndpointConnection("vpce-c", "999999999999", "pendingAcceptance"),
                new EndpointConnection("vpce-d", "664411391173", "rejected")));

        MaterializePlan plan = MaterializePlanner.plan(spec(path(true)), privateLinkOnly(), read, "PEM");

        assertThat(plan.changes().subList(0, 2)).containsExactly(
                new AcceptEndpointConnections("vpce-svc-1", List.of("vpce-a", "vpce-b"), MATERIALIZE),
                new ValidateConnection("orders_db_privatelink", SERVICE));
        assertThat(plan.warnings()).isEmpty();

        PrivateLinkObservation notOurs = new PrivateLinkObservation(MATERIALIZE, new Service("vpce-svc-1", false),
                read.connections());
        assertThat(MaterializePlanner.plan(spec(path(true)), privateLinkOnly(), notOurs, "PEM").changes())
                .noneMatch(AcceptEndpointConnections.class::isInstance);
        assertThat(MaterializePlanner.plan(spec(path(false)), privateLinkOnly(), read, "PEM").changes())
                .noneMatch(AcceptEndpointConnections.class::isInstance).first().isInstanceOf(ValidateConnection.class);
    }

    @Test
    void plan_whenThePostgresConnectionExists_neitherChecksNorValidatesAgain() {
        Map<String, ObservedObject> observed = privateLinkOnly();
        observed.put("orders_db_password", new ObservedObject("u1", "orders_db_password", "secret",
                MARKER + " secret-version=v1", null));
        observed.put("orders_db_connection", new ObservedObject("u2", "orders_db_connection", "connection", MARKER, null));
        observed.put("orders_db", new ObservedObject("u3", "orders_db", "source", MARKER, null));
        observed.put("orders_db_public_orders", new ObservedObject("u4", "orders_db_public_orders", "table", MARKER, "u3"));

        MaterializePlan plan = MaterializePlanner.plan(spec(path(true)), observed, null, "PEM");

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void plan_whenAForeignObjectHoldsThePrivateLinkName_refusesBeforeAnything() {
        Map<String, ObservedObject> observed = Map.of("orders_db_privatelink",
                new ObservedObject("u9", "orders_db_privatelink", "connection", null, null));

        assertThatThrownBy(() -> MaterializePlanner.plan(spec(path(true)), observed, null, "PEM"))
                .isInstanceOf(MaterializeForeignObjectException.class).hasMessageContaining("orders_db_privatelink");
    }

    @Test
    void statements_areTheDocumentedSyntax_andPrivateLinkSqlRendersTheSame() {
        var create = new CreatePrivateLinkConnection("orders_db_privatelink", SERVICE, List.of("use1-az1", "use1-az4"),
                MARKER);
        assertThat(MaterializeDdl.createPrivateLinkConnection(create.name(), create.serviceName(), create.zoneIds()).sql())
                .isEqualTo("CREATE CONNECTION \"public\".\"orders_db_privatelink\" TO AWS PRIVATELINK (SERVICE NAME '"
                        + SERVICE + "', AVAILABILITY ZONES ('use1-az1', 'use1-az4'))")
                .isEqualTo(PrivateLinkSql.createConnection(create.name(), SERVICE, create.zoneIds()));
        assertThat(MaterializeDdl.validateConnection("orders_db_privatelink").sql())
                .isEqualTo("VALIDATE CONNECTION \"public\".\"orders_db_privatelink\"")
                .isEqualTo(PrivateLinkSql.validate("orders_db_privatelink"));
        var postgres = new CreateConnection("orders_db_connection", HOST, 5432, "app", "repl", "orders_db_password",
                "us-east-1", "PEM", MARKER, "orders_db_privatelink");
        assertThat(MaterializeDdl.createConnection(postgres).sql()).startsWith("CREATE CONNECTION"
                        + " \"public\".\"orders_db_connection\" TO POSTGRES (HOST '" + HOST + "'")
                .endsWith(", SSL MODE 'verify_full', SSL CERTIFICATE AUTHORITY 'PEM', AWS PRIVATELINK"
                        + " \"public\".\"orders_db_privatelink\")")
                .isEqualTo(PrivateLinkSql.createPostgresConnection("orders_db_connection", HOST, 5432, "repl",
                        "orders_db_password", "app", "PEM", "orders_db_privatelink"));
        assertThat(new CreateSecret("s", "arn", "v1", MARKER).description()).doesNotContain("PRIVATELINK");
        assertThat(postgres.description()).contains("through AWS PRIVATELINK orders_db_privatelink");
        assertThat(new CreateSource("s", null, "c", "p", MARKER).effect()).isEqualTo(create.effect());
        assertThat(new CreateTable("t", "s", new PublishedTable("public", "o"), MARKER).effect()).isEqualTo(create.effect());
    }

    @Test
    void teardown_dropsOurPrivateLinkConnectionAfterThePostgresConnection_andLeavesOneNotOurs() {
        MaterializeTeardownPlanner.Target target = MaterializeTeardownPlanner.Target.of("orders-db", ARN, null);
        Map<String, ObservedObject> observed = new LinkedHashMap<>(privateLinkOnly());
        observed.put("orders_db_connection", new ObservedObject("u2", "orders_db_connection", "connection", MARKER, null));
        List<DependentObject> edges = List.of(new DependentObject("u9", "u2", "materialize", "public",
                "orders_db_connection", "connection", MARKER, null));

        MaterializePlan plan = MaterializeTeardownPlanner.plan(target, observed, edges);

        assertThat(plan.changes()).map(c -> ((DropObject) c).name())
                .containsExactly("orders_db_connection", "orders_db_privatelink");
        assertThat(target.names()).contains("orders_db_privatelink");

        Map<String, ObservedObject> foreign = Map.of("orders_db_privatelink",
                new ObservedObject("u9", "orders_db_privatelink", "connection", "the network team's", null));
        MaterializePlan left = MaterializeTeardownPlanner.plan(target, foreign, List.of());
        assertThat(left.changes()).isEmpty();
        assertThat(left.warnings()).singleElement().asString().contains("orders_db_privatelink");
    }
}
