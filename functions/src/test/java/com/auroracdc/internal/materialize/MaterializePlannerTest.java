package com.auroracdc.internal.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.MaterializeForeignObjectException;
import com.auroracdc.internal.materialize.MaterializeChange.AlterSecret;
import com.auroracdc.internal.materialize.MaterializeChange.CommentOn;
import com.auroracdc.internal.materialize.MaterializeChange.CreateConnection;
import com.auroracdc.internal.materialize.MaterializeChange.CreateSecret;
import com.auroracdc.internal.materialize.MaterializeChange.CreateSource;
import com.auroracdc.internal.materialize.MaterializeChange.CreateTable;
import com.auroracdc.internal.materialize.OwnershipMarker.Owner;
import com.auroracdc.internal.stage.Effect;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure planner over observed catalog items, the ownership comment, and the whole of a source's statuses. */
class MaterializePlannerTest {
    private static final String ARN = "arn:aws:rds:us-east-1:123456789012:cluster:orders-db";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-AbCdEf";
    private static final String MARKER = "managed-by=aurora-cdc-autopilot cluster=" + ARN;
    private static final PublishedTable ORDERS = new PublishedTable("public", "orders");

    private static MaterializeSourceSpec spec(String version) {
        return new MaterializeSourceSpec("orders-db", ARN, "us-east-1", "orders-db.cluster-x.us-east-1.rds.amazonaws.com",
                5432, "app", "repl", "mz_orders", List.of(ORDERS), SECRET_ARN, version, null, null, null);
    }

    private static Map<String, ObservedObject> ours(String version) {
        Map<String, ObservedObject> observed = new LinkedHashMap<>();
        observed.put("orders_db_password", new ObservedObject("u1", "orders_db_password", "secret",
                MARKER + " secret-version=" + version, null));
        observed.put("orders_db_connection", new ObservedObject("u2", "orders_db_connection", "connection", MARKER, null));
        observed.put("orders_db", new ObservedObject("u3", "orders_db", "source", MARKER, null));
        observed.put("orders_db_public_orders", new ObservedObject("u4", "orders_db_public_orders", "table", MARKER, "u3"));
        return observed;
    }

    @Test
    void plan_whenNothingExists_createsEachObjectInOrderWithItsComment() {
        List<MaterializeChange> changes = MaterializePlanner.plan(spec("v1"), Map.of(), "PEM").changes();

        assertThat(changes).containsExactly(
                new CreateSecret("orders_db_password", SECRET_ARN, "v1", MARKER + " secret-version=v1"),
                new CreateConnection("orders_db_connection", "orders-db.cluster-x.us-east-1.rds.amazonaws.com", 5432,
                        "app", "repl", "orders_db_password", "us-east-1", "PEM", MARKER, null),
                new CreateSource("orders_db", null, "orders_db_connection", "mz_orders", MARKER),
                new CreateTable("orders_db_public_orders", "orders_db", ORDERS, MARKER));
        assertThat(changes).extracting(MaterializeChange::effect).containsOnly(Effect.CREATE);
        assertThat(changes.get(0).description()).isEqualTo("Create Materialize secret orders_db_password holding the"
                + " replication password from " + SECRET_ARN + " (version v1), commented '" + MARKER
                + " secret-version=v1'");
        assertThat(changes.get(1).description()).doesNotContain("PEM").contains("SSL MODE verify_full")
                .contains("us-east-1");
    }

    @Test
    void plan_whenEverythingIsOurs_isEmpty() {
        assertThat(MaterializePlanner.plan(spec("v1"), ours("v1"), "PEM").changes()).isEmpty();
    }

    @Test
    void plan_whenTheVersionChanged_altersTheSecretThenItsComment() {
        assertThat(MaterializePlanner.plan(spec("v2"), ours("v1"), "PEM").changes()).containsExactly(
                new AlterSecret("orders_db_password", SECRET_ARN, "v2", "v1"),
                new CommentOn("SECRET", "orders_db_password", MARKER + " secret-version=v2"));
    }

    @Test
    void plan_whenOurSecretRecordsNoVersion_altersIt() {
        Map<String, ObservedObject> observed = ours("v1");
        observed.put("orders_db_password", new ObservedObject("u1", "orders_db_password", "secret", MARKER, null));

        assertThat(MaterializePlanner.plan(spec("v1"), observed, "PEM").changes()).first()
                .isEqualTo(new AlterSecret("orders_db_password", SECRET_ARN, "v1", null));
    }

    @Test
    void plan_whenATableOfOursIsMissing_createsOnlyIt() {
        Map<String, ObservedObject> observed = ours("v1");
        observed.remove("orders_db_public_orders");

        assertThat(MaterializePlanner.plan(spec("v1"), observed, "PEM").changes())
                .containsExactly(new CreateTable("orders_db_public_orders", "orders_db", ORDERS, MARKER));
    }

