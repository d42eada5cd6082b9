package com.auroracdc.internal.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.materialize.MaterializeChange.DropObject;
import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The teardown's pure planner: only our objects, in dependency order, never past something that depends on them. */
class MaterializeTeardownPlannerTest {
    private static final String ARN = "arn:aws:rds:us-east-1:123456789012:cluster:orders-db";
    private static final String MARKER = "managed-by=aurora-cdc-autopilot cluster=" + ARN;
    private static final MaterializeTeardownPlanner.Target TARGET =
            MaterializeTeardownPlanner.Target.of("orders-db", ARN, null);

    private static Map<String, ObservedObject> ours() {
        Map<String, ObservedObject> observed = new LinkedHashMap<>();
        observed.put("orders_db_password", new ObservedObject("u1", "orders_db_password", "secret",
                MARKER + " secret-version=v1", null));
        observed.put("orders_db_connection", new ObservedObject("u2", "orders_db_connection", "connection", MARKER, null));
        observed.put("orders_db", new ObservedObject("u3", "orders_db", "source", MARKER, null));
        return observed;
    }

    /** The edges our own objects make: connection on secret, source on connection, two tables on the source. */
    private static List<DependentObject> ourEdges() {
        List<DependentObject> edges = new ArrayList<>();
        edges.add(dependent("u1", "u2", "orders_db_connection", "connection", MARKER, null));
        edges.add(dependent("u2", "u3", "orders_db", "source", MARKER, null));
        edges.add(dependent("u3", "u5", "orders_db_public_orders", "table", MARKER, "u3"));
        edges.add(dependent("u3", "u4", "orders_db_public_customers", "table", MARKER, "u3"));
        return edges;
    }

    private static DependentObject dependent(String on, String id, String name, String type, String comment,
                                             String sourceId) {
        return new DependentObject(on, id, "materialize", "public", name, type, comment, sourceId);
    }

    private static List<String> drops(MaterializePlan plan) {
        return plan.changes().stream().map(c -> ((DropObject) c).objectType() + " " + ((DropObject) c).name()).toList();
    }

    @Test
    void everythingOurs_isDroppedTablesFirstThenSourceConnectionSecret() {
        MaterializePlan plan = MaterializeTeardownPlanner.plan(TARGET, ours(), ourEdges());

        assertThat(drops(plan)).containsExactly("table orders_db_public_customers", "table orders_db_public_orders",
                "source orders_db", "connection orders_db_connection", "secret orders_db_password");
        assertThat(plan.warnings()).isEmpty();
        assertThat(plan.changes()).extracting(Change::effect).containsOnly(Effect.DESTROY);
        assertThat(plan.changes().get(2).description()).isEqualTo("Drop Materialize source \"public\".\"orders_db\" (u3)");
    }

    @Test
    void nothingObserved_plansNothing() {
        MaterializePlan plan = MaterializeTeardownPlanner.plan(TARGET, Map.of(), List.of());

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void aCustomerViewOnOurTable_leavesTheTableAndEverythingUpstream_namingTheViewAndItsDrop() {
        List<DependentObject> edges = new ArrayList<>(ourEdges());
        edges.add(new DependentObject("u5", "u9", "analytics", "reports", "open_orders", "materialized-view", null, null));

        MaterializePlan plan = MaterializeTeardownPlanner.plan(TARGET, ours(), edges);

        assertThat(drops(plan)).containsExactly("table orders_db_public_customers");
        assertThat(plan.warnings()).hasSize(4);
        assertThat(plan.warnings().get(0)).startsWith("Left Materialize table \"public\".\"orders_db_public_orders\" (ours)")
                .contains("materialized-view \"analytics\".\"reports\".\"open_orders\" (not ours; if you no longer need"
                        + " it: DROP MATERIALIZED VIEW \"analytics\".\"reports\".\"open_orders\";)")
                .contains("never drops with CASCADE");
        assertThat(plan.warnings().get(1)).startsWith("Left Materialize source \"public\".\"orders_db\" (ours)")
                .contains("orders_db_public_orders\" (ours, left as said above)").contains("replication slot active");
        assertThat(plan.warnings().get(2)).startsWith("Left Materialize connection").contains("(ours, left as said above)");
        assertThat(plan.warnings().get(3)).startsWith("Left Materialize secret").contains("(ours, left as said above)");
    }

    @Test
    void aTableFedByOurSourceThatIsNotOurs_isLeft_andHoldsTheSource() {
        List<DependentObject> edges = new ArrayList<>(ourEdges());
        edges.add(dependent("u3", "u7", "orders_db_public_extra", "table", "someone's", "u3"));

        MaterializePlan plan = MaterializeTeardownPlanner.plan(TARGET, ours(), edges);

        assertThat(drops(plan)).containsExactly("table orders_db_public_customers", "table orders_db_public_orders");
        assertThat(plan.warnings().get(0)).startsWith("Left Materialize table \"materialize\".\"public\".\"orders_db_public_extra\", fed by our source")
                .contains("its comment: 'someone's'").contains("DROP TABLE \"materialize\".\"public\".\"orders_db_public_extra\";");
        assertThat(plan.warnings().get(1)).startsWith("Left Materialize source \"public\".\"orders_db\" (ours)")
                .contains("table \"materialize\".\"public\".\"orders_db_public_extra\" (not ours");
        assertThat(plan.warnings()).hasSize(4);
    }

    @Test
    void aTableOfAnotherClusterOrAnotherSchema_isNotOurs() {
        List<DependentObject> edges = new ArrayList<>(ourEdges().subList(0, 2));
        edges.add(dependent("u3", "u5", "orders_db_public_orders", "table",
                "managed-by=aurora-cdc-autopilot cluster=arn:aws:rds:eu-west-1:123456789012:cluster:orders-db", "u3"));
        edges.add(new DependentObject("u3", "u6", "materialize", "staging", "orders_db_public_orders", "table", MARKER,
                "u3"));

        MaterializePlan plan = MaterializeTeardownPlanner.plan(TARGET, ours(), edges);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.warnings().get(0)).contains("another Aurora cluster");
        assertThat(plan.warnings().get(1)).contains("in schema staging");
    }

