package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.BoundCluster;
import com.auroracdc.internal.execution.Execution;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.Purpose;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.privatelink.HostResolver;
import com.auroracdc.internal.privatelink.ObservedPrivateLink;
import com.auroracdc.internal.privatelink.PrivateLinkObserver;
import com.auroracdc.internal.privatelink.PrivateLinkReads;
import com.auroracdc.internal.privatelink.PrivateLinkRemover;
import com.auroracdc.internal.privatelink.PrivateLinkTeardownPlanner;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.StageResult;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Teardown stage after TeardownMaterialize (Materialize's side of the path goes first): removes the PrivateLink path a
 * setup with network path {@code privatelink} made for the cluster, only what is tagged ours for it, whatever the
 * network path is set to now (a cluster switched back to public-cidrs keeps what the earlier setup made until this
 * stage removes it). In order: the endpoint service's open connections rejected, the endpoint service, the listener,
 * the target group, the load balancer ({@link PrivateLinkTeardownPlanner}); a same-named resource not tagged ours is
 * left, with a warning. Nothing of ours: nothing planned, no mutating call. A delete AWS refuses while an earlier one
 * completes (the load balancer while its endpoint service is being deleted) fails retryable, and the state machine
 * runs the stage again. Outside the VPC: it calls the RDS, EC2 and ELBv2 APIs only. Not primed by invoking: the canned
 * execution SnapStart priming replays is a setup's, which this stage refuses.
 */
public final class TeardownPrivateLinkHandler extends JsonHandler<StageInput, StageResult> {
    public static final String STAGE = "TeardownPrivateLink";
    /**
     * The observer resolves the writer's endpoint for the setup's target; removing needs no address, so the teardown
     * resolves nothing and makes no DNS query.
     */
    private static final HostResolver NO_RESOLUTION = hostName -> List.of();

    private final RdsClient rds;
    private final ElasticLoadBalancingV2Client elbv2;
    private final Ec2Client ec2;
    private final ExecutionAuthority authority;

    public TeardownPrivateLinkHandler() {
        this(AwsClients.rds(), AwsClients.elbv2(), AwsClients.ec2(), ExecutionAuthority.lambda());
    }

    TeardownPrivateLinkHandler(RdsClient rds, ElasticLoadBalancingV2Client elbv2, Ec2Client ec2, ExecutionAuthority authority) {
        super(StageInput.class);
        this.rds = rds;
        this.elbv2 = elbv2;
        this.ec2 = ec2;
        this.authority = authority;
    }

    @Override
    public StageResult handle(StageInput input) {
        Execution run = authority.enter(StageInput.handle(input), Purpose.TEARDOWN);
        BoundCluster cluster = run.bindCluster(rds);
        ObservedPrivateLink observed = new PrivateLinkObserver(PrivateLinkReads.direct(elbv2, ec2, rds, NO_RESOLUTION))
                .observe(cluster.described());
        PrivateLinkTeardownPlanner.Plan plan = PrivateLinkTeardownPlanner.plan(observed);
        StageResult result = StageResult.apply(STAGE, run.dryRun(), plan.changes(), new PrivateLinkRemover(elbv2, ec2),
                plan.left(), Map.of(), run.journal(RunRecords.PRIVATE_LINK_TEARDOWN));
        return run.saveStage(RunRecords.PRIVATE_LINK_TEARDOWN, result);
    }
}