    @Test
    void plan_whenObjectsAreNotOurs_refusesNamingEach() {
        Map<String, ObservedObject> observed = ours("v1");
        observed.put("orders_db_password", new ObservedObject("u1", "orders_db_password", "secret", null, null));
        observed.put("orders_db_connection", new ObservedObject("u2", "orders_db_connection", "view", MARKER, null));
        observed.put("orders_db", new ObservedObject("u3", "orders_db", "source",
                "managed-by=aurora-cdc-autopilot cluster=arn:aws:rds:eu-west-1:1:cluster:orders-db", null));

        assertThatThrownBy(() -> MaterializePlanner.plan(spec("v1"), observed, "PEM"))
                .isInstanceOf(MaterializeForeignObjectException.class)
                .hasMessageContaining("secret \"public\".\"orders_db_password\" was not created by this automation"
                        + " for this cluster (it has no comment): rename or drop it; if an earlier run")
                .hasMessageContaining("view \"public\".\"orders_db_connection\" carries our comment but is a view,"
                        + " where we keep a connection: drop or rename it;")
                .hasMessageContaining("source \"public\".\"orders_db\" belongs to another Aurora cluster")
                .hasMessageContaining("or give this cluster another Materialize source name");
    }

    @Test
    void plan_whenOurTableIsFedByAnotherSource_refuses() {
        Map<String, ObservedObject> observed = ours("v1");
        observed.put("orders_db_public_orders", new ObservedObject("u4", "orders_db_public_orders", "table", MARKER,
                "u9"));

        assertThatThrownBy(() -> MaterializePlanner.plan(spec("v1"), observed, "PEM"))
                .isInstanceOf(MaterializeForeignObjectException.class)
                .hasMessageContaining("is fed by another source (u9), not by source \"public\".\"orders_db\" (u3)");
    }

    @Test
    void names_deriveFromTheClusterIdentifier_orTheGivenSourceName() {
        MaterializeSourceSpec named = new MaterializeSourceSpec("Orders.DB-1", ARN, "us-east-1", "h", 5432, "app", "repl",
                "p", List.of(ORDERS), SECRET_ARN, "v1", " ", "cdc", null);

        assertThat(named.secretName()).isEqualTo("orders_db_1_password");
        assertThat(named.connectionName()).isEqualTo("orders_db_1_connection");
        assertThat(named.tableName(ORDERS)).isEqualTo("cdc_public_orders");
        assertThat(named.materializeCluster()).isNull();
        assertThat(spec("v1").source()).isEqualTo("orders_db");
    }

    @Test
    void ownership_readsOnlyOurMarkerForThisCluster() {
        assertThat(OwnershipMarker.owner(MARKER, ARN)).isEqualTo(Owner.OURS);
        assertThat(OwnershipMarker.owner(MARKER + " secret-version=v1", ARN)).isEqualTo(Owner.OURS);
        assertThat(OwnershipMarker.owner(MARKER + "x", ARN)).isEqualTo(Owner.OTHER_CLUSTER);
        assertThat(OwnershipMarker.owner("managed-by=aurora-cdc-autopilot", ARN)).isEqualTo(Owner.FOREIGN);
        assertThat(OwnershipMarker.owner("cluster=" + ARN, ARN)).isEqualTo(Owner.FOREIGN);
        assertThat(OwnershipMarker.owner(null, ARN)).isEqualTo(Owner.FOREIGN);
        assertThat(OwnershipMarker.secretVersion(MARKER + " secret-version=abc")).contains("abc");
        assertThat(OwnershipMarker.secretVersion(MARKER)).isEmpty();
        assertThat(OwnershipMarker.secretVersion(null)).isEmpty();
    }

    @Test
    void sourceStatus_wholeIsTheWorstThenRunningOnlyWhenAllRun() {
        assertThat(SourceStatus.whole(List.of(row("running"), row("stalled"), row("paused"))))
                .isEqualTo(SourceState.STALLED);
        assertThat(SourceStatus.whole(List.of(row("failed"), row("stalled")))).isEqualTo(SourceState.FAILED);
        assertThat(SourceStatus.whole(List.of(row("running"), row("paused")))).isEqualTo(SourceState.PAUSED);
        assertThat(SourceStatus.whole(List.of(row("running"), row("running")))).isEqualTo(SourceState.RUNNING);
        assertThat(SourceStatus.whole(List.of(row("running"), row("created")))).isEqualTo(SourceState.STARTING);
        assertThat(SourceStatus.whole(List.of(row("created")))).isEqualTo(SourceState.CREATED);
        assertThat(SourceStatus.whole(List.of())).isEqualTo(SourceState.CREATED);
        assertThat(SourceState.of("hydrating")).isEqualTo(SourceState.STARTING);
        assertThat(SourceState.of(null)).isEqualTo(SourceState.CREATED);
    }

    @Test
    void certificateAuthority_ofARegion_isThatRegionsCertificatesAndTheirIssuers() {
        var certificates = RdsCertificateAuthority.certificates("eu-west-3");

        assertThat(certificates).isNotEmpty().allMatch(c -> c.getSubjectX500Principal().getName().contains("eu-west-3")
                || certificates.stream().anyMatch(o -> o.getIssuerX500Principal().equals(c.getSubjectX500Principal())));
        assertThat(certificates.size()).isLessThan(RdsCertificateAuthority.certificates("xx-nowhere-9").size());
        assertThat(RdsCertificateAuthority.pem("eu-west-3")).startsWith("-----BEGIN CERTIFICATE-----\n")
                .endsWith("-----END CERTIFICATE-----\n");
    }

    private static SourceStatus.ObjectStatus row(String status) {
        return new SourceStatus.ObjectStatus("x", "table", status, SourceState.of(status), null);
    }
}
