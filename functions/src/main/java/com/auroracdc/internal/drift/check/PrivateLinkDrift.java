package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.drift.Finding;
import com.auroracdc.internal.drift.FindingKind;
import com.auroracdc.internal.drift.Severity;
import com.auroracdc.internal.privatelink.ObservedPrivateLink;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.LoadBalancerState;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.Target;
import com.auroracdc.internal.privatelink.ObservedPrivateLink.Writer;
import com.auroracdc.internal.privatelink.PrivateLinkChange;
import com.auroracdc.internal.privatelink.PrivateLinkDesired;
import com.auroracdc.internal.privatelink.PrivateLinkNames;
import com.auroracdc.internal.privatelink.PrivateLinkObserver;
import com.auroracdc.internal.privatelink.PrivateLinkPlan;
import com.auroracdc.internal.privatelink.PrivateLinkPlanner;
import com.auroracdc.internal.privatelink.PrivateLinkReads;
import com.auroracdc.internal.settings.NetworkPath;
import com.auroracdc.internal.stage.Effect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The PrivateLink stage's observe and plan, without its apply, for clusters whose network path is {@code privatelink}:
 * the same {@link PrivateLinkObserver} and {@link PrivateLinkPlanner} the setup runs, with the same desired path (the
 * stack's principals and acceptance, the cluster's port). The planned changes become findings (a stale target, a missing
 * or reset resource, changed principals: the setup repairs them); the observation adds what no plan changes (the writer's
 * target failing its health checks, the load balancer's state) and the planner's warnings. Clusters on
 * {@code public-cidrs} cost no call at all. A read that fails fails this area only (one finding, see
 * {@link ControlPlaneCheck}); a same-named resource that is not ours is the planner's refusal, reported as
 * {@code setup-blocked} with its name, as the setup would stop on it.
 */
public final class PrivateLinkDrift implements ControlPlaneDrift {
    /** How the planner starts its warning about zones the load balancer does not cover. */
    static final String AZ_COVERAGE_PREFIX = FindingKind.PRIVATELINK_AZ_COVERAGE.value() + ":";
    /** Target health states that are transient or said by another finding (no listener yet, an old target leaving). */
    private static final Set<String> NOT_UNHEALTHY = Set.of("healthy", "initial", "unused", "draining");

    private final PrivateLinkReads reads;

    /** @param reads the PrivateLink stage's reads ({@link PrivateLinkReads#direct}) */
    public PrivateLinkDrift(PrivateLinkReads reads) {
        this.reads = reads;
    }

    @Override
    public String area() {
        return "PrivateLink";
    }

    @Override
    public List<Finding> check(ObservedCluster o) {
        if (o.settings().networkPath() != NetworkPath.PRIVATELINK) {
            return leftOver(o);
        }
        ObservedPrivateLink observed = new PrivateLinkObserver(reads).observe(o.cluster());
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(observed, PrivateLinkDesired.of(observed, o.settings()));
        return findings(o.identifier(), observed, plan);
    }

    /**
     * Public CIDRs now, while the record still names an endpoint service a PrivateLink setup made: told from the record
     * alone, so a public-cidrs cluster still costs no ELBv2 or EC2 call.
     */
    private static List<Finding> leftOver(ObservedCluster o) {
        String service = o.recorded() == null ? null : o.recorded().endpointService();
        if (service == null) {
            return List.of();
        }
        String name = PrivateLinkNames.name(o.identifier());
        return List.of(Finding.of(o.identifier(), FindingKind.PRIVATELINK_LEFT_OVER,
                "no PrivateLink path (networkPath public-cidrs)",
                "the record names endpoint service " + service + ", made on the PrivateLink path: load balancer " + name
                        + " and its endpoint service may still exist (and cost their hours)",
                "Not repaired. If the cluster is to stay on public-cidrs, remove the path: the teardown does (it removes"
                        + " the whole setup), or delete endpoint service " + service + ", then load balancer, listener and"
                        + " target group " + name + " and security group " + PrivateLinkNames.securityGroupName(o.identifier())
                        + "; else set networkPath back to privatelink."));
    }

    /** Pure: the plan's changes and warnings, and the observed health, as findings. */
    static List<Finding> findings(String cluster, ObservedPrivateLink observed, PrivateLinkPlan plan) {
        List<Finding> findings = new ArrayList<>();
        List<PrivateLinkChange> retarget = new ArrayList<>();
        List<PrivateLinkChange> principals = new ArrayList<>();
        List<PrivateLinkChange> path = new ArrayList<>();
        for (PrivateLinkChange change : plan.changes()) {
            if (observed.targetGroup() != null && (change instanceof PrivateLinkChange.RegisterTarget
                    || change instanceof PrivateLinkChange.DeregisterTarget)) {
                retarget.add(change);
            } else if (change instanceof PrivateLinkChange.SetAllowedPrincipals set && set.serviceId() != null) {
                principals.add(change);
            } else {
                path.add(change);
            }
        }
        String name = PrivateLinkNames.name(cluster);
        if (!path.isEmpty()) {
            findings.add(pathIncomplete(cluster, name, path));
        }
        if (!retarget.isEmpty()) {
            findings.add(targetStale(cluster, name, observed, retarget));
        }
        principals.forEach(change -> findings.add(principalsChanged(cluster, (PrivateLinkChange.SetAllowedPrincipals) change)));
        if (observed.loadBalancer() != null && !observed.loadBalancer().active()) {
            findings.add(loadBalancerState(cluster, observed.loadBalancer()));
        }
        targetUnhealthy(cluster, name, observed).ifPresent(findings::add);
        for (String warning : plan.warnings()) {
            findings.add(warning.startsWith(AZ_COVERAGE_PREFIX)
                    ? Finding.of(cluster, FindingKind.PRIVATELINK_AZ_COVERAGE, "load balancer " + name
                            + " in a subnet of each zone of the cluster's DB subnet group",
                            warning.substring(AZ_COVERAGE_PREFIX.length()).strip(),
                            "Not repaired: a load balancer's subnets are set when it is created. Add the missing subnets to"
                                    + " it (aws elbv2 set-subnets), or tell Materialize only the zones it is in.")
                    : Finding.of(cluster, FindingKind.PRIVATELINK_WARNING, "nothing for the PrivateLink stage to warn about",
                            warning, "Not repaired: the setup would warn the same way. Act on what the warning says."));
        }
        return findings;
    }

    private static Finding pathIncomplete(String cluster, String name, List<PrivateLinkChange> changes) {
        List<String> found = new ArrayList<>();
        for (PrivateLinkChange change : changes) {
            switch (change) {
                case PrivateLinkChange.CreateLoadBalancer c -> found.add("no load balancer " + c.name());
                case PrivateLinkChange.CreateTargetGroup c -> found.add("no target group " + c.name());
                case PrivateLinkChange.CreateListener c -> found.add("no listener on port " + c.port() + " of " + c.name());
                case PrivateLinkChange.CreateEndpointService c -> found.add("no endpoint service on " + c.name());
                case PrivateLinkChange.EnableCrossZone c when c.loadBalancerArn() != null ->
                        found.add("cross-zone load balancing off on " + c.name());
                case PrivateLinkChange.SetAcceptanceRequired c -> found.add("endpoint service " + c.serviceId()
                        + " has acceptance " + (c.required() ? "not required" : "required") + ", the stack says "
                        + (c.required() ? "required" : "not required"));
                default -> { } // follows from a missing resource named above (its target, its cross-zone, its principals)
            }
        }
        boolean missing = changes.stream().anyMatch(c -> c.effect() == Effect.CREATE);
        FindingKind kind = FindingKind.PRIVATELINK_PATH_INCOMPLETE;
        return new Finding(cluster, kind, missing ? Severity.CRITICAL : Severity.WARNING,
                "load balancer " + name + " (internal, cross-zone), target group " + name + " with the writer as its target,"
                        + " a listener on the cluster port and an endpoint service with the stack's principals and acceptance",
                String.join("; ", found),
                "The setup would: " + descriptions(changes) + ". repair=auto does it; it needs no reboot.");
    }

    private static Finding targetStale(String cluster, String name, ObservedPrivateLink observed,
                                       List<PrivateLinkChange> changes) {
        Writer writer = observed.writer();
        List<String> old = changes.stream().filter(c -> c instanceof PrivateLinkChange.DeregisterTarget)
                .map(c -> (PrivateLinkChange.DeregisterTarget) c).map(d -> d.ip() + ":" + d.port()).toList();
        return Finding.of(cluster, FindingKind.PRIVATELINK_TARGET_STALE,
                "target group " + name + "'s one target: writer " + writer.instanceId() + " at " + writer.privateIp() + ":"
                        + observed.port(),
                (old.isEmpty() ? "no target" : "target " + String.join(", ", old)) + ", not the writer's address "
                        + writer.privateIp() + " (a failover whose event was lost?): Materialize's connections do not reach"
                        + " the writer",
                "The setup would: " + descriptions(changes) + ". repair=auto does it; it needs no reboot.");
    }

    private static Finding principalsChanged(String cluster, PrivateLinkChange.SetAllowedPrincipals change) {
        return Finding.of(cluster, FindingKind.PRIVATELINK_PRINCIPALS_CHANGED,
                "the allowed principals of endpoint service " + change.serviceId() + " exactly the stack's"
                        + " PrivateLinkAllowedPrincipals",
                "allowed but not in the stack's list: " + listed(change.remove()) + "; in the stack's list but not allowed: "
                        + listed(change.add()),
                "The setup would: " + change.description() + ". repair=auto does it. To keep a principal, add it to the"
                        + " stack parameter PrivateLinkAllowedPrincipals instead.");
    }

    private static Finding loadBalancerState(String cluster, LoadBalancerState lb) {
        boolean provisioning = "provisioning".equals(lb.state());
        return Finding.of(cluster, provisioning ? FindingKind.PRIVATELINK_LOAD_BALANCER_PROVISIONING
                : FindingKind.PRIVATELINK_LOAD_BALANCER_NOT_ACTIVE, "load balancer " + lb.name() + " active",
                "load balancer " + lb.name() + " is " + lb.state(),
                provisioning ? "Nothing to do: a new load balancer provisions for a few minutes; the next check looks again."
                        : "Not repaired. Look at it (aws elbv2 describe-load-balancers --names " + lb.name() + "); a failed"
                                + " load balancer must be deleted (its endpoint service first), then run the setup again.");
    }

    private static Optional<Finding> targetUnhealthy(String cluster, String name, ObservedPrivateLink observed) {
        Writer writer = observed.writer();
        if (observed.targetGroup() == null || writer == null || writer.privateIp() == null) {
            return Optional.empty();
        }
        return observed.targetGroup().targets().stream()
                .filter(t -> t.ip().equals(writer.privateIp()) && t.port() == observed.port()
                        && !NOT_UNHEALTHY.contains(t.state()))
                .findFirst().map(t -> Finding.of(cluster, FindingKind.PRIVATELINK_TARGET_UNHEALTHY,
                        "writer " + writer.instanceId() + "'s target " + t.ip() + ":" + t.port() + " in " + name + " healthy",
                        "it is " + t.state() + reason(t),
                        "Not repaired. Check that the cluster's security groups let the load balancer's group ("
                                + PrivateLinkNames.securityGroupName(cluster) + ") in on port " + t.port() + " (its health"
                                + " checks and Materialize's traffic come from the load balancer), that no network ACL of"
                                + " the cluster's subnets blocks them, and that instance " + writer.instanceId() + " is available."));
    }

    private static String reason(Target target) {
        return target.reason() == null ? "" : " (" + target.reason() + ")";
    }

    private static String descriptions(List<PrivateLinkChange> changes) {
        return changes.stream().map(PrivateLinkChange::description).collect(Collectors.joining("; "));
    }

    private static String listed(List<String> values) {
        return values.isEmpty() ? "none" : String.join(", ", values);
    }
}
