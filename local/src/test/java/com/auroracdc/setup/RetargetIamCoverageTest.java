package com.auroracdc.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.RetargetDeferredException;
import com.auroracdc.internal.execution.LeaseBound;
import com.auroracdc.internal.execution.SimExecutions;
import com.auroracdc.local.run.LocalAutopilot;
import com.auroracdc.local.sim.Scenario;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege for the failover retarget, both ways: over every path it takes (a failover followed, the same event
 * again, an instance event, a cluster held by a setup, and a cluster without a PrivateLink path) every AWS action it
 * calls is granted to RetargetFunction, and it is granted nothing it does not call.
 */
class RetargetIamCoverageTest {
    private static final String FUNCTION = "RetargetFunction";
    private static final Map<String, Set<String>> observed = new TreeMap<>();

    @BeforeAll
    static void followAFailoverEveryWay() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.redeploy(Map.of("NETWORK_PATH", "privatelink", "PRIVATELINK_PRINCIPALS",
                    "arn:aws:iam::664411391173:role/mz_4f3a_plc"));
            assertThat(autopilot.setup(Map.of("egressCidrs", "3.215.237.32/27"), event -> { }).succeeded()).isTrue();
            TeardownIamCoverageTest.recordCalls(autopilot, observed);
            String oldWriter = autopilot.cluster().writerInstanceId();
            String reader = autopilot.cluster().readerInstanceIds().getFirst();
            var sim = autopilot.sim();

            sim.rds().failover(LocalAutopilot.CLUSTER, reader);
            autopilot.deliverRdsEvent(autopilot.rdsClusterEvent("RDS-EVENT-0071", "Completed failover to DB instance: " + reader));
            autopilot.deliverRdsEvent(autopilot.rdsClusterEvent("RDS-EVENT-0071", "Completed failover to DB instance: " + reader));
            autopilot.deliverRdsEvent(Map.of("clusterId", LocalAutopilot.CLUSTER));

            sim.rds().failover(LocalAutopilot.CLUSTER, oldWriter);
            sim.unrecorded(() -> SimExecutions.holdAsRunningSetup(sim, LocalAutopilot.CLUSTER));
            assertThatThrownBy(() -> autopilot.deliverRdsEvent(autopilot.rdsClusterEvent("RDS-EVENT-0073", "Started")))
                    .isInstanceOf(RetargetDeferredException.class);
            sim.clock().advance(LeaseBound.HEARTBEAT.plus(Duration.ofMinutes(1)));
            autopilot.deliverRdsEvent(autopilot.rdsClusterEvent("RDS-EVENT-0071", "Completed"));
        }
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) { // public-cidrs: nothing of ours
            TeardownIamCoverageTest.recordCalls(autopilot, observed);
            autopilot.deliverRdsEvent(autopilot.rdsClusterEvent("RDS-EVENT-0071", "Completed"));
        }
    }

    @Test
    void everyCalledAction_isGranted_andEveryGrantedActionIsCalled() {
        Set<String> granted = IamCoverageTest.grantedActions().get(FUNCTION);
        assertThat(observed.get(FUNCTION)).as("what %s calls", FUNCTION).isNotEmpty();
        assertThat(granted).as("policy of %s", FUNCTION).containsAll(observed.get(FUNCTION));
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(observed.get(FUNCTION));
        assertThat(unused).as("actions granted to %s that it never calls", FUNCTION).isEmpty();
    }
}
