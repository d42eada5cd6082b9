package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.materialize.MaterializeEndpoint;
import com.auroracdc.internal.securitygroup.DedicatedGroup;
import com.auroracdc.local.materialize.MaterializeStandIn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/**
 * MaterializeMode egress in the drift check: the dedicated group is compared with the addresses Materialize publishes
 * at the time of the check (read once per run), a change on Materialize's side is one egress-changed finding naming
 * what was added and removed, and repair reconciles it without a reboot. A Materialize that cannot be read is a
 * finding, and nothing is compared against a guess.
 */
class DriftEgressTest {
    private static final String PASSWORD = "app-password-Never-Logged-71c3";

    private final DriftWorld world = new DriftWorld();
    private MaterializeStandIn materialize;

    @BeforeEach
    void setUp() {
        materialize = MaterializeStandIn.start("ops@example.com", PASSWORD);
        materialize.egressCidrs(List.of("52.6.209.3/32", "3.215.237.32/27"));
        String secret = world.sim().secretsManager().seedSecret("materialize/app-password",
                "{\"username\": \"ops@example.com\", \"password\": \"" + PASSWORD + "\"}");
        Map<String, String> stack = new HashMap<>(world.environment());
        stack.remove("EGRESS_CIDRS"); // read from Materialize instead
        stack.put(MaterializeEndpoint.MODE_VARIABLE, "egress");
        stack.put(MaterializeEndpoint.HOST_VARIABLE, materialize.host("localhost"));
        stack.put(MaterializeEndpoint.SECRET_VARIABLE, secret);
        world.redeploy(stack);
        world.materializeTrust(MaterializeStandIn.clientTls());
    }

    @AfterEach
    void tearDown() {
        try {
            materialize.close();
        } catch (IllegalStateException alreadyClosed) {
            // the unreachable case closed it
        }
    }

    private List<String> openedTo(String cluster) {
        String groupId = world.sim().ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                .values(DedicatedGroup.name(cluster)))).securityGroups().getFirst().groupId();
        return world.sim().ec2().describeSecurityGroupRulesPaginator(r -> r.filters(f -> f.name("group-id").values(groupId)))
                .securityGroupRules().stream().filter(rule -> !rule.isEgress()).map(SecurityGroupRule::cidrIpv4)
                .filter(cidr -> cidr != null).sorted().toList();
    }

    @Test
    void aConvergedCluster_hasNoFinding_andTheRunReadsMaterializeOnceForAllItsClusters() {
        world.setUpNew(world.cluster("orders"));
        world.setUpNew(world.cluster("billing"));
        assertThat(openedTo("orders")).containsExactly("3.215.237.32/27", "52.6.209.3/32");
        int before = materialize.requests();

        DriftWorld.Run run = world.drift();

        assertThat(run.findings()).isEmpty();
        assertThat(run.mutatingCalls()).isZero();
        assertThat(materialize.requests() - before).as("one read of mz_egress_ips per run, not per cluster").isEqualTo(1);
    }

    @Test
    void iam_theControlPlaneCheckAlsoReadsTheAppPassword_andNothingElse() {
        world.setUpNew(world.cluster("orders"));
        world.drift();

        Set<String> expected = new TreeSet<>(DriftIamTest.EXPECTED.get("CheckControlPlaneFunction"));
        expected.addAll(DriftIamTest.WITH_MATERIALIZE.get("CheckControlPlaneFunction"));
        assertThat(world.actionsByFunction().get("CheckControlPlaneFunction")).isEqualTo(expected);
    }

    @Test
    void anAddressChangedOnMaterializesSide_isOneEgressChangedFinding_andRepairReconcilesItWithoutAReboot() {
        world.setUpNew(world.cluster("orders").tag("materialize:repair", "auto"));
        materialize.egressCidrs(List.of("3.215.237.32/27", "54.1.2.3/32"));

        DriftWorld.Run drifted = world.drift();

        assertThat(drifted.kinds("orders")).containsExactly(FindingKind.EGRESS_CHANGED);
        assertThat(drifted.of("orders").getFirst().found())
                .isEqualTo("added (listed by Materialize, not let in): 54.1.2.3/32; removed (let in, no longer listed): 52.6.209.3/32");
        assertThat(drifted.summary().repairsStarted()).containsExactly("orders");
        long reboots = world.sim().callCount("RebootDBInstance");

        assertThat(world.runStartedRepairs()).containsExactly("orders");

        assertThat(openedTo("orders")).containsExactly("3.215.237.32/27", "54.1.2.3/32");
        assertThat(world.sim().callCount("RebootDBInstance")).as("an egress repair reboots nothing").isEqualTo(reboots);
        assertThat(world.drift().findings()).isEmpty();
    }

    @Test
    void aRuleRemovedByHand_isAlsoEgressChanged() {
        world.setUpNew(world.cluster("orders"));
        String groupId = world.sim().ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                .values(DedicatedGroup.name("orders")))).securityGroups().getFirst().groupId();
        world.sim().unrecorded(() -> world.sim().ec2().revokeSecurityGroupIngress(r -> r.groupId(groupId)
                .ipPermissions(p -> p.ipProtocol("tcp").fromPort(5432).toPort(5432).ipRanges(ip -> ip.cidrIp("52.6.209.3/32")))));

        assertThat(world.drift().of("orders")).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.EGRESS_CHANGED);
            assertThat(f.found()).startsWith("added (listed by Materialize, not let in): 52.6.209.3/32;");
        });
    }

    @Test
    void whenMaterializeCannotBeRead_eachClusterGetsAMaterializeUnavailableFinding_andNothingElseIsGuessed() {
        world.setUpNew(world.cluster("orders"));
        world.setUpNew(world.cluster("billing"));
        List<Consumer<MaterializeStandIn>> failures = List.of(
                m -> m.failRequests(401),
                m -> m.egressCidrs(List.of()),
                MaterializeStandIn::answerMalformedJson,
                m -> m.egressCidrs(List.of("0.0.0.0/1")), // a public range: refused as a configured one would be
                MaterializeStandIn::close);
        for (Consumer<MaterializeStandIn> failure : failures) {
            materialize.reset();
            materialize.egressCidrs(List.of("52.6.209.3/32", "3.215.237.32/27"));
            failure.accept(materialize);

            DriftWorld.Run run = world.drift();

            for (String cluster : List.of("orders", "billing")) {
                assertThat(run.of(cluster)).as("%s", failure).singleElement().satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(FindingKind.MATERIALIZE_UNAVAILABLE);
                    assertThat(f.toString()).doesNotContain(PASSWORD);
                });
            }
            assertThat(world.sim().calls()).as("this run's writes other than the status tag")
                    .filteredOn(call -> call.mutating() && !call.operation().equals("AddTagsToResource")).isEmpty();
            assertThat(world.repairs()).isEmpty();
            assertThat(openedTo("orders")).containsExactly("3.215.237.32/27", "52.6.209.3/32");
        }
    }
}
