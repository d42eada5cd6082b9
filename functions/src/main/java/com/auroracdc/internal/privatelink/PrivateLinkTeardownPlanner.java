package com.auroracdc.internal.privatelink;

import com.auroracdc.internal.privatelink.ObservedPrivateLink.EndpointServiceState;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.DeleteEndpointService;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.DeleteListener;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.DeleteLoadBalancer;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.DeleteTargetGroup;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.RejectConnections;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Pure: the teardown of the PrivateLink path. Only resources tagged ours for the cluster are removed; a same-named one
 * that is not is left, and said so.
 */
public final class PrivateLinkTeardownPlanner {
    /** Connection states that block deleting the service ("you must reject any Available or PendingAcceptance ..."). */
    private static final Set<String> OPEN = Set.of("available", "pendingAcceptance");
    /**
     * Service states in which the service is already going (EC2's ServiceState): deleting it again is not planned; the
     * load balancer's deletion is refused while the service still holds it, which the remover reports as retryable.
     */
    private static final Set<String> GOING = Set.of("deleting", "deleted");

    private PrivateLinkTeardownPlanner() {
    }

    /** The changes, and in {@code left} what stays and why. */
    public record Plan(List<PrivateLinkRemoval> changes, List<String> left) {
        public Plan {
            changes = List.copyOf(changes);
            left = List.copyOf(left);
        }
    }

    public static Plan plan(ObservedPrivateLink observed) {
        List<PrivateLinkRemoval> changes = new ArrayList<>();
        List<String> left = new ArrayList<>();
        String name = PrivateLinkNames.name(observed.clusterId());
        var lb = observed.loadBalancer();
        boolean lbOurs = lb != null && lb.managed();
        EndpointServiceState service = observed.service();
        boolean going = service != null && service.state() != null && GOING.contains(service.state().toLowerCase(Locale.ROOT));
        if (service != null && service.managed() && !going) {
            List<String> open = service.connections().entrySet().stream().filter(e -> OPEN.contains(e.getValue()))
                    .map(e -> e.getKey()).sorted().toList();
            if (!open.isEmpty()) {
                changes.add(new RejectConnections(service.id(), open));
            }
            changes.add(new DeleteEndpointService(service.id(), service.name()));
        } else if (service != null && !service.managed()) {
            left.add("Left endpoint service " + service.id() + ": it is on our load balancer " + name + " but not tagged as"
                    + " ours, so the load balancer, its listener and target group stay too.");
            return new Plan(changes, left);
        }
        if (lbOurs && observed.listener() != null) {
            changes.add(new DeleteListener(name, observed.listener().arn()));
        }
        var group = observed.targetGroup();
        if (group != null && group.managed()) {
            changes.add(new DeleteTargetGroup(name, group.arn()));
        } else if (group != null) {
            left.add("Left target group " + group.arn() + ": it is named " + name + " but not tagged as ours.");
        }
        if (lbOurs) {
            changes.add(new DeleteLoadBalancer(name, lb.arn()));
        } else if (lb != null && !lb.managed()) {
            left.add("Left load balancer " + lb.arn() + ": it is named " + name + " but not tagged as ours.");
        }
        return new Plan(changes, left);
    }
}
