package com.auroracdc.internal.privatelink;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.privatelink.ObservedPrivateLink.EndpointServiceState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.ListenerState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.LoadBalancerState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.TargetGroupState;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.DeleteEndpointService;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.DeleteListener;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.DeleteLoadBalancer;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.DeleteTargetGroup;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.RejectConnections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrivateLinkTeardownPlannerTest {
    private static final String NAME = "mz-cdc-orders";

    private static ObservedPrivateLink observed(boolean lbOurs, boolean groupOurs, boolean serviceOurs, Map<String, String> connections) {
        return new ObservedPrivateLink("orders", "arn:c", "vpc-1", 5432, List.of(), null, null,
                new LoadBalancerState("arn:lb", NAME, "x", "active", lbOurs, "internal", List.of(), List.of(), List.of(), null, true),
                new TargetGroupState("arn:tg", NAME, groupOurs, 5432, "vpc-1", List.of()),
                lbOurs ? new ListenerState("arn:l", 5432, "TCP", "arn:tg") : null,
                lbOurs ? new EndpointServiceState("vpce-svc-1", "svc", "Available", serviceOurs, true, List.of(), Set.of(), connections)
                        : null);
    }

    @Test
    void plan_whenAllOurs_rejectsOpenConnectionsThenDeletesInDependencyOrder() {
        var plan = PrivateLinkTeardownPlanner.plan(observed(true, true, true,
                Map.of("vpce-2", "available", "vpce-1", "pendingAcceptance", "vpce-3", "rejected")));
        assertThat(plan.changes()).containsExactly(new RejectConnections("vpce-svc-1", List.of("vpce-1", "vpce-2")),
                new DeleteEndpointService("vpce-svc-1", "svc"), new DeleteListener(NAME, "arn:l"),
                new DeleteTargetGroup(NAME, "arn:tg"), new DeleteLoadBalancer(NAME, "arn:lb"));
        assertThat(plan.left()).isEmpty();
    }

    @Test
    void plan_whenNoOpenConnections_deletesWithoutRejecting() {
        assertThat(PrivateLinkTeardownPlanner.plan(observed(true, true, true, Map.of())).changes().get(0))
                .isEqualTo(new DeleteEndpointService("vpce-svc-1", "svc"));
    }

    @Test
    void plan_whenLoadBalancerAndGroupForeign_leavesThem() {
        var plan = PrivateLinkTeardownPlanner.plan(observed(false, false, false, Map.of()));
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left()).hasSize(2).allSatisfy(l -> assertThat(l).contains("not tagged as ours"));
    }

    @Test
    void plan_whenServiceOnOurLoadBalancerIsForeign_leavesEverything() {
        var plan = PrivateLinkTeardownPlanner.plan(observed(true, true, false, Map.of()));
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left()).singleElement().asString().contains("vpce-svc-1");
    }

    @Test
    void plan_whenServiceIsAlreadyDeleting_deletesTheRestWithoutDeletingItAgain() {
        var going = observed(true, true, true, Map.of("vpce-1", "available"));
        var service = going.service();
        var deleting = new ObservedPrivateLink("orders", "arn:c", "vpc-1", 5432, List.of(), null, null, going.loadBalancer(),
                going.targetGroup(), going.listener(), new EndpointServiceState(service.id(), service.name(), "Deleting",
                true, true, List.of(), Set.of(), service.connections()));

        var plan = PrivateLinkTeardownPlanner.plan(deleting);

        assertThat(plan.changes()).containsExactly(new DeleteListener(NAME, "arn:l"), new DeleteTargetGroup(NAME, "arn:tg"),
                new DeleteLoadBalancer(NAME, "arn:lb"));
        assertThat(plan.left()).isEmpty();
    }

    @Test
    void plan_whenNothingExists_isEmpty() {
        var none = new ObservedPrivateLink("orders", "arn:c", null, 5432, List.of(), null, null, null, null, null, null);
        assertThat(PrivateLinkTeardownPlanner.plan(none).changes()).isEmpty();
    }
}
