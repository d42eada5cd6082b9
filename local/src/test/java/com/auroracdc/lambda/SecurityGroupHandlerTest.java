package com.auroracdc.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.ClusterNotFoundException;
import com.auroracdc.errors.NotYetVisibleException;
import com.auroracdc.errors.QuotaExceededException;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.execution.TestExecutions;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.securitygroup.DesiredAccess;
import com.auroracdc.internal.securitygroup.SecurityGroupLimits;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.internal.stage.StageResult;
import com.auroracdc.local.sim.ClusterBuilder;
import com.auroracdc.local.sim.ClusterHandle;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;

/**
 * The security-group stage on the simulated RDS and EC2: the exact requests (from the simulator's call log), every
 * page of the rules, AWS's quota refusals as named errors, and no mutating call where none is due.
 */
class SecurityGroupHandlerTest {
    static final String CLUSTER = "orders-prod";
    /** The VPC of the sample context (functions/src/test/resources/setup-context.json), the simulator's default. */
    static final String VPC = ClusterBuilder.DEFAULT_VPC;
    static final String NAME = "aurora-cdc-orders-prod";
    static final String EGRESS = "Materialize egress (Aurora CDC Autopilot)";
    static final String DATABASE_LAMBDA = "Aurora CDC Autopilot database Lambda";

    final SimAws sim = SimAws.create();
    final TestExecutions executions = new TestExecutions();
    /** The database function's security group, in the cluster's VPC. */
    String lambda;
    /** The sample cluster's execution (orders-prod, CIDRs /27 and /32), bound with the database function's group. */
    StageInput input;

    @BeforeEach
    void setUp() {
        sim.ec2().seedVpc(VPC, ClusterBuilder.DEFAULT_VPC_CIDR, false);
        lambda = sim.ec2().seedSecurityGroup(VPC, "aurora-cdc-database-function", "Database function", Map.of());
        input = with(false, TestExecutions.sampleContext(false).settings());
    }

    SecurityGroupHandler handler() {
        return handler(SecurityGroupLimits.AWS_DEFAULTS);
    }

    SecurityGroupHandler handler(SecurityGroupLimits limits) {
        return new SecurityGroupHandler(sim.rds(), sim.ec2(), executions.authority, () -> limits,
                MaterializeAccess.withDefaultTrust(sim.secretsManager()));
    }

    /** The sample cluster on this port, with the customer's own database group (returned) and {@code moreGroups} more. */
    String cluster(int port, int moreGroups) {
        ClusterHandle handle = sim.newCluster(CLUSTER).port(port).tag(Tags.DEFAULT_TRIGGER_KEY, Tags.TRIGGER_VALUE).create();
        String customer = handle.securityGroupIds().getFirst();
        if (moreGroups > 0) {
            List<String> groups = new ArrayList<>(List.of(customer));
            for (int i = 0; i < moreGroups; i++) {
                groups.add(sim.ec2().seedSecurityGroup(VPC, "customer-" + i, "Customer group " + i, Map.of()));
            }
            attach(groups);
        }
        return customer;
    }

    String cluster() {
        return cluster(5432, 0);
    }

