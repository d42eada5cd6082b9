package com.auroracdc.internal.privatelink;

import com.auroracdc.errors.ClusterNotFoundException;
import com.auroracdc.errors.PrivateLinkConflictException;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.ClusterSubnet;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.Target;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.Writer;
import com.auroracdc.internal.privatelink.PrivateLinkChange.DeregisterTarget;
import com.auroracdc.internal.privatelink.PrivateLinkChange.RegisterTarget;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Keeps the target group's one target on the current writer across failovers: reads only the writer and the registered
 * targets, and plans "register the new writer, then deregister the old one" (so a connection always has somewhere to go),
 * nothing when they are equal. The event-driven step after a failover and drift repair both use it; the full setup plans
 * the same changes through {@link #changes}.
 */
public final class Retarget {
    private final PrivateLinkReads reads;

    public Retarget(PrivateLinkReads reads) {
        this.reads = reads;
    }

    /**
     * @throws ClusterNotFoundException     the cluster is gone
     * @throws PrivateLinkConflictException the target group of our name is not ours
     */
    public PrivateLinkPlan plan(String clusterId) {
        DBCluster cluster = reads.cluster(clusterId).orElseThrow(() -> new ClusterNotFoundException("DB cluster " + clusterId
                + " was not found: it was deleted or renamed. Nothing was changed."));
        String name = PrivateLinkNames.name(clusterId);
        var group = reads.targetGroup(name);
        if (group.isEmpty()) {
            return new PrivateLinkPlan(List.of(), List.of("Cluster " + clusterId + " has no PrivateLink target group (" + name
                    + ") to retarget: run the setup."), null);
        }
        String groupArn = group.get().targetGroupArn();
        if (!PrivateLinkNames.ours(reads.tags(groupArn), clusterId)) {
            throw new PrivateLinkConflictException("Target group " + groupArn + " is named " + name + ", the name Aurora CDC"
                    + " Autopilot uses for cluster " + clusterId + ", but is not tagged as the automation's for it: it is not"
                    + " retargeted. Rename or delete it, then run the setup again.");
        }
        List<ClusterSubnet> subnets = reads.subnetGroup(cluster.dbSubnetGroup())
                .map(g -> PrivateLinkObserver.subnets(reads, g.subnets().stream().map(s -> s.subnetIdentifier()).toList()))
                .orElse(List.of());
        Writer writer = PrivateLinkObserver.writer(reads, cluster, subnets);
        List<Target> live = reads.targetHealth(groupArn).stream()
                .map(d -> new Target(d.target().id(), d.target().port(), d.targetHealth().stateAsString(),
                        d.targetHealth().reasonAsString()))
                .filter(t -> !"draining".equals(t.state())).toList();
        List<PrivateLinkChange> changes = changes(name, groupArn, writer, cluster.port(), live);
        boolean known = writer != null && writer.privateIp() != null;
        return new PrivateLinkPlan(changes, List.of(), known ? null : "the writer's private address");
    }

    /**
     * Pure: register the writer's address unless it is a live target already, then deregister every other live target.
     * Nothing when the writer (or its address) is unknown: an old target is better than none.
     *
     * @param live the registered targets that are not draining
     */
    public static List<PrivateLinkChange> changes(String groupName, String groupArn, Writer writer, int port, List<Target> live) {
        List<PrivateLinkChange> changes = new ArrayList<>();
        if (writer == null || writer.privateIp() == null) {
            return changes;
        }
        String ip = writer.privateIp();
        if (live.stream().noneMatch(t -> t.ip().equals(ip) && t.port() == port)) {
            changes.add(new RegisterTarget(groupName, groupArn, writer.instanceId(), ip, port));
        }
        live.stream().filter(t -> !(t.ip().equals(ip) && t.port() == port))
                .forEach(t -> changes.add(new DeregisterTarget(groupName, groupArn, t.ip(), t.port())));
        return changes;
    }
}
