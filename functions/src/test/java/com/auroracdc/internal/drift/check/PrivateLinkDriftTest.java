package com.auroracdc.internal.drift.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.drift.Severity;
import com.auroracdc.internal.privatelink.ObservedPrivateLink;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.EndpointServiceState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.ListenerState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.LoadBalancerState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.Target;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.TargetGroupState;
import com.auroracdc.internal.privatelink.PrivateLinkFixtures;
import com.auroracdc.internal.privatelink.PrivateLinkPlanner;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The PrivateLink planner's plan and the observed health as drift findings: pure, no AWS. */
class PrivateLinkDriftTest {
    private static final String CLUSTER = PrivateLinkFixtures.CLUSTER;
    private static final String MZ = PrivateLinkFixtures.MZ;
    private static final List<String> BOTH = List.of("subnet-a", "subnet-b");
    private static final Target HEALTHY = new Target("10.0.1.10", 5432, "healthy", null);

    private static LoadBalancerState lb(String state, boolean crossZone, List<String> subnets) {
        return new LoadBalancerState("arn:lb", "mz-cdc-orders", "internal-x", state, true, "internal", subnets,
                List.of("us-east-1a", "us-east-1b"), List.of(PrivateLinkFixtures.GROUP.id()), "off", crossZone);
    }

    private static ObservedPrivateLink observed(LoadBalancerState lb, Target target, boolean acceptance) {
        return new ObservedPrivateLink(CLUSTER, "arn:cluster", "vpc-1", 5432, PrivateLinkFixtures.SUBNETS,
                PrivateLinkFixtures.WRITER, PrivateLinkFixtures.GROUP, lb,
                new TargetGroupState("arn:tg", "mz-cdc-orders", true, 5432, "vpc-1", List.of(target)),
                new ListenerState("arn:l", 5432, "TCP", "arn:tg"),
                new EndpointServiceState("vpce-svc-1", "com.amazonaws.vpce.us-east-1.vpce-svc-1", "Available", true, acceptance,
                        List.of("use1-az4", "use1-az6"), Set.of(MZ), Map.of()));
    }

    private static List<Finding> findings(ObservedPrivateLink observed) {
        return PrivateLinkDrift.findings(CLUSTER, observed, PrivateLinkPlanner.plan(observed, PrivateLinkFixtures.DESIRED));
    }

    @Test
    void findings_whenConverged_none() {
        assertThat(findings(observed(lb("active", true, BOTH), HEALTHY, true))).isEmpty();
    }

    @Test
    void findings_whenCrossZoneOffAndAcceptanceChanged_oneWarningNamingBoth() {
        assertThat(findings(observed(lb("active", false, BOTH), HEALTHY, false))).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.PRIVATELINK_PATH_INCOMPLETE);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.found()).isEqualTo("cross-zone load balancing off on mz-cdc-orders; endpoint service vpce-svc-1 has"
                    + " acceptance not required, the stack says required");
        });
    }

    @Test
    void findings_whenTheLoadBalancerLacksAZone_thePlannersWarningIsAnAzCoverageFinding() {
        assertThat(findings(observed(lb("active", true, List.of("subnet-a")), HEALTHY, true))).singleElement()
                .satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(FindingKind.PRIVATELINK_AZ_COVERAGE);
                    assertThat(f.found()).startsWith("load balancer mz-cdc-orders is in subnets subnet-a but");
                });
    }

    @Test
    void findings_byLoadBalancerState_provisioningIsInformation_failedIsCritical() {
        Target unused = new Target("10.0.1.10", 5432, "unused", "Target.NotInUse");
        assertThat(findings(observed(lb("provisioning", true, BOTH), unused, true))).extracting(Finding::kind)
                .containsExactly(FindingKind.PRIVATELINK_LOAD_BALANCER_PROVISIONING);
        assertThat(findings(observed(lb("failed", true, BOTH), unused, true))).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.PRIVATELINK_LOAD_BALANCER_NOT_ACTIVE);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.found()).isEqualTo("load balancer mz-cdc-orders is failed");
        });
    }

    @Test
    void findings_whenTheWritersTargetIsUnhealthy_aWarningNamingTheLoadBalancersGroup() {
        assertThat(findings(observed(lb("active", true, BOTH), new Target("10.0.1.10", 5432, "unhealthy",
                "Target.Timeout"), true))).singleElement().satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(FindingKind.PRIVATELINK_TARGET_UNHEALTHY);
                    assertThat(f.found()).isEqualTo("it is unhealthy (Target.Timeout)");
                    assertThat(f.repair()).contains("mz-cdc-orders-nlb").contains("orders-1");
                });
        assertThat(findings(observed(lb("active", true, BOTH), new Target("10.0.1.10", 5432, "initial",
                "Elb.InitialHealthChecking"), true))).as("a new target's first checks are no finding").isEmpty();
    }

    @Test
    void findings_whenTheTargetIsAnotherAddress_oneCriticalTargetStaleNamingBoth() {
        assertThat(findings(observed(lb("active", true, BOTH), new Target("10.0.2.30", 5432, "healthy", null), true)))
                .singleElement().satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(FindingKind.PRIVATELINK_TARGET_STALE);
                    assertThat(f.found()).startsWith("target 10.0.2.30:5432, not the writer's address 10.0.1.10");
                    assertThat(f.kind().repairedBySetup()).isTrue();
                });
    }
}
