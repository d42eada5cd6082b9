package com.auroracdc.internal.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.MaterializeForeignObjectException;
import com.auroracdc.errors.MaterializeStatementException;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.local.materialize.MaterializeStandIn;
import com.auroracdc.local.materialize.MaterializeStandIn.Answer;
import com.auroracdc.local.materialize.MaterializeStandIn.Received;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source stage's Materialize layer (observe, plan, apply, status) against the stand-in's catalog, over real HTTPS:
 * the exact statements of a first run, a re-run that sends no DDL, foreign objects refused before any statement, a
 * rotated replication password pushed with ALTER SECRET, where the passwords may (and may not) appear, the status
 * reader, and a run cut off half-way that converges on the next.
 */
class MaterializeSourceTest {
    private static final String USER = "autopilot@example.com";
    private static final String APP_PASSWORD = "mzp_app-Secret'1";
    private static final String REPLICATION_PASSWORD = "repl-Pa'ss\"word$1";
    private static final String ROTATED_PASSWORD = "repl-Rotated'2";
    private static final String ARN = "arn:aws:rds:us-east-1:123456789012:cluster:orders-db";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-repl-AbCdEf";
    private static final String HOST = "orders-db.cluster-abc123.us-east-1.rds.amazonaws.com";
    private static final String MARKER = "managed-by=aurora-cdc-autopilot cluster=" + ARN;
    private static final String OBJECTS_QUERY = MaterializeObserver.query(5);

    private MaterializeStandIn standIn;
    private MaterializeSqlApi api;
    private final AtomicInteger passwordReads = new AtomicInteger();

