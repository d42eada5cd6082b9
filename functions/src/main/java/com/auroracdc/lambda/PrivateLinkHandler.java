package com.auroracdc.lambda;

import com.auroracdc.errors.PrivateLinkTimeoutException;
import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.materialize.MaterializeSourceSpec;
import com.auroracdc.internal.privatelink.HostResolver;
import com.auroracdc.internal.privatelink.ObservedPrivateLink;
import com.auroracdc.internal.privatelink.PrivateLinkApplier;
import com.auroracdc.internal.privatelink.PrivateLinkDesired;
import com.auroracdc.internal.privatelink.PrivateLinkObserver;
import com.auroracdc.internal.privatelink.PrivateLinkPlan;
import com.auroracdc.internal.privatelink.PrivateLinkPlanner;
import com.auroracdc.internal.privatelink.PrivateLinkReads;
import com.auroracdc.internal.privatelink.PrivateLinkSql;
import com.auroracdc.internal.settings.NetworkPath;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.StageResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Setup stage between Preflight and SecurityGroup: with the network path {@code privatelink}, an internal network load
 * balancer in front of the writer (target group with the writer's private address, listener on the cluster port) and
 * a VPC endpoint service on it allowing exactly the stack's principals; observe, plan, apply, as every stage. While the
 * plan awaits something (the load balancer provisioning, the service pending), the state machine waits
 * {@value #WAIT_SECONDS} s and runs the stage again, for at most {@link #DEADLINE}. With {@code public-cidrs} it does
 * nothing.
 *
 * <p>Facts: {@value #NETWORK_PATH_FACT}, {@value PrivateLinkPlan#AWAITING_FACT} ({@code "true"} only outside a dry run:
 * the state machine's loop), {@value PrivateLinkPlan#AWAITING_REASON_FACT}, {@value #SERVICE_NAME_FACT},
 * {@value #ZONE_IDS_FACT} and {@value #SQL_FACT} (Materialize's CREATE CONNECTION, once the service exists),
 * {@value #WAIT_STARTED_FACT}.
 */
public final class PrivateLinkHandler extends JsonHandler<StageInput, StageResult> {
    public static final String STAGE = "PrivateLink";
    public static final String NETWORK_PATH_FACT = "networkPath";
    public static final String SERVICE_NAME_FACT = RunRecords.ENDPOINT_SERVICE_FACT;
    public static final String ZONE_IDS_FACT = "availabilityZoneIds";
    public static final String SQL_FACT = PrivateLinkPlan.SQL_FACT;
    /** When this execution's first round that awaited something ran: the bound on the wait starts there. */
    public static final String WAIT_STARTED_FACT = "waitStartedAt";
    /** The state machine's fixed wait between rounds (WaitForPrivateLink); the lease is held over it. */
    public static final int WAIT_SECONDS = 30;
    /** A network load balancer usually provisions in a few minutes; past this the setup stops with what it awaits. */
    public static final Duration DEADLINE = Duration.ofMinutes(20);

    private final RdsClient rds;
    private final ElasticLoadBalancingV2Client elbv2;
    private final Ec2Client ec2;
    private final HostResolver dns;
    private final ExecutionAuthority authority;

    public PrivateLinkHandler() {
        this(AwsClients.rds(), AwsClients.elbv2(), AwsClients.ec2(), HostResolver.system(), ExecutionAuthority.lambda());
    }

    PrivateLinkHandler(RdsClient rds, ElasticLoadBalancingV2Client elbv2, Ec2Client ec2, HostResolver dns,
                       ExecutionAuthority authority) {
        super(StageInput.class);
        this.rds = rds;
        this.elbv2 = elbv2;
        this.ec2 = ec2;
        this.dns = dns;
        this.authority = authority;
    }

    @Override
    public StageResult handle(StageInput input) {
        Execution run = authority.enter(StageInput.handle(input));
        BoundCluster cluster = run.bindCluster(rds);
        Settings settings = run.context().settings();
        if (settings.networkPath() != NetworkPath.PRIVATELINK) {
            return run.saveStage(RunRecords.PRIVATE_LINK, new StageResult(STAGE, run.dryRun(), List.of(), List.of(), List.of(),
                    Map.of(NETWORK_PATH_FACT, settings.networkPath().value(), PrivateLinkPlan.AWAITING_FACT, "false"),
                    List.of()));
        }
        PrivateLinkObserver observer = new PrivateLinkObserver(PrivateLinkReads.direct(elbv2, ec2, rds, dns));
        ObservedPrivateLink observed = observer.observe(cluster.described());
        PrivateLinkPlan plan = PrivateLinkPlanner.plan(observed, PrivateLinkDesired.of(observed, settings));
        Instant started = waitStarted(run);
        if (plan.isAwaiting() && !run.dryRun() && run.now().isAfter(started.plus(DEADLINE))) {
            throw new PrivateLinkTimeoutException("The PrivateLink path of cluster " + cluster.identifier()
                    + " is still incomplete after " + DEADLINE.toMinutes() + " minutes: " + plan.awaiting()
                    + ". What exists stays; run the setup again once it is resolved.");
        }
        // A dry run lists what the rounds after the wait would make too (the endpoint service), a real run what it can now.
        StageResult applied = StageResult.apply(STAGE, run.dryRun(), run.dryRun() ? plan.changesThroughTheWait() : plan.changes(),
                new PrivateLinkApplier(elbv2, ec2, observed), plan.warnings(), Map.of(), run.journal(RunRecords.PRIVATE_LINK));
        // Read again after changes: the endpoint service may have been created in this round, and its name is EC2's.
        ObservedPrivateLink now = applied.applied().isEmpty() ? observed : observer.observe(cluster.described());

        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(NETWORK_PATH_FACT, settings.networkPath().value());
        facts.putAll(plan.facts());
        // A dry run changes nothing, so waiting would never end: it reports what it would wait for, and goes on.
        facts.put(PrivateLinkPlan.AWAITING_FACT, Boolean.toString(plan.isAwaiting() && !run.dryRun()));
        facts.put(WAIT_STARTED_FACT, started.toString());
        facts.put(ZONE_IDS_FACT, String.join(" ", now.zoneIds()));
        if (now.service() != null && now.service().name() != null) {
            facts.put(SERVICE_NAME_FACT, now.service().name());
            facts.put(SQL_FACT, PrivateLinkSql.steps(MaterializeSourceSpec.privateLinkConnectionOf(cluster.identifier()),
                    now.service().name(), now.service().id(), now.zoneIds(), settings.privateLinkAcceptanceRequired()));
        }
        StageResult result = new StageResult(applied.stage(), applied.dryRun(), applied.planned(), applied.applied(),
                applied.warnings(), facts, applied.effects());
        if (plan.isAwaiting() && !run.dryRun()) {
            run.saveHolding(run.context().withStage(RunRecords.PRIVATE_LINK, result), Duration.ofSeconds(WAIT_SECONDS));
            return run.context().stage(RunRecords.PRIVATE_LINK);
        }
        return run.saveStage(RunRecords.PRIVATE_LINK, result);
    }

    /** The first awaiting round's time, kept across this execution's rounds; now on the first. */
    private static Instant waitStarted(Execution run) {
        StageResult earlier = run.context().stage(RunRecords.PRIVATE_LINK);
        String started = earlier == null ? null : earlier.facts().get(WAIT_STARTED_FACT);
        return started == null ? run.now() : Instant.parse(started);
    }
}
