package com.auroracdc.securitygroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import com.auroracdc.cluster.SetupContext;
import com.auroracdc.errors.ClusterNotFoundException;
import com.auroracdc.errors.NotYetVisibleException;
import com.auroracdc.errors.QuotaExceededException;
import com.auroracdc.execution.StageInput;
import com.auroracdc.execution.TestExecutions;
import com.auroracdc.json.Json;
import com.auroracdc.settings.Settings;
import com.auroracdc.settings.SettingsResolver;
import com.auroracdc.settings.Tags;
import com.auroracdc.stage.StageResult;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.MockMakers;
import org.mockito.invocation.Invocation;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressResponse;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.ReferencedSecurityGroup;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressResponse;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterResponse;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** The handler against mocked SDK clients: the exact requests, pagination, and zero mutating calls where due. */
class SecurityGroupHandlerTest {
    static final String CLUSTER = "orders-prod";
    static final String VPC = "vpc-0a1b2c3d4e5f60718";
    static final String CUSTOMER = "sg-0123456789abcdef0";
    static final String OURS = "sg-0aaaaaaaaaaaaaaa1";
    static final String LAMBDA = "sg-0bbbbbbbbbbbbbbb2";
    static final String NAME = "aurora-cdc-orders-prod";
    static final software.amazon.awssdk.services.rds.model.Tag TRIGGER = software.amazon.awssdk.services.rds.model.Tag
            .builder().key(Tags.DEFAULT_TRIGGER_KEY).value(Tags.TRIGGER_VALUE).build();

    RdsClient rds;
    Ec2Client ec2;
    final TestExecutions executions = new TestExecutions();
    /** The sample cluster's execution (orders-prod, vpc above, sg CUSTOMER, CIDRs /27 and /32, port 5432), bound. */
    StageInput input;

    @BeforeEach
    void setUp() throws Exception {
        // The subclass mock maker builds the huge SDK client mocks about 3x faster than the inline one.
        rds = mock(RdsClient.class, withSettings().mockMaker(MockMakers.SUBCLASS));
        ec2 = mock(Ec2Client.class, withSettings().mockMaker(MockMakers.SUBCLASS));
        input = with(false, TestExecutions.sampleContext(false).settings());
        when(ec2.createSecurityGroup(any(CreateSecurityGroupRequest.class)))
                .thenReturn(CreateSecurityGroupResponse.builder().groupId(OURS).build());
        when(ec2.authorizeSecurityGroupIngress(any(AuthorizeSecurityGroupIngressRequest.class)))
                .thenReturn(AuthorizeSecurityGroupIngressResponse.builder().returnValue(true).build());
        when(ec2.revokeSecurityGroupIngress(any(RevokeSecurityGroupIngressRequest.class)))
                .thenReturn(RevokeSecurityGroupIngressResponse.builder().returnValue(true).build());
        when(rds.modifyDBCluster(any(ModifyDbClusterRequest.class))).thenReturn(ModifyDbClusterResponse.builder().build());
    }

    SecurityGroupHandler handler() {
        return new SecurityGroupHandler(rds, ec2, executions.authority, () -> SecurityGroupLimits.AWS_DEFAULTS);
    }

