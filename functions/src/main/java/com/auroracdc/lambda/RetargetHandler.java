package com.auroracdc.lambda;

import com.auroracdc.errors.ClusterNotFoundException;
import com.auroracdc.errors.RetargetDeferredException;
import com.auroracdc.errors.SetupAlreadyRunningException;
import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.privatelink.HostResolver;
import com.auroracdc.internal.privatelink.PrivateLinkApplier;
import com.auroracdc.internal.privatelink.PrivateLinkChange;
import com.auroracdc.internal.privatelink.PrivateLinkChange.DeregisterTarget;
import com.auroracdc.internal.privatelink.PrivateLinkChange.RegisterTarget;
import com.auroracdc.internal.privatelink.PrivateLinkPlan;
import com.auroracdc.internal.privatelink.PrivateLinkReads;
import com.auroracdc.internal.privatelink.Retarget;
import com.auroracdc.internal.privatelink.RetargetRequest;
import com.auroracdc.internal.stage.InvocationLog;
import com.auroracdc.internal.stage.JsonHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Target of the stack's failover rules (RDS cluster failover events, and instance restarts and replacements): keeps the
 * PrivateLink target group's one target on the cluster's current writer. It reads the writer and the registered
 * targets ({@link Retarget}) and, only when they differ, registers the writer's private address and then deregisters the
 * old one (it drains). Nothing else: no database connection, no reboot, no parameter or security group, and it never
 * creates anything; a cluster without a target group of ours is skipped. It writes only while holding the cluster's
 * lock briefly ({@link ExecutionAuthority#holdBriefly}, at most {@link #LEASE}), so it never changes a cluster beside a
 * setup or teardown: then it changes nothing and fails with {@link RetargetDeferredException}, which Lambda's
 * asynchronous retries try again. A retried or duplicate event finds the target on the writer and plans nothing: no
 * write at all, not even the lock's. Every input is untrusted ({@link RetargetRequest}): it names at most an identifier,
 * the rest is read from AWS. One line says what happened.
 */
public final class RetargetHandler extends JsonHandler<JsonNode, RetargetHandler.Result> {
    /** Longer than the function's timeout (template.yaml, 60 s): the hold cannot run out while the function writes. */
    public static final Duration LEASE = Duration.ofMinutes(2);
    public static final String RETARGETED = "retargeted";
    public static final String ON_WRITER = "already-on-writer";
    public static final String SKIPPED = "skipped";
    public static final String AWAITING = "writer-address-unknown";

    private final RdsClient rds;
    private final ElasticLoadBalancingV2Client elbv2;
    private final Ec2Client ec2;
    private final HostResolver dns;
    private final ExecutionAuthority authority;
    private final Consumer<String> log;

    /**
     * @param cluster    the cluster looked at (null when the event's instance is gone or in no cluster)
     * @param outcome    {@value #RETARGETED}, {@value #ON_WRITER}, {@value #SKIPPED} or {@value #AWAITING}
     * @param oldTargets the targets deregistered (ip:port)
     * @param newTarget  the writer's address registered (ip:port), null when none was
     * @param applied    the changes made, in words
     * @param summary    the one line it logged
     */
    public record Result(String cluster, String outcome, List<String> oldTargets, String newTarget, List<String> applied,
                         List<String> warnings, String summary) {
        public Result {
            oldTargets = List.copyOf(oldTargets);
            applied = List.copyOf(applied);
            warnings = List.copyOf(warnings);
        }
    }

    public RetargetHandler() {
        this(AwsClients.rds(), AwsClients.elbv2(), AwsClients.ec2(), HostResolver.system(), ExecutionAuthority.lambda(),
                System.out::println);
    }

    RetargetHandler(RdsClient rds, ElasticLoadBalancingV2Client elbv2, Ec2Client ec2, HostResolver dns,
                    ExecutionAuthority authority, Consumer<String> log) {
        super(JsonNode.class);
        this.rds = rds;
        this.elbv2 = elbv2;
        this.ec2 = ec2;
        this.dns = dns;
        this.authority = authority;
        this.log = log;
    }

    @Override
    public Result handle(JsonNode input) {
        RetargetRequest request = RetargetRequest.parse(input);
        PrivateLinkReads reads = PrivateLinkReads.direct(elbv2, ec2, rds, dns);
        String cluster = request.clusterId();
        if (cluster == null) {
            Optional<DBInstance> instance = reads.instance(request.instanceId());
            if (instance.isEmpty() || instance.get().dbClusterIdentifier() == null) {
                return logged(new Result(null, SKIPPED, List.of(), null, List.of(), List.of(), "Retarget: DB instance "
                        + request.instanceId() + (instance.isEmpty() ? " was not found (deleted?)" : " is in no Aurora cluster")
                        + " (" + request.eventId() + "); nothing to retarget, nothing changed."));
            }
            cluster = instance.get().dbClusterIdentifier();
        }
        Retarget retarget = new Retarget(reads);
        PrivateLinkPlan plan;
        try {
            plan = retarget.plan(cluster);
        } catch (ClusterNotFoundException e) {
            return logged(new Result(cluster, SKIPPED, List.of(), null, List.of(), List.of(e.getMessage()),
                    "Retarget: cluster " + cluster + " was not found; nothing changed."));
        }
        InvocationLog.noteCluster(cluster);
        if (plan.changes().isEmpty()) {
            return logged(unchanged(cluster, plan));
        }
        String held = cluster;
        try {
            return logged(authority.holdBriefly(cluster, "retarget", LEASE, () -> apply(held, retarget)));
        } catch (SetupAlreadyRunningException e) {
            throw new RetargetDeferredException("Cluster " + cluster + "'s PrivateLink target is not on its writer, but the"
                    + " cluster is held: " + e.getMessage() + " The retarget changed nothing; Lambda retries this event,"
                    + " and the next drift run reports the target if it is still behind (invoke this function with"
                    + " {\"clusterId\": \"" + cluster + "\"} once the cluster is free to do it now).", e);
        }
    }

    /** Under the lock: plans again (a retry, or another retarget, may have done it meanwhile), then applies exactly that. */
    private Result apply(String cluster, Retarget retarget) {
        PrivateLinkPlan plan = retarget.plan(cluster);
        if (plan.changes().isEmpty()) {
            return unchanged(cluster, plan);
        }
        PrivateLinkApplier applier = new PrivateLinkApplier(elbv2, ec2);
        plan.changes().forEach(applier);
        List<String> old = plan.changes().stream().filter(DeregisterTarget.class::isInstance).map(DeregisterTarget.class::cast)
                .map(d -> d.ip() + ":" + d.port()).toList();
        Optional<RegisterTarget> register = plan.changes().stream().filter(RegisterTarget.class::isInstance)
                .map(RegisterTarget.class::cast).findFirst();
        String added = register.map(r -> r.ip() + ":" + r.port()).orElse(null);
        String summary = "Retarget: cluster " + cluster + ": " + (old.isEmpty() ? "no old target" : "old target(s) "
                + String.join(", ", old)) + " -> " + register.map(r -> "new target " + r.ip() + ":" + r.port() + " (writer "
                + r.instanceId() + ")").orElse("the writer's address was already registered") + ".";
        return new Result(cluster, RETARGETED, old, added,
                plan.changes().stream().map(PrivateLinkChange::description).toList(), plan.warnings(), summary);
    }

    private static Result unchanged(String cluster, PrivateLinkPlan plan) {
        if (!plan.warnings().isEmpty()) { // no target group of ours: not a privatelink cluster of this automation
            return new Result(cluster, SKIPPED, List.of(), null, List.of(), plan.warnings(), "Retarget: cluster " + cluster
                    + " has no PrivateLink target group of this automation; skipped, nothing changed.");
        }
        if (plan.isAwaiting()) {
            return new Result(cluster, AWAITING, List.of(), null, List.of(), List.of("Not known yet: " + plan.awaiting()
                    + ". The target stays; the next drift run reports it if it is behind."), "Retarget: cluster " + cluster
                    + ": " + plan.awaiting() + " is not known (yet); nothing changed.");
        }
        return new Result(cluster, ON_WRITER, List.of(), null, List.of(), List.of(), "Retarget: cluster " + cluster
                + ": already on the writer; nothing changed.");
    }

    private Result logged(Result result) {
        log.accept(result.summary());
        return result;
    }
}