    @BeforeEach
    void start() {
        standIn = MaterializeStandIn.start(USER, APP_PASSWORD);
        api = new MaterializeSqlApi(standIn.host(), USER, APP_PASSWORD, MaterializeStandIn.clientTls(),
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        api.close();
        standIn.close();
    }

    private static MaterializeSourceSpec spec(String version) {
        return new MaterializeSourceSpec("Orders-DB", ARN, "us-east-1", HOST, 5432, "app", "materialize_replication",
                "mz_orders", List.of(new PublishedTable("public", "orders"), new PublishedTable("sales", "Line Items")),
                SECRET_ARN, version, null, null, null);
    }

    /** Observe, plan, apply, as the stage will. */
    private StageResult run(MaterializeSourceSpec spec, String password) {
        MaterializePlan plan = MaterializePlanner.plan(spec, new MaterializeObserver(api).observe(spec));
        return StageResult.apply("MaterializeSource", false, plan.changes(), new MaterializeApplier(api, () -> {
            passwordReads.incrementAndGet();
            return password;
        }), plan.warnings(), Map.of());
    }

    private static String ca() {
        return RdsCertificateAuthority.pem("us-east-1").replace("'", "''");
    }

    @Test
    void firstRun_whenNothingExists_sendsExactlyTheDocumentedStatements() {
        StageResult result = run(spec("v1"), REPLICATION_PASSWORD);

        assertThat(standIn.statements()).containsExactly(
                OBJECTS_QUERY,
                "CREATE SECRET \"public\".\"orders_db_password\" AS 'repl-Pa''ss\"word$1'",
                "COMMENT ON SECRET \"public\".\"orders_db_password\" IS '" + MARKER + " secret-version=v1'",
                "CREATE CONNECTION \"public\".\"orders_db_connection\" TO POSTGRES (HOST '" + HOST + "', PORT 5432,"
                        + " USER 'materialize_replication', PASSWORD SECRET \"public\".\"orders_db_password\","
                        + " DATABASE 'app', SSL MODE 'verify_full', SSL CERTIFICATE AUTHORITY '" + ca() + "')",
                "COMMENT ON CONNECTION \"public\".\"orders_db_connection\" IS '" + MARKER + "'",
                "CREATE SOURCE \"public\".\"orders_db\" FROM POSTGRES CONNECTION \"public\".\"orders_db_connection\""
                        + " (PUBLICATION 'mz_orders')",
                "COMMENT ON SOURCE \"public\".\"orders_db\" IS '" + MARKER + "'",
                "CREATE TABLE \"public\".\"orders_db_public_orders\" FROM SOURCE \"public\".\"orders_db\""
                        + " (REFERENCE \"public\".\"orders\")",
                "COMMENT ON TABLE \"public\".\"orders_db_public_orders\" IS '" + MARKER + "'",
                "CREATE TABLE \"public\".\"orders_db_sales_Line Items\" FROM SOURCE \"public\".\"orders_db\""
                        + " (REFERENCE \"sales\".\"Line Items\")",
                "COMMENT ON TABLE \"public\".\"orders_db_sales_Line Items\" IS '" + MARKER + "'");
        assertThat(standIn.received().get(0).params()).containsExactly("public", "orders_db_password",
                "orders_db_connection", "orders_db", "orders_db_public_orders", "orders_db_sales_Line Items");
        assertThat(result.applied()).hasSize(5);
        assertThat(standIn.secretValue("orders_db_password")).contains(REPLICATION_PASSWORD);
        assertThat(standIn.catalogItem("orders_db_sales_Line Items").orElseThrow().sourceId())
                .isEqualTo(standIn.catalogItem("orders_db").orElseThrow().id());
        assertThat(passwordReads).hasValue(1);
    }

    @Test
    void sourceInAnotherClusterAndName_whenGiven_areUsed() {
        MaterializeSourceSpec given = new MaterializeSourceSpec("orders-db", ARN, "us-east-1", HOST, 5432, "app",
                "materialize_replication", "mz_orders", List.of(), SECRET_ARN, "v1", "ingest", "orders_cdc", null);

        run(given, REPLICATION_PASSWORD);

        assertThat(standIn.statements()).contains("CREATE SOURCE \"public\".\"orders_cdc\" IN CLUSTER \"ingest\" FROM"
                + " POSTGRES CONNECTION \"public\".\"orders_db_connection\" (PUBLICATION 'mz_orders')");
    }

    @Test
    void rerun_whenEverythingIsOurs_plansNothingAndSendsNoDdl() {
        run(spec("v1"), REPLICATION_PASSWORD);
        standIn.clearReceived();

        StageResult again = run(spec("v1"), REPLICATION_PASSWORD);

        assertThat(again.planned()).isEmpty();
        assertThat(standIn.statements()).containsExactly(OBJECTS_QUERY);
        assertThat(passwordReads).hasValue(1);
    }

    @Test
    void foreignObject_withOurName_isRefusedBeforeAnyStatement() {
        standIn.seedObject("connection", "public", "orders_db_connection", null);
        standIn.seedObject("view", "public", "orders_db", "dashboard input");

        assertThatThrownBy(() -> run(spec("v1"), REPLICATION_PASSWORD))
                .isInstanceOf(MaterializeForeignObjectException.class)
                .hasMessageContaining("connection \"public\".\"orders_db_connection\" was not created by this"
                        + " automation for this cluster (it has no comment): rename or drop it; if an earlier run")
                .hasMessageContaining("COMMENT ON CONNECTION \"public\".\"orders_db_connection\" IS '" + MARKER + "'")
                .hasMessageContaining("view \"public\".\"orders_db\" was not created by this automation for this"
                        + " cluster (its comment: 'dashboard input'): rename or drop it, or give this cluster another"
                        + " Materialize source name")
                .hasMessageContaining("nothing was sent");
        assertThat(standIn.statements()).containsExactly(OBJECTS_QUERY);
        assertThat(passwordReads).hasValue(0);
    }

    @Test
    void objectOfAnotherCluster_withOurName_isRefused() {
        standIn.seedObject("secret", "public", "orders_db_password",
                "managed-by=aurora-cdc-autopilot cluster=arn:aws:rds:eu-west-1:123456789012:cluster:orders-db");

        assertThatThrownBy(() -> run(spec("v1"), REPLICATION_PASSWORD))
                .isInstanceOf(MaterializeForeignObjectException.class)
                .hasMessageContaining("secret \"public\".\"orders_db_password\" belongs to another Aurora cluster");
        assertThat(standIn.statements()).containsExactly(OBJECTS_QUERY);
    }

    @Test
    void rotation_whenTheReplicationSecretHasANewVersion_altersTheSecretAndItsComment() {
        run(spec("v1"), REPLICATION_PASSWORD);
        standIn.clearReceived();

        StageResult rotated = run(spec("v2"), ROTATED_PASSWORD);

        assertThat(rotated.planned()).containsExactly(
                "Set Materialize secret orders_db_password to the replication password from " + SECRET_ARN
                        + " (version v2, was v1)",
                "Comment Materialize secret orders_db_password '" + MARKER + " secret-version=v2'");
        assertThat(standIn.statements()).containsExactly(OBJECTS_QUERY,
                "ALTER SECRET \"public\".\"orders_db_password\" AS 'repl-Rotated''2'",
                "COMMENT ON SECRET \"public\".\"orders_db_password\" IS '" + MARKER + " secret-version=v2'");
        assertThat(standIn.secretValue("orders_db_password")).contains(ROTATED_PASSWORD);
        standIn.clearReceived();
        assertThat(run(spec("v2"), ROTATED_PASSWORD).planned()).isEmpty();
    }

    @Test
    void passwords_appearOnlyInTheSecretStatements() {
        StageResult first = run(spec("v1"), REPLICATION_PASSWORD);
        StageResult rotated = run(spec("v2"), ROTATED_PASSWORD);

        for (Received statement : standIn.received()) {
            boolean secretStatement = statement.sql().startsWith("CREATE SECRET ")
                    || statement.sql().startsWith("ALTER SECRET ");
            assertThat(contains(statement, REPLICATION_PASSWORD) || contains(statement, ROTATED_PASSWORD))
                    .as(statement.sql()).isEqualTo(secretStatement);
            assertThat(contains(statement, APP_PASSWORD)).as(statement.sql()).isFalse();
        }
        List<String> texts = new ArrayList<>(first.planned());
        texts.addAll(first.applied());
        texts.addAll(rotated.planned());
        texts.addAll(rotated.applied());
        texts.add(MaterializePlanner.plan(spec("v3"), Map.of(), "CA").toString());
        for (String text : texts) {
            assertThat(text).doesNotContain(REPLICATION_PASSWORD.replace("'", "''")).doesNotContain(ROTATED_PASSWORD)
                    .doesNotContain("Pa''ss").doesNotContain(APP_PASSWORD);
        }
    }

    @Test
    void secretStatementRefused_errorNeverShowsThePassword() {
        standIn.answer("CREATE SECRET", statement -> Answer.error("cannot run " + statement.sql()));

        assertThatThrownBy(() -> run(spec("v1"), REPLICATION_PASSWORD))
                .isInstanceOf(MaterializeStatementException.class)
                .hasMessageContaining("cannot run CREATE SECRET \"public\".\"orders_db_password\" AS '****'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("repl-Pa").doesNotContain("Pa''ss"));
    }

    @Test
    void status_readsTheSourceAndItsTables_stalledWithMaterializesError() {
        assertThat(SourceStatus.read(api, spec("v1")).state()).isEqualTo(SourceState.MISSING);
        run(spec("v1"), REPLICATION_PASSWORD);
        assertThat(SourceStatus.read(api, spec("v1")).state()).isEqualTo(SourceState.STARTING);

        standIn.sourceStatus("orders_db", "running", null);
        standIn.sourceStatus("orders_db_public_orders", "running", null);
        standIn.sourceStatus("orders_db_sales_Line Items", "stalled",
                "postgres: table sales.\"Line Items\" was dropped upstream");
        SourceStatus stalled = SourceStatus.read(api, spec("v1"));

        assertThat(stalled.state()).isEqualTo(SourceState.STALLED);
        assertThat(stalled.objects()).extracting(SourceStatus.ObjectStatus::name).containsExactly("orders_db",
                "orders_db_public_orders", "orders_db_sales_Line Items");
        assertThat(stalled.errors()).isEqualTo("orders_db_sales_Line Items (stalled): postgres: table sales.\"Line"
                + " Items\" was dropped upstream");
        assertThat(standIn.received().get(standIn.received().size() - 1).sql()).isEqualTo(SourceStatus.QUERY);

        standIn.sourceStatus("orders_db_sales_Line Items", "running", null);
        assertThat(SourceStatus.read(api, spec("v1")).state()).isEqualTo(SourceState.RUNNING);
    }

    @Test
    void runCutOffHalfWay_convergesOnTheNextRun() {
        standIn.failStatementOnce("CREATE SOURCE", "connection to server at \"" + HOST + "\" failed: timeout");

        assertThatThrownBy(() -> run(spec("v1"), REPLICATION_PASSWORD))
                .isInstanceOf(MaterializeStatementException.class).hasMessageContaining("failed: timeout");
        assertThat(standIn.catalogItem("orders_db_connection").orElseThrow().comment()).isEqualTo(MARKER);
        assertThat(standIn.catalogItem("orders_db")).isEmpty();
        standIn.clearReceived();

        StageResult second = run(spec("v1"), REPLICATION_PASSWORD);

        assertThat(second.applied()).hasSize(3);
        assertThat(second.planned().get(0)).startsWith("Create Materialize source orders_db ");
        assertThat(standIn.statements()).noneMatch(sql -> sql.contains("SECRET \"public\"") && sql.startsWith("CREATE"));
        assertThat(run(spec("v1"), REPLICATION_PASSWORD).planned()).isEmpty();
    }

    private static boolean contains(Received statement, String secret) {
        return statement.sql().contains(secret) || statement.sql().contains(secret.replace("'", "''"))
                || statement.params().stream().anyMatch(p -> p != null && p.contains(secret));
    }
}