    void clusterHas(int port, String... groupIds) {
        when(rds.describeDBClusters(any(DescribeDbClustersRequest.class))).thenReturn(DescribeDbClustersResponse.builder()
                .dbClusters(DBCluster.builder().dbClusterIdentifier(CLUSTER).port(port).tagList(TRIGGER)
                        .masterUserSecret(s -> s.secretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1-aBcDeF"))
                        .vpcSecurityGroups(Arrays.stream(groupIds)
                                .map(id -> VpcSecurityGroupMembership.builder().vpcSecurityGroupId(id).status("active").build())
                                .toList())
                        .build())
                .build());
    }

    void noDedicatedGroup() {
        when(ec2.describeSecurityGroups(any(DescribeSecurityGroupsRequest.class)))
                .thenReturn(DescribeSecurityGroupsResponse.builder().build());
    }

    void dedicatedGroupWith(SecurityGroupRule... rules) {
        when(ec2.describeSecurityGroups(any(DescribeSecurityGroupsRequest.class)))
                .thenReturn(DescribeSecurityGroupsResponse.builder().securityGroups(ours()).build());
        when(ec2.describeSecurityGroupRules(any(DescribeSecurityGroupRulesRequest.class)))
                .thenReturn(DescribeSecurityGroupRulesResponse.builder().securityGroupRules(rules).build());
    }

    static SecurityGroup ours() {
        return SecurityGroup.builder().groupId(OURS).groupName(NAME).vpcId(VPC)
                .tags(Tag.builder().key("managed-by").value("aurora-cdc-autopilot").build()).build();
    }

    static SecurityGroupRule cidrRule(String id, int port, String cidr) {
        var rule = SecurityGroupRule.builder().securityGroupRuleId(id).groupId(OURS).isEgress(false)
                .ipProtocol("tcp").fromPort(port).toPort(port);
        return (cidr.contains(":") ? rule.cidrIpv6(cidr) : rule.cidrIpv4(cidr)).build();
    }

    static SecurityGroupRule groupRule(String id, int port, String source) {
        return SecurityGroupRule.builder().securityGroupRuleId(id).groupId(OURS).isEgress(false).ipProtocol("tcp")
                .fromPort(port).toPort(port)
                .referencedGroupInfo(ReferencedSecurityGroup.builder().groupId(source).userId("123456789012").build()).build();
    }

    static SecurityGroupRule defaultEgress() {
        return SecurityGroupRule.builder().securityGroupRuleId("sgr-egress").groupId(OURS).isEgress(true)
                .ipProtocol("-1").fromPort(-1).toPort(-1).cidrIpv4("0.0.0.0/0").build();
    }

    static SecurityGroupRule[] convergedRules() {
        return new SecurityGroupRule[] {defaultEgress(), cidrRule("sgr-1", 5432, "3.215.237.32/27"),
                cidrRule("sgr-2", 5432, "52.6.209.3/32"), groupRule("sgr-3", 5432, LAMBDA)};
    }

    StageInput with(boolean dryRun, Settings settings) {
        return with(dryRun, settings, LAMBDA);
    }

    /** A new execution of the sample cluster with these settings, bound with this database-function group. */
    StageInput with(boolean dryRun, Settings settings, String lambdaGroup) {
        SetupContext c = TestExecutions.sampleContext(dryRun);
        SetupContext context = new SetupContext(c.executionId() + "-" + java.util.UUID.randomUUID(), c.startedAt(), dryRun,
                c.cluster(), settings, c.warnings());
        return executions.bind(context, lambdaGroup.isEmpty() ? Map.of()
                : Map.of(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE, lambdaGroup));
    }

    static Settings settingsWithCidrs(String cidrs) {
        return new SettingsResolver(Map.of()).resolve(Map.of(), Map.of("egressCidrs", new TextNode(cidrs)));
    }

    /** Every call on both clients was a Describe*: the run changed nothing. */
    void assertNoMutatingCalls() {
        List<String> calls = new ArrayList<>();
        for (Object client : List.of(ec2, rds)) {
            for (Invocation invocation : mockingDetails(client).getInvocations()) {
                calls.add(invocation.getMethod().getName());
            }
        }
        assertThat(calls).allMatch(name -> name.startsWith("describe"), "only describe calls");
    }

    @Test
    void handle_whenGroupMissing_createsTaggedGroupAllowsEachSourceAndAttachesAfterCustomerGroups() {
        clusterHas(5432, CUSTOMER);
        noDedicatedGroup();

        StageResult result = handler().handle(input);

        var create = ArgumentCaptor.forClass(CreateSecurityGroupRequest.class);
        verify(ec2).createSecurityGroup(create.capture());
        assertThat(create.getValue().groupName()).isEqualTo(NAME);
        assertThat(create.getValue().vpcId()).isEqualTo(VPC);
        assertThat(create.getValue().description())
                .isEqualTo("Managed by Aurora CDC Autopilot: Materialize access to Aurora cluster orders-prod");
        TagSpecification tags = create.getValue().tagSpecifications().getFirst();
        assertThat(tags.resourceType()).isEqualTo(ResourceType.SECURITY_GROUP);
        assertThat(tags.tags()).containsExactly(
                Tag.builder().key("managed-by").value("aurora-cdc-autopilot").build(),
                Tag.builder().key("Name").value(NAME).build(),
                Tag.builder().key("aurora-cdc-autopilot:cluster").value(CLUSTER).build());

        var authorize = ArgumentCaptor.forClass(AuthorizeSecurityGroupIngressRequest.class);
        verify(ec2, times(3)).authorizeSecurityGroupIngress(authorize.capture());
        assertThat(authorize.getAllValues()).extracting(AuthorizeSecurityGroupIngressRequest::groupId).containsOnly(OURS);
        assertThat(authorize.getAllValues()).extracting(r -> r.ipPermissions().getFirst()).containsExactly(
                IpPermission.builder().ipProtocol("tcp").fromPort(5432).toPort(5432)
                        .ipRanges(IpRange.builder().cidrIp("3.215.237.32/27").description("Materialize egress (Aurora CDC Autopilot)").build())
                        .build(),
                IpPermission.builder().ipProtocol("tcp").fromPort(5432).toPort(5432)
                        .ipRanges(IpRange.builder().cidrIp("52.6.209.3/32").description("Materialize egress (Aurora CDC Autopilot)").build())
                        .build(),
                IpPermission.builder().ipProtocol("tcp").fromPort(5432).toPort(5432)
                        .userIdGroupPairs(UserIdGroupPair.builder().groupId(LAMBDA).description("Aurora CDC Autopilot database Lambda").build())
                        .build());

        var modify = ArgumentCaptor.forClass(ModifyDbClusterRequest.class);
        verify(rds).modifyDBCluster(modify.capture());
        assertThat(modify.getValue().dbClusterIdentifier()).isEqualTo(CLUSTER);
        assertThat(modify.getValue().vpcSecurityGroupIds()).containsExactly(CUSTOMER, OURS);
        assertThat(modify.getValue().applyImmediately()).isNull();

        assertThat(result.stage()).isEqualTo("SecurityGroup");
        assertThat(result.planned()).hasSize(5).isEqualTo(result.applied());
        assertThat(result.facts()).containsExactly(Map.entry("securityGroupId", OURS));
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void handle_whenPaginated_followsEveryTokenAndRevokesStaleRulesById() {
        when(rds.describeDBClusters(any(DescribeDbClustersRequest.class)))
                .thenReturn(DescribeDbClustersResponse.builder().marker("m1").build())
                .thenReturn(DescribeDbClustersResponse.builder().dbClusters(DBCluster.builder().dbClusterIdentifier(CLUSTER)
                        .tagList(TRIGGER).port(5432).vpcSecurityGroups(
                                VpcSecurityGroupMembership.builder().vpcSecurityGroupId(CUSTOMER).status("active").build(),
                                VpcSecurityGroupMembership.builder().vpcSecurityGroupId(OURS).status("active").build())
                        .build()).build());
        when(ec2.describeSecurityGroups(any(DescribeSecurityGroupsRequest.class)))
                .thenReturn(DescribeSecurityGroupsResponse.builder().nextToken("g1").build())
                .thenReturn(DescribeSecurityGroupsResponse.builder().securityGroups(ours()).build());
        when(ec2.describeSecurityGroupRules(any(DescribeSecurityGroupRulesRequest.class)))
                .thenReturn(DescribeSecurityGroupRulesResponse.builder().nextToken("r1")
                        .securityGroupRules(defaultEgress(), cidrRule("sgr-1", 5432, "3.215.237.32/27")).build())
                .thenReturn(DescribeSecurityGroupRulesResponse.builder().nextToken("r2")
                        .securityGroupRules(cidrRule("sgr-old", 5432, "3.215.237.0/27")).build())
                .thenReturn(DescribeSecurityGroupRulesResponse.builder()
                        .securityGroupRules(cidrRule("sgr-2", 5432, "52.6.209.3/32"), groupRule("sgr-3", 5432, LAMBDA),
                                cidrRule("sgr-v6", 5432, "2600:1f18::/56"))
                        .build());

        StageResult result = handler().handle(input);

        var clusters = ArgumentCaptor.forClass(DescribeDbClustersRequest.class);
        verify(rds, times(2)).describeDBClusters(clusters.capture());
        assertThat(clusters.getAllValues()).extracting(DescribeDbClustersRequest::marker).containsExactly(null, "m1");
        assertThat(clusters.getAllValues()).extracting(DescribeDbClustersRequest::dbClusterIdentifier).containsOnly(CLUSTER);

        var groups = ArgumentCaptor.forClass(DescribeSecurityGroupsRequest.class);
        verify(ec2, times(2)).describeSecurityGroups(groups.capture());
        assertThat(groups.getAllValues()).extracting(DescribeSecurityGroupsRequest::nextToken).containsExactly(null, "g1");
        assertThat(groups.getValue().filters()).containsExactlyInAnyOrder(
                Filter.builder().name("group-name").values(NAME).build(),
                Filter.builder().name("vpc-id").values(VPC).build());

        var rules = ArgumentCaptor.forClass(DescribeSecurityGroupRulesRequest.class);
        verify(ec2, times(3)).describeSecurityGroupRules(rules.capture());
        assertThat(rules.getAllValues()).extracting(DescribeSecurityGroupRulesRequest::nextToken).containsExactly(null, "r1", "r2");
        assertThat(rules.getValue().filters()).containsExactly(Filter.builder().name("group-id").values(OURS).build());

        var revoke = ArgumentCaptor.forClass(RevokeSecurityGroupIngressRequest.class);
        verify(ec2, times(2)).revokeSecurityGroupIngress(revoke.capture());
        assertThat(revoke.getAllValues()).extracting(RevokeSecurityGroupIngressRequest::groupId).containsOnly(OURS);
        assertThat(revoke.getAllValues()).extracting(RevokeSecurityGroupIngressRequest::securityGroupRuleIds)
                .containsExactly(List.of("sgr-old"), List.of("sgr-v6"));
        assertThat(revoke.getAllValues()).allMatch(r -> !r.hasIpPermissions(), "revoked by rule id only");

        verify(ec2, times(0)).authorizeSecurityGroupIngress(any(AuthorizeSecurityGroupIngressRequest.class));
        verify(rds, times(0)).modifyDBCluster(any(ModifyDbClusterRequest.class));
        assertThat(result.applied()).hasSize(2);
        assertThat(result.facts()).containsEntry("securityGroupId", OURS);
    }

    @Test
    void handle_whenConverged_makesZeroMutatingCalls() {
        clusterHas(5432, CUSTOMER, OURS);
        dedicatedGroupWith(convergedRules());

        StageResult result = handler().handle(input);

        assertNoMutatingCalls();
        assertThat(result.planned()).isEmpty();
        assertThat(result.facts()).containsEntry("securityGroupId", OURS);
    }

    @Test
    void handle_whenDryRun_plansEverythingAndChangesNothing() {
        clusterHas(5432, CUSTOMER);
        noDedicatedGroup();

        StageResult result = handler().handle(with(true, TestExecutions.sampleContext(true).settings()));

        assertNoMutatingCalls();
        assertThat(result.dryRun()).isTrue();
        assertThat(result.planned()).hasSize(5);
        assertThat(result.applied()).isEmpty();
        assertThat(result.facts()).doesNotContainKey("securityGroupId");
    }

    @Test
    void handle_whenPortChanged_usesTheClusterPortDescribedNow() {
        clusterHas(5433, CUSTOMER, OURS);
        dedicatedGroupWith(convergedRules());

        handler().handle(input);

        var revoke = ArgumentCaptor.forClass(RevokeSecurityGroupIngressRequest.class);
        verify(ec2, times(3)).revokeSecurityGroupIngress(revoke.capture());
        assertThat(revoke.getAllValues()).flatExtracting(RevokeSecurityGroupIngressRequest::securityGroupRuleIds)
                .containsExactly("sgr-1", "sgr-2", "sgr-3");
        var authorize = ArgumentCaptor.forClass(AuthorizeSecurityGroupIngressRequest.class);
        verify(ec2, times(3)).authorizeSecurityGroupIngress(authorize.capture());
        assertThat(authorize.getAllValues()).extracting(r -> r.ipPermissions().getFirst().fromPort()).containsOnly(5433);
    }

    @Test
    void handle_whenIpv6Cidr_sendsIpv6Range() {
        clusterHas(5432, CUSTOMER, OURS);
        dedicatedGroupWith(convergedRules());

        handler().handle(with(false, settingsWithCidrs("3.215.237.32/27 52.6.209.3/32 2600:1F18:4C4:4F00::/56")));

        var authorize = ArgumentCaptor.forClass(AuthorizeSecurityGroupIngressRequest.class);
        verify(ec2).authorizeSecurityGroupIngress(authorize.capture());
        IpPermission permission = authorize.getValue().ipPermissions().getFirst();
        assertThat(permission.ipv6Ranges()).containsExactly(Ipv6Range.builder().cidrIpv6("2600:1f18:4c4:4f00::/56")
                .description("Materialize egress (Aurora CDC Autopilot)").build());
        assertThat(permission.hasIpRanges()).isFalse();
    }

    @Test
    void handle_whenClusterHasFiveGroups_refusesBeforeAnyMutatingCall() {
        clusterHas(5432, "sg-01111111111111111", "sg-02222222222222222", "sg-03333333333333333",
                "sg-04444444444444444", "sg-05555555555555555");
        noDedicatedGroup();

        assertThatThrownBy(() -> handler().handle(input))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("already has 5 VPC security groups");
        assertNoMutatingCalls();
    }

    @Test
    void handle_whenMoreCidrsThanTheRulesQuota_refusesBeforeAnyMutatingCall() {
        clusterHas(5432, CUSTOMER);
        noDedicatedGroup();
        String cidrs = String.join(" ", IntStream.range(0, 61).mapToObj(i -> "10.1." + i + ".0/24").toList());

        assertThatThrownBy(() -> handler().handle(with(false, settingsWithCidrs(cidrs))))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("Inbound or outbound rules per security group");
        assertNoMutatingCalls();
    }

    @Test
    void handle_whenEc2RefusesWithRulesLimit_raisesQuotaExceeded() {
        clusterHas(5432, CUSTOMER, OURS);
        dedicatedGroupWith(defaultEgress());
        when(ec2.authorizeSecurityGroupIngress(any(AuthorizeSecurityGroupIngressRequest.class)))
                .thenThrow(ec2Error("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached."));

        assertThatThrownBy(() -> handler().handle(input))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("Service Quotas")
                .hasMessageContaining("The maximum number of rules per security group has been reached.");
    }

    @Test
    void handle_whenEc2RefusesToCreateAnotherGroup_raisesQuotaExceeded() {
        clusterHas(5432, CUSTOMER);
        noDedicatedGroup();
        when(ec2.createSecurityGroup(any(CreateSecurityGroupRequest.class)))
                .thenThrow(ec2Error("SecurityGroupLimitExceeded", "You have reached the maximum number of security groups."));

        assertThatThrownBy(() -> handler().handle(input))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("VPC security groups per Region");
    }

    @Test
    void handle_whenRdsRefusesAnotherGroup_raisesQuotaExceeded() {
        clusterHas(5432, CUSTOMER);
        dedicatedGroupWith(convergedRules());
        when(rds.modifyDBCluster(any(ModifyDbClusterRequest.class))).thenThrow((RdsException) RdsException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidParameterCombination")
                        .errorMessage("The request violates your limit on number of Ec2 VPC SecurityGroups associated with an instance")
                        .build())
                .statusCode(400).build());

        assertThatThrownBy(() -> handler().handle(input))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("Security groups per network interface");
    }

    @Test
    void handle_whenNewGroupNotVisibleYet_failsRetryablyWithoutSleeping() {
        clusterHas(5432, CUSTOMER);
        noDedicatedGroup();
        when(ec2.authorizeSecurityGroupIngress(any(AuthorizeSecurityGroupIngressRequest.class)))
                .thenThrow(ec2Error("InvalidGroup.NotFound", "The security group 'sg-0aaaaaaaaaaaaaaa1' does not exist"));

        assertThatThrownBy(() -> handler().handle(input)).isInstanceOf(NotYetVisibleException.class)
                .hasMessageContaining("retries this stage");
        verify(ec2, times(1)).authorizeSecurityGroupIngress(any(AuthorizeSecurityGroupIngressRequest.class));
    }

    @Test
    void handle_whenExistingGroupNotFound_doesNotRetry() {
        clusterHas(5432, CUSTOMER, OURS);
        dedicatedGroupWith(defaultEgress());
        when(ec2.authorizeSecurityGroupIngress(any(AuthorizeSecurityGroupIngressRequest.class)))
                .thenThrow(ec2Error("InvalidGroup.NotFound", "The security group does not exist"));

        assertThatThrownBy(() -> handler().handle(input)).isInstanceOf(Ec2Exception.class);
    }

    @Test
    void handle_whenNoEgressCidrs_allowsOnlyTheLambdaAndWarns() {
        clusterHas(5432, CUSTOMER);
        noDedicatedGroup();

        StageResult result = handler().handle(with(false, Settings.defaults()));

        var authorize = ArgumentCaptor.forClass(AuthorizeSecurityGroupIngressRequest.class);
        verify(ec2).authorizeSecurityGroupIngress(authorize.capture());
        assertThat(authorize.getValue().ipPermissions().getFirst().userIdGroupPairs())
                .extracting(UserIdGroupPair::groupId).containsExactly(LAMBDA);
        verify(rds).modifyDBCluster(any(ModifyDbClusterRequest.class));
        assertThat(result.warnings()).singleElement().asString().contains("Materialize cannot connect");
    }

    @Test
    void handle_whenNoLambdaGroupConfigured_allowsOnlyTheCidrs() {
        clusterHas(5432, CUSTOMER);
        noDedicatedGroup();

        handler().handle(with(false, TestExecutions.sampleContext(false).settings(), ""));

        var authorize = ArgumentCaptor.forClass(AuthorizeSecurityGroupIngressRequest.class);
        verify(ec2, times(2)).authorizeSecurityGroupIngress(authorize.capture());
        assertThat(authorize.getAllValues()).allMatch(r -> !r.ipPermissions().getFirst().hasUserIdGroupPairs());
    }

    @Test
    void handle_whenClusterGone_raisesClusterNotFoundAndChangesNothing() {
        when(rds.describeDBClusters(any(DescribeDbClustersRequest.class)))
                .thenThrow(DbClusterNotFoundException.builder().message("DBCluster orders-prod not found.").build());

        assertThatThrownBy(() -> handler().handle(input)).isInstanceOf(ClusterNotFoundException.class)
                .hasMessageContaining("orders-prod");
        assertNoMutatingCalls();
    }

    @Test
    void handleRequest_whenStageInputEvent_returnsTheResultAsJson() throws Exception {
        clusterHas(5432, CUSTOMER, OURS);
        dedicatedGroupWith(convergedRules());
        var out = new ByteArrayOutputStream();

        handler().handleRequest(new java.io.ByteArrayInputStream(Json.write(input).getBytes()), out, null);

        StageResult result = Json.read(out.toString(), StageResult.class);
        assertThat(result.stage()).isEqualTo("SecurityGroup");
        assertThat(result.planned()).isEmpty();
        assertThat(result.facts()).containsExactly(Map.entry("securityGroupId", OURS));
    }

    static Ec2Exception ec2Error(String code, String message) {
        return (Ec2Exception) Ec2Exception.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .statusCode(400).build();
    }
}
