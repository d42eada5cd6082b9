package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.materialize.MaterializeEndpoint;
import com.auroracdc.internal.materialize.OwnershipMarker;
import com.auroracdc.local.materialize.MaterializeStandIn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MaterializeMode source in the drift check: every run asks Materialize whether each cluster's source runs
 * ({@code mz_source_statuses}), and a source that is missing, stalled, paused or cut off upstream is a finding with
 * Materialize's own words and what to do.
 */
class DriftSourceTest {
    private static final String PASSWORD = "app-password-Kept-Out-Of-Findings-0b2";

    private final DriftWorld world = new DriftWorld();
    private MaterializeStandIn materialize;

    @BeforeEach
    void setUp() {
        materialize = MaterializeStandIn.start("ops@example.com", PASSWORD);
        materialize.egressCidrs(List.of("3.215.237.32/27", "52.6.209.3/32"));
        String secret = world.sim().secretsManager().seedSecret("materialize/app-password",
                "{\"username\": \"ops@example.com\", \"password\": \"" + PASSWORD + "\"}");
        Map<String, String> stack = new HashMap<>(world.environment());
        stack.remove("EGRESS_CIDRS");
        stack.put(MaterializeEndpoint.MODE_VARIABLE, "source");
        stack.put(MaterializeEndpoint.HOST_VARIABLE, materialize.host("localhost"));
        stack.put(MaterializeEndpoint.SECRET_VARIABLE, secret);
        world.redeploy(stack);
        world.materializeTrust(MaterializeStandIn.clientTls());
        world.setUpNew(world.cluster("orders").tag("materialize:repair", "auto"));
        // The source the setup's MaterializeSource stage would have made (its tables are not needed to read statuses).
        materialize.seedObject("source", "public", "orders", OwnershipMarker.of(world.describe("orders").dbClusterArn()));
    }

    @AfterEach
    void tearDown() {
        materialize.close();
    }

    @Test
    void aRunningSource_isNoFinding() {
        materialize.sourceStatus("orders", "running", null);

        assertThat(world.drift().findings()).isEmpty();
    }

    @Test
    void aStalledSource_isCriticalWithMaterializesErrorText_andIsNotRepaired() {
        materialize.sourceStatus("orders", "stalled", "db error: FATAL: password authentication failed for user \"materialize\"");

        DriftWorld.Run run = world.drift();

        assertThat(run.of("orders")).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SOURCE_NOT_RUNNING);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.found()).isEqualTo("stalled: orders (stalled): db error: FATAL: password authentication failed"
                    + " for user \"materialize\"");
            assertThat(f.toString()).doesNotContain(PASSWORD);
        });
        assertThat(run.summary().repairsStarted()).isEmpty();
    }

    @Test
    void aSourceWhoseSlotIsGoneUpstream_isItsOwnCriticalKind() {
        materialize.sourceStatus("orders", "stalled", "replication slot \"materialize_a1b2\" does not exist");

        assertThat(world.drift().kinds("orders")).containsExactly(FindingKind.SOURCE_UPSTREAM_GONE);
    }

    @Test
    void aPausedSource_saysItsClusterHasNoReplica() {
        materialize.sourceStatus("orders", "paused", null);

        assertThat(world.drift().of("orders")).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SOURCE_NOT_RUNNING);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.found()).contains("no replica");
        });
    }

    @Test
    void aMissingSource_isFound_andRepairIsStarted() {
        materialize.clearCatalog();

        DriftWorld.Run run = world.drift();

        assertThat(run.kinds("orders")).containsExactly(FindingKind.SOURCE_MISSING);
        assertThat(run.summary().repairsStarted()).containsExactly("orders");
    }

    @Test
    void aStartingSource_isInformationOnly() {
        DriftWorld.Run run = world.drift(); // new objects report starting

        assertThat(run.findings()).isEmpty();
        assertThat(run.checkedOf("orders")).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.SOURCE_STARTING);
            assertThat(f.severity()).isEqualTo(Severity.INFO);
        });
    }

    @Test
    void whenMaterializeCannotBeRead_eachClusterHasOneMaterializeUnavailableFinding_notOnePerArea() {
        materialize.failRequests(401);

        assertThat(world.drift().kinds("orders")).containsExactly(FindingKind.MATERIALIZE_UNAVAILABLE);
    }
}