    void attach(List<String> groups) {
        sim.unrecorded(() -> sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier(CLUSTER).vpcSecurityGroupIds(groups)));
    }

    /** Our dedicated group as an earlier run left it (default egress rule included), with one rule per source. */
    String dedicatedGroup(int port, String... sources) {
        String ours = sim.ec2().seedSecurityGroup(VPC, NAME, "Managed by Aurora CDC Autopilot: Materialize access to Aurora"
                + " cluster orders-prod", Map.of("managed-by", "aurora-cdc-autopilot", "Name", NAME,
                "aurora-cdc-autopilot:cluster", CLUSTER));
        for (String source : sources) {
            sim.ec2().seedIngress(ours, port, source, source.startsWith("sg-") ? DATABASE_LAMBDA : EGRESS);
        }
        return ours;
    }

    /** The cluster with our group attached and holding exactly the rules the sample execution wants. */
    String converged() {
        String customer = cluster();
        String ours = dedicatedGroup(5432, "3.215.237.32/27", "52.6.209.3/32", lambda);
        attach(List.of(customer, ours));
        return ours;
    }

    StageInput with(boolean dryRun, Settings settings) {
        return with(dryRun, settings, lambda);
    }

    /** A new execution of the sample cluster with these settings, bound with this database-function group. */
    StageInput with(boolean dryRun, Settings settings, String lambdaGroup) {
        SetupContext c = TestExecutions.sampleContext(dryRun);
        SetupContext context = new SetupContext(c.executionId() + "-" + UUID.randomUUID(), c.startedAt(), dryRun,
                c.cluster(), settings, c.warnings());
        return executions.bind(context, lambdaGroup.isEmpty() ? Map.of()
                : Map.of(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE, lambdaGroup));
    }

    static Settings settingsWithCidrs(String cidrs) {
        return new SettingsResolver(Map.of()).resolve(Map.of(), Map.of("egressCidrs", new TextNode(cidrs)));
    }

    <T> List<T> requests(String operation, Class<T> type) {
        return sim.calls().stream().filter(c -> c.operation().equals(operation)).map(c -> type.cast(c.request())).toList();
    }

    /** Every call was a read: the run changed nothing. */
    void assertNoMutatingCalls() {
        assertThat(sim.calls()).extracting(SimCall::kind).as("only reads").containsOnly(SimAws.Kind.READ);
    }

    List<String> clusterGroups() {
        return sim.rds().describeDBClusters(r -> r.dbClusterIdentifier(CLUSTER)).dbClusters().getFirst().vpcSecurityGroups()
                .stream().map(m -> m.vpcSecurityGroupId()).toList();
    }

    @Test
    void handle_whenGroupMissing_createsTaggedGroupAllowsEachSourceAndAttachesAfterCustomerGroups() {
        String customer = cluster();

        StageResult result = handler().handle(input);

        String ours = result.facts().get("securityGroupId");
        CreateSecurityGroupRequest create = requests("CreateSecurityGroup", CreateSecurityGroupRequest.class).getFirst();
        assertThat(sim.callCount("CreateSecurityGroup")).isOne();
        assertThat(create.groupName()).isEqualTo(NAME);
        assertThat(create.vpcId()).isEqualTo(VPC);
        assertThat(create.description())
                .isEqualTo("Managed by Aurora CDC Autopilot: Materialize access to Aurora cluster orders-prod");
        TagSpecification tags = create.tagSpecifications().getFirst();
        assertThat(tags.resourceType()).isEqualTo(ResourceType.SECURITY_GROUP);
        assertThat(tags.tags()).containsExactly(
                Tag.builder().key("managed-by").value("aurora-cdc-autopilot").build(),
                Tag.builder().key("Name").value(NAME).build(),
                Tag.builder().key("aurora-cdc-autopilot:cluster").value(CLUSTER).build());

        var authorize = requests("AuthorizeSecurityGroupIngress", AuthorizeSecurityGroupIngressRequest.class);
        assertThat(authorize).hasSize(3).extracting(AuthorizeSecurityGroupIngressRequest::groupId).containsOnly(ours);
        assertThat(authorize).extracting(r -> r.ipPermissions().getFirst()).containsExactly(
                IpPermission.builder().ipProtocol("tcp").fromPort(5432).toPort(5432)
                        .ipRanges(IpRange.builder().cidrIp("3.215.237.32/27").description(EGRESS).build()).build(),
                IpPermission.builder().ipProtocol("tcp").fromPort(5432).toPort(5432)
                        .ipRanges(IpRange.builder().cidrIp("52.6.209.3/32").description(EGRESS).build()).build(),
                IpPermission.builder().ipProtocol("tcp").fromPort(5432).toPort(5432)
                        .userIdGroupPairs(UserIdGroupPair.builder().groupId(lambda).description(DATABASE_LAMBDA).build())
                        .build());

        ModifyDbClusterRequest modify = requests("ModifyDBCluster", ModifyDbClusterRequest.class).getFirst();
        assertThat(sim.callCount("ModifyDBCluster")).isOne();
        assertThat(modify.dbClusterIdentifier()).isEqualTo(CLUSTER);
        assertThat(modify.vpcSecurityGroupIds()).containsExactly(customer, ours);
        assertThat(modify.applyImmediately()).isNull();
        assertThat(clusterGroups()).containsExactly(customer, ours);

        assertThat(result.stage()).isEqualTo("SecurityGroup");
        assertThat(result.planned()).hasSize(5).isEqualTo(result.applied());
        assertThat(result.facts()).containsOnlyKeys("securityGroupId");
        assertThat(ours).startsWith("sg-");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void handle_whenRulesArePaginated_followsEveryTokenAndRevokesStaleRulesById() {
        sim.pageSize(2);
        String customer = cluster();
        String ours = dedicatedGroup(5432, "3.215.237.32/27");
        String old = sim.ec2().seedIngress(ours, 5432, "3.215.237.0/27", EGRESS);
        sim.ec2().seedIngress(ours, 5432, "52.6.209.3/32", EGRESS);
        sim.ec2().seedIngress(ours, 5432, lambda, DATABASE_LAMBDA);
        String v6 = sim.ec2().seedIngress(ours, 5432, "2600:1f18::/56", EGRESS);
        attach(List.of(customer, ours));

        StageResult result = handler().handle(input);

        assertThat(requests("DescribeDBClusters", DescribeDbClustersRequest.class))
                .extracting(DescribeDbClustersRequest::dbClusterIdentifier).containsOnly(CLUSTER);
        // The dedicated group, and the PrivateLink load balancer's (absent here).
        assertThat(requests("DescribeSecurityGroups", DescribeSecurityGroupsRequest.class)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.filters()).contains(Filter.builder().name("vpc-id").values(VPC).build())
                        .hasSize(2).anySatisfy(f -> assertThat(f.values()).containsAnyOf(NAME, "mz-cdc-" + CLUSTER + "-nlb")));

        var rules = requests("DescribeSecurityGroupRules", DescribeSecurityGroupRulesRequest.class);
        assertThat(rules).as("six rules (the default egress one too) in pages of two").hasSize(3)
                .allSatisfy(r -> assertThat(r.filters()).containsExactly(Filter.builder().name("group-id").values(ours).build()));
        assertThat(rules.getFirst().nextToken()).isNull();
        assertThat(rules.subList(1, 3)).extracting(DescribeSecurityGroupRulesRequest::nextToken).doesNotContainNull()
                .doesNotHaveDuplicates();

        var revoke = requests("RevokeSecurityGroupIngress", RevokeSecurityGroupIngressRequest.class);
        assertThat(revoke).hasSize(2).extracting(RevokeSecurityGroupIngressRequest::groupId).containsOnly(ours);
        assertThat(revoke).extracting(RevokeSecurityGroupIngressRequest::securityGroupRuleIds)
                .containsExactly(List.of(old), List.of(v6));
        assertThat(revoke).allMatch(r -> !r.hasIpPermissions(), "revoked by rule id only");

        assertThat(sim.callCount("AuthorizeSecurityGroupIngress")).isZero();
        assertThat(sim.callCount("ModifyDBCluster")).isZero();
        assertThat(result.applied()).hasSize(2);
        assertThat(result.facts()).containsEntry("securityGroupId", ours);
    }

    @Test
    void handle_whenConverged_makesZeroMutatingCalls() {
        String ours = converged();

        StageResult result = handler().handle(input);

        assertNoMutatingCalls();
        assertThat(result.planned()).isEmpty();
        assertThat(result.facts()).containsEntry("securityGroupId", ours);
    }

    @Test
    void handle_whenDryRun_plansEverythingAndChangesNothing() {
        cluster();

        StageResult result = handler().handle(with(true, TestExecutions.sampleContext(true).settings()));

        assertNoMutatingCalls();
        assertThat(result.dryRun()).isTrue();
        assertThat(result.planned()).hasSize(5);
        assertThat(result.applied()).isEmpty();
        assertThat(result.facts()).doesNotContainKey("securityGroupId");
    }

    @Test
    void handle_whenPortChanged_usesTheClusterPortDescribedNow() {
        String customer = cluster(5433, 0);
        String ours = dedicatedGroup(5432);
        List<String> atOldPort = List.of(sim.ec2().seedIngress(ours, 5432, "3.215.237.32/27", EGRESS),
                sim.ec2().seedIngress(ours, 5432, "52.6.209.3/32", EGRESS),
                sim.ec2().seedIngress(ours, 5432, lambda, DATABASE_LAMBDA));
        attach(List.of(customer, ours));

        handler().handle(input);

        var revoke = requests("RevokeSecurityGroupIngress", RevokeSecurityGroupIngressRequest.class);
        assertThat(revoke).hasSize(3).flatExtracting(RevokeSecurityGroupIngressRequest::securityGroupRuleIds)
                .containsExactlyElementsOf(atOldPort);
        var authorize = requests("AuthorizeSecurityGroupIngress", AuthorizeSecurityGroupIngressRequest.class);
        assertThat(authorize).hasSize(3).extracting(r -> r.ipPermissions().getFirst().fromPort()).containsOnly(5433);
    }

    @Test
    void handle_whenIpv6Cidr_sendsIpv6Range() {
        converged();

        handler().handle(with(false, settingsWithCidrs("3.215.237.32/27 52.6.209.3/32 2600:1F18:4C4:4F00::/56")));

        var authorize = requests("AuthorizeSecurityGroupIngress", AuthorizeSecurityGroupIngressRequest.class);
        assertThat(authorize).hasSize(1);
        IpPermission permission = authorize.getFirst().ipPermissions().getFirst();
        assertThat(permission.ipv6Ranges()).containsExactly(Ipv6Range.builder().cidrIpv6("2600:1f18:4c4:4f00::/56")
                .description(EGRESS).build());
        assertThat(permission.hasIpRanges()).isFalse();
    }

    @Test
    void handle_whenClusterHasFiveGroups_refusesBeforeAnyMutatingCall() {
        cluster(5432, 4);

        assertThatThrownBy(() -> handler().handle(input))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("already has 5 VPC security groups");
        assertNoMutatingCalls();
    }

    @Test
    void handle_whenMoreCidrsThanTheRulesQuota_refusesBeforeAnyMutatingCall() {
        cluster();
        String cidrs = String.join(" ", IntStream.range(0, 61).mapToObj(i -> "10.1." + i + ".0/24").toList());

        assertThatThrownBy(() -> handler().handle(with(false, settingsWithCidrs(cidrs))))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("Inbound or outbound rules per security group");
        assertNoMutatingCalls();
    }

    @Test
    void handle_whenEc2RefusesWithRulesLimit_raisesQuotaExceeded() {
        String customer = cluster();
        attach(List.of(customer, dedicatedGroup(5432)));
        sim.ec2().rulesPerGroupQuota(1); // the account's quota is lower than the stack was told

        assertThatThrownBy(() -> handler().handle(input))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("Service Quotas")
                .hasMessageContaining("The maximum number of rules per security group has been reached.");
    }

    @Test
    void handle_whenEc2RefusesToCreateAnotherGroup_raisesQuotaExceeded() {
        cluster();
        sim.failOperation("CreateSecurityGroup", "SecurityGroupLimitExceeded", 1);

        assertThatThrownBy(() -> handler().handle(input))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("VPC security groups per Region");
    }

    @Test
    void handle_whenRdsRefusesAnotherGroup_raisesQuotaExceeded() {
        cluster(5432, 4);
        dedicatedGroup(5432, "3.215.237.32/27", "52.6.209.3/32", lambda);

        // The stack was told the account allows 6 groups per interface; RDS still allows 5.
        assertThatThrownBy(() -> handler(new SecurityGroupLimits(60, 6)).handle(input))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("Security groups per network interface");
        assertThat(sim.calls()).filteredOn(c -> c.operation().equals("ModifyDBCluster")).singleElement()
                .extracting(SimCall::outcome).isEqualTo("InvalidParameterValue");
    }

    @Test
    void handle_whenNewGroupNotVisibleYet_failsRetryablyWithoutSleeping() {
        cluster();
        sim.failOperation("AuthorizeSecurityGroupIngress", "InvalidGroup.NotFound", 1);

        assertThatThrownBy(() -> handler().handle(input)).isInstanceOf(NotYetVisibleException.class)
                .hasMessageContaining("retries this stage");
        assertThat(sim.callCount("AuthorizeSecurityGroupIngress")).isOne();
    }

    @Test
    void handle_whenExistingGroupNotFound_doesNotRetry() {
        String customer = cluster();
        attach(List.of(customer, dedicatedGroup(5432)));
        sim.failOperation("AuthorizeSecurityGroupIngress", "InvalidGroup.NotFound", 1);

        assertThatThrownBy(() -> handler().handle(input)).isInstanceOf(Ec2Exception.class)
                .isNotInstanceOf(NotYetVisibleException.class);
        assertThat(sim.callCount("AuthorizeSecurityGroupIngress")).isOne();
    }

    @Test
    void handle_whenNoEgressCidrs_allowsOnlyTheLambdaAndWarns() {
        cluster();

        StageResult result = handler().handle(with(false, Settings.defaults()));

        var authorize = requests("AuthorizeSecurityGroupIngress", AuthorizeSecurityGroupIngressRequest.class);
        assertThat(authorize).singleElement().satisfies(r -> assertThat(r.ipPermissions().getFirst().userIdGroupPairs())
                .extracting(UserIdGroupPair::groupId).containsExactly(lambda));
        assertThat(sim.callCount("ModifyDBCluster")).isOne();
        assertThat(result.warnings()).singleElement().asString().contains("Materialize cannot connect");
    }

    @Test
    void handle_whenNoLambdaGroupConfigured_allowsOnlyTheCidrs() {
        cluster();

        handler().handle(with(false, TestExecutions.sampleContext(false).settings(), ""));

        var authorize = requests("AuthorizeSecurityGroupIngress", AuthorizeSecurityGroupIngressRequest.class);
        assertThat(authorize).hasSize(2).allMatch(r -> !r.ipPermissions().getFirst().hasUserIdGroupPairs());
    }

    @Test
    void handle_whenClusterGone_raisesClusterNotFoundAndChangesNothing() {
        // No cluster orders-prod in the account (deleted since Inspect).
        assertThatThrownBy(() -> handler().handle(input)).isInstanceOf(ClusterNotFoundException.class)
                .hasMessageContaining("orders-prod");
        assertNoMutatingCalls();
        assertThat(sim.calls()).extracting(SimCall::outcome).containsExactly("DBClusterNotFoundFault");
    }

    @Test
    void handleRequest_whenStageInputEvent_returnsTheResultAsJson() throws Exception {
        String ours = converged();
        var out = new ByteArrayOutputStream();

        handler().handleRequest(new ByteArrayInputStream(Json.write(input).getBytes()), out, null);

        StageResult result = Json.read(out.toString(), StageResult.class);
        assertThat(result.stage()).isEqualTo("SecurityGroup");
        assertThat(result.planned()).isEmpty();
        assertThat(result.facts()).containsExactly(Map.entry("securityGroupId", ours));
    }
}