    @Test
    void objectsOfOurNamesThatAreNotOurs_areLeftAndNamed_andOursStillGoWhenNothingHoldsThem() {
        Map<String, ObservedObject> observed = ours();
        observed.put("orders_db_password", new ObservedObject("u1", "orders_db_password", "secret", null, null));
        observed.put("orders_db_connection", new ObservedObject("u2", "orders_db_connection", "view", MARKER, null));

        MaterializePlan plan = MaterializeTeardownPlanner.plan(TARGET, observed, ourEdges().subList(2, 4));

        assertThat(drops(plan)).containsExactly("table orders_db_public_customers", "table orders_db_public_orders",
                "source orders_db");
        assertThat(plan.warnings()).hasSize(2);
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).startsWith("Left Materialize view"
                + " \"public\".\"orders_db_connection\": it carries our comment but is a view, where we keep a connection"));
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).startsWith("Left Materialize secret"
                + " \"public\".\"orders_db_password\": it was not created by this automation for cluster orders-db (it has"
                + " no comment)").contains("DROP SECRET \"public\".\"orders_db_password\";"));
    }

    @Test
    void aCustomerSourceOnOurConnection_holdsTheConnectionAndTheSecret() {
        List<DependentObject> edges = new ArrayList<>(ourEdges());
        edges.add(new DependentObject("u2", "u8", "materialize", "public", "their_source", "source", null, null));

        MaterializePlan plan = MaterializeTeardownPlanner.plan(TARGET, ours(), edges);

        assertThat(drops(plan)).containsExactly("table orders_db_public_customers", "table orders_db_public_orders",
                "source orders_db");
        assertThat(plan.warnings()).hasSize(2);
        assertThat(plan.warnings().get(0)).startsWith("Left Materialize connection").contains("DROP SOURCE"
                + " \"materialize\".\"public\".\"their_source\";");
    }

    @Test
    void theSourcesProgressSubsource_neverHoldsIt_andTheSettingsSourceNameIsUsed() {
        MaterializeTeardownPlanner.Target named = MaterializeTeardownPlanner.Target.of("orders-db", ARN, "shop");
        Map<String, ObservedObject> observed = ours();
        ObservedObject source = new ObservedObject("u3", "shop", "source", MARKER, null);
        observed.remove("orders_db");
        observed.put("shop", source);
        List<DependentObject> edges = List.of(dependent("u3", "u10", "shop_progress", "source", null, null),
                dependent("u1", "u2", "orders_db_connection", "connection", MARKER, null),
                dependent("u2", "u3", "shop", "source", MARKER, null));

        MaterializePlan plan = MaterializeTeardownPlanner.plan(named, observed, edges);

        assertThat(named.names()).containsExactly("orders_db_password", "orders_db_connection", "shop",
                "orders_db_privatelink");
        assertThat(drops(plan)).containsExactly("source shop", "connection orders_db_connection",
                "secret orders_db_password");
    }

    @Test
    void halfWay_whatIsLeftOfOursIsDropped() {
        Map<String, ObservedObject> observed = ours();
        observed.remove("orders_db");

        MaterializePlan plan = MaterializeTeardownPlanner.plan(TARGET, observed, ourEdges().subList(0, 1));

        assertThat(drops(plan)).containsExactly("connection orders_db_connection", "secret orders_db_password");
    }

    @Test
    void theDropStatement_neverCascades() {
        assertThat(MaterializeDdl.drop("table", "orders_db_public_orders").sql())
                .isEqualTo("DROP TABLE \"public\".\"orders_db_public_orders\"");
        assertThat(MaterializeDdl.keyword("materialized-view")).isEqualTo("MATERIALIZED VIEW");
        assertThat(new DependentObject("u1", "u9", null, null, "x\"y", "index", null, null).dropStatement())
                .isEqualTo("DROP INDEX \"x\"\"y\";");
    }

    @Test
    void modeOff_afterASourceModeSetup_namesEveryObjectAndItsDropInOrder() {
        String warning = MaterializeTeardownPlanner.leftWhileOff(TARGET);

        assertThat(warning).contains("MaterializeMode is off").contains("replication slot active")
                .containsSubsequence("DROP TABLE \"public\".\"orders_db_<schema>_<table>\";",
                        "DROP SOURCE \"public\".\"orders_db\";", "DROP CONNECTION \"public\".\"orders_db_connection\";",
                        "DROP SECRET \"public\".\"orders_db_password\";");
    }
}
