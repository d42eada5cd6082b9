package com.auroracdc.internal.privatelink;

import com.auroracdc.errors.NotYetVisibleException;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.DeleteEndpointService;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.DeleteListener;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.DeleteLoadBalancer;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.DeleteTargetGroup;
import com.auroracdc.internal.privatelink.PrivateLinkRemoval.RejectConnections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.UnsuccessfulItem;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ResourceInUseException;

/** Applies a {@link PrivateLinkTeardownPlanner} plan, one change per call; a change already made by a lost attempt is done. */
public final class PrivateLinkRemover implements Consumer<PrivateLinkRemoval> {
    private static final Set<String> GONE = Set.of("InvalidVpcEndpointService.NotFound", "InvalidVpcEndpointServiceId.NotFound");
    private final ElasticLoadBalancingV2Client elbv2;
    private final Ec2Client ec2;

    public PrivateLinkRemover(ElasticLoadBalancingV2Client elbv2, Ec2Client ec2) {
        this.elbv2 = elbv2;
        this.ec2 = ec2;
    }

    @Override
    public void accept(PrivateLinkRemoval change) {
        switch (change) {
            // A connection already rejected or deleted comes back in Unsuccessful: the change has taken effect either way.
            case RejectConnections reject -> ec2.rejectVpcEndpointConnections(r -> r.serviceId(reject.serviceId())
                    .vpcEndpointIds(reject.endpointIds()));
            case DeleteEndpointService delete -> deleteService(delete);
            case DeleteListener delete -> {
                try {
                    elbv2.deleteListener(r -> r.listenerArn(delete.listenerArn()));
                } catch (ListenerNotFoundException e) {
                    // deleted by an attempt whose answer was lost
                }
            }
            case DeleteTargetGroup delete -> elbv2.deleteTargetGroup(r -> r.targetGroupArn(delete.targetGroupArn()));
            case DeleteLoadBalancer delete -> deleteLoadBalancer(delete);
        }
    }

    private void deleteService(DeleteEndpointService change) {
        List<UnsuccessfulItem> failed = ec2.deleteVpcEndpointServiceConfigurations(r -> r.serviceIds(change.serviceId()))
                .unsuccessful().stream().filter(u -> u.error() == null || !GONE.contains(u.error().code())).toList();
        if (!failed.isEmpty()) {
            UnsuccessfulItem item = failed.get(0);
            throw new NotYetVisibleException("Endpoint service " + change.serviceId() + " was not deleted ("
                    + (item.error() == null ? "no reason given" : item.error().code() + ": " + item.error().message())
                    + "): an endpoint connection is still open. The state machine tries again shortly; list them with"
                    + " aws ec2 describe-vpc-endpoint-connections --filters Name=service-id,Values=" + change.serviceId() + ".", null);
        }
    }

    private void deleteLoadBalancer(DeleteLoadBalancer change) {
        try {
            elbv2.deleteLoadBalancer(r -> r.loadBalancerArn(change.loadBalancerArn()));
        } catch (ResourceInUseException e) {
            throw new NotYetVisibleException("Load balancer " + change.name() + " is still in use by its endpoint service"
                    + " (being deleted). The state machine tries again shortly.", e);
        }
    }
}
