package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.materialize.MaterializeEndpoint;
import com.auroracdc.local.materialize.MaterializeStandIn;
import com.auroracdc.local.materialize.MaterializeStandIn.CatalogItem;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sim.Scenario;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MaterializeMode source, the teardown's side, end to end on the real state machines: after a setup that ends
 * ingesting, the TeardownMaterialize stage drops exactly what the setup made in Materialize (the tables fed by our
 * source, then the source, the connection, the secret), never with CASCADE, and leaves what is not ours or what
 * something of the customer's depends on, saying so.
 */
class TeardownMaterializeTest {
    private static final String APP_PASSWORD = "app-password-Not-For-Logs-7c2b";
    private static final String CHANGES = "(?is)\\s*(CREATE|ALTER|COMMENT|DROP).*";

    private LocalAutopilot autopilot;
    private MaterializeStandIn materialize;
    private String appPasswordSecret;

    @BeforeEach
    void setUp() {
        autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP);
        materialize = MaterializeStandIn.start("ops@example.com", APP_PASSWORD);
        materialize.egressCidrs(List.of("3.215.237.32/27"));
        materialize.sourcesRunAfter(1);
        appPasswordSecret = autopilot.sim().secretsManager().seedSecret("materialize/app-password",
                "{\"username\": \"ops@example.com\", \"password\": \"" + APP_PASSWORD + "\"}");
        redeploy("source");
        ExecutionResult setup = autopilot.setup(Map.of(), event -> { });
        assertThat(setup.output().path("status").asText()).as(setup.toString()).isEqualTo("ingesting");
        autopilot.disableTrigger();
    }

    @AfterEach
    void tearDown() {
        materialize.close();
        autopilot.close();
    }

    private void redeploy(String mode) {
        autopilot.redeploy(Map.of(MaterializeEndpoint.MODE_VARIABLE, mode,
                MaterializeEndpoint.HOST_VARIABLE, materialize.host("localhost"),
                MaterializeEndpoint.SECRET_VARIABLE, appPasswordSecret));
    }

    private List<String> ours() {
        return materialize.catalogItems().stream().filter(i -> i.comment() != null
                && i.comment().startsWith("managed-by=aurora-cdc-autopilot")).map(CatalogItem::name).toList();
    }

    private List<String> tables() {
        return materialize.catalogItems().stream().filter(i -> "table".equals(i.type())).map(CatalogItem::name).sorted()
                .toList();
    }

    private List<String> ddlSince(int from) {
        List<String> all = materialize.statements();
        return all.subList(from, all.size()).stream().filter(sql -> sql.matches(CHANGES)).toList();
    }

    @Test
    void teardown_dropsOurTablesThenSourceConnectionSecret_leavesOthers_andASecondTeardownSendsNoDdl() {
        List<String> tables = tables();
        assertThat(tables).isNotEmpty().allMatch(t -> t.startsWith("orders_prod_"));
        assertThat(ours()).hasSize(3 + tables.size());
        materialize.seedObject("secret", "public", "orders_prod_password_old", null);
        int before = materialize.statements().size();

        ExecutionResult teardown = autopilot.teardown(Map.of("dropSlots", true), event -> { });

        assertThat(teardown.succeeded()).as(teardown.toString()).isTrue();
        assertThat(teardown.statesEntered()).containsSubsequence("Inspect", "TeardownMaterialize", "TeardownDatabase",
                "Report");
        List<String> expected = new java.util.ArrayList<>();
        tables.forEach(t -> expected.add("DROP TABLE \"public\".\"" + t + "\""));
        expected.addAll(List.of("DROP SOURCE \"public\".\"orders_prod\"",
                "DROP CONNECTION \"public\".\"orders_prod_connection\"", "DROP SECRET \"public\".\"orders_prod_password\""));
        assertThat(ddlSince(before)).as("in dependency order, never CASCADE").containsExactlyElementsOf(expected);
        assertThat(materialize.catalogItems()).extracting(CatalogItem::name).containsExactly("orders_prod_password_old");
        assertThat(teardown.output().path("changes").toString()).contains("Drop Materialize source \\\"public\\\".\\\"orders_prod\\\"");

        int after = materialize.statements().size();
        ExecutionResult second = autopilot.teardown(Map.of("dropSlots", true), event -> { });
        assertThat(second.succeeded()).as(second.toString()).isTrue();
        assertThat(ddlSince(after)).isEmpty();
        assertThat(second.output().path("changes").toString()).doesNotContain("Materialize");
    }

    @Test
    void teardown_leavesACustomerViewOnOurTable_andATableOfTheirsOnOurSource_andWhatTheyHoldUpstream_withWarnings() {
        List<String> tables = tables();
        String held = tables.get(0);
        materialize.seedObject("view", "public", "customer_orders_view", null, held);
        materialize.seedObject("table", "public", "orders_prod_public_extra", "mine", "orders_prod");
        int before = materialize.statements().size();

        ExecutionResult teardown = autopilot.teardown(Map.of(), event -> { });

        assertThat(teardown.succeeded()).as(teardown.toString()).isTrue();
        List<String> dropped = tables.subList(1, tables.size()).stream()
                .map(t -> "DROP TABLE \"public\".\"" + t + "\"").toList();
        assertThat(ddlSince(before)).as("only our tables nothing depends on").containsExactlyElementsOf(dropped);
        assertThat(materialize.catalogItems()).extracting(CatalogItem::name).containsExactlyInAnyOrder("orders_prod_password",
                "orders_prod_connection", "orders_prod", held, "customer_orders_view", "orders_prod_public_extra");
        String warnings = teardown.output().path("warnings").toString();
        assertThat(warnings).contains("customer_orders_view").contains("DROP VIEW \\\"materialize\\\".\\\"public\\\".\\\"customer_orders_view\\\";")
                .contains("Left Materialize table \\\"materialize\\\".\\\"public\\\".\\\"orders_prod_public_extra\\\"")
                .contains("Left Materialize source \\\"public\\\".\\\"orders_prod\\\" (ours)")
                .contains("Left Materialize connection \\\"public\\\".\\\"orders_prod_connection\\\" (ours)")
                .contains("Left Materialize secret \\\"public\\\".\\\"orders_prod_password\\\" (ours)");

        // Again, with the customer's objects still there: nothing more to drop, the same objects named.
        int again = materialize.statements().size();
        ExecutionResult second = autopilot.teardown(Map.of(), event -> { });
        assertThat(second.succeeded()).as(second.toString()).isTrue();
        assertThat(ddlSince(again)).isEmpty();
        assertThat(second.output().path("warnings").toString()).contains("customer_orders_view")
                .contains("orders_prod_public_extra");
    }

    @Test
    void dryRun_listsTheDrops_andSendsNoDdl() {
        int before = materialize.statements().size();

        ExecutionResult dryRun = autopilot.teardown(Map.of("dryRun", true), event -> { });

        assertThat(dryRun.succeeded()).as(dryRun.toString()).isTrue();
        assertThat(dryRun.output().path("planned").toString()).contains("Drop Materialize secret")
                .contains("Drop Materialize connection").contains("Drop Materialize source").contains("Drop Materialize table");
        assertThat(ddlSince(before)).isEmpty();
        assertThat(ours()).hasSize(3 + tables().size());
    }

    @Test
    void aDropThatFailsHalfWay_stopsTheTeardown_andTheReRunConverges() {
        List<String> tables = tables();
        materialize.failStatementOnce("DROP SOURCE", "internal error: the catalog is busy");

        ExecutionResult failed = autopilot.teardown(Map.of(), event -> { });

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.error()).as(failed.toString()).isEqualTo("MaterializeStatementException");
        assertThat(failed.statesEntered()).contains("TeardownMaterialize", "ReportFailure").doesNotContain("TeardownDatabase");
        assertThat(tables()).as("the tables went before the source").isEmpty();
        assertThat(materialize.catalogItem("orders_prod")).isPresent();

        int before = materialize.statements().size();
        ExecutionResult rerun = autopilot.teardown(Map.of(), event -> { });
        assertThat(rerun.succeeded()).as(rerun.toString()).isTrue();
        assertThat(ddlSince(before)).containsExactly("DROP SOURCE \"public\".\"orders_prod\"",
                "DROP CONNECTION \"public\".\"orders_prod_connection\"", "DROP SECRET \"public\".\"orders_prod_password\"");
        assertThat(materialize.catalogItems()).isEmpty();
        assertThat(tables).isNotEmpty();
    }

    @Test
    void refusedAppPassword_isTheNamedError_changesNothing_andStopsBeforeTheDatabase() {
        materialize.failRequests(401);
        int before = materialize.statements().size();

        ExecutionResult failed = autopilot.teardown(Map.of(), event -> { });

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.error()).as(failed.toString()).isEqualTo("MaterializeAuthenticationException");
        assertThat(failed.statesEntered()).contains("TeardownMaterialize", "ReportFailure").doesNotContain("TeardownDatabase");
        assertThat(ddlSince(before)).isEmpty();
        assertThat(failed.toString()).doesNotContain(APP_PASSWORD);
    }

    @Test
    void inEgressMode_whatAnEarlierSourceModeSetupMadeIsDroppedToo() {
        redeploy("egress");

        ExecutionResult teardown = autopilot.teardown(Map.of(), event -> { });

        assertThat(teardown.succeeded()).as(teardown.toString()).isTrue();
        assertThat(materialize.catalogItems()).isEmpty();
    }

    @Test
    void inModeOff_theStageNeverCallsMaterialize_andSaysWhatASourceModeSetupMayHaveLeft() {
        redeploy("off");
        int requests = materialize.requests();

        ExecutionResult teardown = autopilot.teardown(Map.of(), event -> { });

        assertThat(teardown.succeeded()).as(teardown.toString()).isTrue();
        assertThat(teardown.statesEntered()).contains("TeardownMaterialize");
        assertThat(materialize.requests()).isEqualTo(requests);
        assertThat(ours()).hasSize(3 + tables().size());
        assertThat(teardown.output().path("warnings").toString()).contains("MaterializeMode is off")
                .contains("DROP SOURCE \\\"public\\\".\\\"orders_prod\\\";");
    }
}
