package com.auroracdc.internal.privatelink;

import com.auroracdc.errors.PrivateLinkConflictException;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.ClusterSubnet;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.EndpointServiceState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.LoadBalancerState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.TargetGroupState;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateEndpointService;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateListener;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateLoadBalancer;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateSecurityGroup;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateTargetGroup;
import com.auroracdc.internal.privatelink.PrivateLinkChange.EnableCrossZone;
import com.auroracdc.internal.privatelink.PrivateLinkChange.SetAcceptanceRequired;
import com.auroracdc.internal.privatelink.PrivateLinkChange.SetAllowedPrincipals;
import com.auroracdc.internal.privatelink.PrivateLinkChange.SetLoadBalancerSecurityGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure: (observed, desired) → the changes that give the cluster its PrivateLink path: the load balancer's security group
 * (no inbound rule), load balancer (with that group alone, its inbound rules not enforced on PrivateLink traffic,
 * cross-zone on),
 * target group with the writer as its one target, listener, endpoint service with exactly the desired principals and
 * acceptance. Only resources tagged ours for this cluster are ever changed; a same-named resource that is not is refused
 * before anything is planned.
 *
 * <p>The endpoint service needs an active load balancer, which a new one is not for a few minutes: the plan then makes
 * every other change and says in {@link PrivateLinkPlan#awaiting()} what it waits for, and the next run creates the service.
 */
public final class PrivateLinkPlanner {
    private PrivateLinkPlanner() {
    }

    /** @throws PrivateLinkConflictException a load balancer, target group or endpoint service of ours by name is not ours */
    public static PrivateLinkPlan plan(ObservedPrivateLink observed, PrivateLinkDesired desired) {
        refuseForeign(observed);
        String name = PrivateLinkNames.name(observed.clusterId());
        List<PrivateLinkChange> changes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> awaiting = new ArrayList<>();
        if (observed.subnets().isEmpty()) {
            warnings.add("Cluster " + observed.clusterId() + " has no DB subnet group this automation can read, so it has no"
                    + " subnets to put the load balancer in. Nothing was planned for PrivateLink.");
            return new PrivateLinkPlan(changes, warnings, "the cluster's subnets");
        }
        List<String> subnetIds = observed.subnets().stream().map(ClusterSubnet::subnetId).toList();

        String groupName = PrivateLinkNames.securityGroupName(observed.clusterId());
        String groupId = observed.securityGroup() == null ? null : observed.securityGroup().id();
        if (groupId == null) {
            changes.add(new CreateSecurityGroup(observed.clusterId(), groupName, observed.vpcId()));
        }
        LoadBalancerState lb = observed.loadBalancer();
        String lbArn = lb == null ? null : lb.arn();
        if (lb == null) {
            changes.add(new CreateLoadBalancer(observed.clusterId(), name, subnetIds, groupId));
            changes.add(new SetLoadBalancerSecurityGroup(name, null, groupName, groupId));
            changes.add(new EnableCrossZone(name, null));
        } else {
            if (lb.securityGroupIds().isEmpty()) {
                warnings.add("Load balancer " + name + " has no security group, and AWS cannot add one to a load balancer"
                        + " created without: anything in the VPC can reach the database through its listener. Run the"
                        + " teardown, then the setup, to recreate it with one.");
            } else if (!lb.securityGroupIds().equals(groupId == null ? List.of() : List.of(groupId))
                    || !"off".equals(lb.privateLinkInbound())) {
                changes.add(new SetLoadBalancerSecurityGroup(name, lbArn, groupName, groupId));
            }
            if (!lb.crossZone()) {
                changes.add(new EnableCrossZone(name, lbArn));
            }
            if (!new HashSet<>(lb.subnetIds()).equals(new HashSet<>(subnetIds))) {
                warnings.add("privatelink-az-coverage: load balancer " + name + " is in subnets " + String.join(", ", lb.subnetIds())
                        + " but cluster " + observed.clusterId() + "'s DB subnet group has " + String.join(", ", subnetIds)
                        + ": a writer in a zone the load balancer lacks is still reached (cross-zone), but a zone Materialize"
                        + " connects through must be one the load balancer is in.");
            }
        }

        TargetGroupState group = observed.targetGroup();
        String groupArn = group == null ? null : group.arn();
        if (group == null) {
            changes.add(new CreateTargetGroup(observed.clusterId(), name, observed.vpcId(), desired.port()));
        } else if (group.port() != null && group.port() != desired.port()) {
            warnings.add("Target group " + name + " is on port " + group.port() + " but cluster " + observed.clusterId()
                    + " listens on " + desired.port() + ": the target is registered on the cluster's port.");
        }
        changes.addAll(Retarget.changes(name, groupArn, observed.writer(), desired.port(),
                group == null ? List.of() : group.live()));
        if (observed.writer() == null || observed.writer().privateIp() == null) {
            warnings.add(writerMissing(observed));
            awaiting.add("the writer's private address");
        }

        if (observed.listener() == null) {
            changes.add(new CreateListener(desired.clusterId(), name, lbArn, groupArn, desired.port()));
        } else if (groupArn != null && !groupArn.equals(observed.listener().targetGroupArn())) {
            warnings.add("The listener on port " + desired.port() + " of " + name + " forwards to "
                    + observed.listener().targetGroupArn() + ", not to target group " + name + ". Delete that listener and run"
                    + " the setup again.");
        }

        EndpointServiceState service = observed.service();
        List<PrivateLinkChange> later = new ArrayList<>();
        if (service == null) {
            // Made once the load balancer is active; until then a dry run still lists it.
            List<PrivateLinkChange> serviceChanges = lb != null && lb.active() ? changes : later;
            serviceChanges.add(new CreateEndpointService(observed.clusterId(), name, lbArn, desired.acceptanceRequired()));
            if (!desired.principals().isEmpty()) {
                serviceChanges.add(new SetAllowedPrincipals(null, List.copyOf(new TreeSet<>(desired.principals())), List.of()));
            }
            awaiting.add(lb == null ? "load balancer " + name + " to be created and become active (then the endpoint service)"
                    : "load balancer " + name + " to become active (it is " + lb.state() + "; then the endpoint service)");
        } else {
            if (service.acceptanceRequired() != desired.acceptanceRequired()) {
                changes.add(new SetAcceptanceRequired(service.id(), desired.acceptanceRequired()));
            }
            Set<String> add = new TreeSet<>(desired.principals());
            add.removeAll(service.principals());
            Set<String> remove = new TreeSet<>(service.principals());
            remove.removeAll(desired.principals());
            if (!add.isEmpty() || !remove.isEmpty()) {
                changes.add(new SetAllowedPrincipals(service.id(), List.copyOf(add), List.copyOf(remove)));
            }
            if (!"Available".equals(service.state())) {
                awaiting.add("endpoint service " + service.id() + " to become Available (it is " + service.state() + ")");
            }
        }
        if (desired.principals().isEmpty()) {
            warnings.add("No principal is allowed to connect to the endpoint service of cluster " + observed.clusterId()
                    + ": Materialize cannot create its endpoint until its principal (SELECT principal FROM"
                    + " mz_aws_privatelink_connections) is in the allowed principals.");
        }
        return new PrivateLinkPlan(changes, warnings, awaiting.isEmpty() ? null : String.join("; ", awaiting), later);
    }

    private static String writerMissing(ObservedPrivateLink observed) {
        var writer = observed.writer();
        if (writer == null) {
            return "Cluster " + observed.clusterId() + " has no writer right now (a failover in progress, or no instance):"
                    + " the target group gets its target on the next run.";
        }
        if (writer.resolvedTo().isEmpty()) {
            return "The endpoint of writer " + writer.instanceId() + " (" + writer.hostName() + ") does not resolve yet:"
                    + " the target group gets its target on the next run.";
        }
        return "The endpoint of writer " + writer.instanceId() + " (" + writer.hostName() + ") resolves to "
                + String.join(", ", writer.resolvedTo()) + ", none of it in the cluster's subnets: the instance is publicly"
                + " accessible and the name was resolved outside its VPC. Turn public accessibility off (the PrivateLink"
                + " path is for private clusters), or run the function in the cluster's VPC.";
    }

    private static void refuseForeign(ObservedPrivateLink observed) {
        String name = PrivateLinkNames.name(observed.clusterId());
        String fix = " It is not tagged managed-by=aurora-cdc-autopilot and " + PrivateLinkNames.CLUSTER_TAG + "="
                + observed.clusterId() + ", so it is not the automation's to change. Rename or delete it, then run the setup"
                + " again.";
        if (observed.securityGroup() != null && !observed.securityGroup().managed()) {
            throw new PrivateLinkConflictException("Security group " + observed.securityGroup().id() + " in " + observed.vpcId()
                    + " is named " + observed.securityGroup().name() + ", the name Aurora CDC Autopilot uses for cluster "
                    + observed.clusterId() + "'s PrivateLink load balancer group." + fix);
        }
        if (observed.loadBalancer() != null && !observed.loadBalancer().managed()) {
            throw new PrivateLinkConflictException("Load balancer " + observed.loadBalancer().arn() + " is named " + name
                    + ", the name Aurora CDC Autopilot uses for cluster " + observed.clusterId() + "'s PrivateLink load balancer." + fix);
        }
        if (observed.targetGroup() != null && !observed.targetGroup().managed()) {
            throw new PrivateLinkConflictException("Target group " + observed.targetGroup().arn() + " is named " + name
                    + ", the name Aurora CDC Autopilot uses for cluster " + observed.clusterId() + "'s PrivateLink target group." + fix);
        }
        if (observed.service() != null && !observed.service().managed()) {
            throw new PrivateLinkConflictException("Endpoint service " + observed.service().id() + " is on load balancer " + name
                    + " (the automation's, for cluster " + observed.clusterId() + ") but was not created by the automation."
                    + fix.replace("Rename or delete it", "Delete that endpoint service"));
        }
    }
}
