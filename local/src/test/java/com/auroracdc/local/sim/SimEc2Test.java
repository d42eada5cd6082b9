package com.auroracdc.local.sim;

import static com.auroracdc.local.sim.AwsErrors.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DeleteSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

class SimEc2Test {
    private final SimAws sim = SimAws.create();
    private ClusterHandle cluster;
    private String groupId;

    @BeforeEach
    void createDedicatedGroup() {
        cluster = sim.newCluster("orders").create();
        groupId = sim.ec2().createSecurityGroup(r -> r.vpcId(cluster.vpcId()).groupName("aurora-cdc-orders")
                .description("Materialize access to orders, managed by Aurora CDC Autopilot")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
                        .tags(Tag.builder().key("managed-by").value("aurora-cdc-autopilot").build()).build())).groupId();
    }

    private static IpPermission tcp(int port, String... cidrs) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port)
                .ipRanges(java.util.Arrays.stream(cidrs).map(c -> IpRange.builder().cidrIp(c).description("Materialize").build()).toList())
                .build();
    }

    private List<SecurityGroupRule> ingressRules() {
        return sim.ec2().describeSecurityGroupRulesPaginator(r -> r.filters(Filter.builder().name("group-id").values(groupId).build()))
                .securityGroupRules().stream().filter(rule -> !rule.isEgress()).toList();
    }

    @Test
    void createSecurityGroup_isFoundByNameAndVpcFilters_andTagged_withTheDefaultEgressRule() {
        List<SecurityGroup> found = sim.ec2().describeSecurityGroupsPaginator(r -> r.filters(
                Filter.builder().name("group-name").values("aurora-cdc-orders").build(),
                Filter.builder().name("vpc-id").values(cluster.vpcId()).build())).securityGroups().stream().toList();

        assertThat(found).singleElement().satisfies(g -> {
            assertThat(g.groupId()).isEqualTo(groupId).startsWith("sg-").hasSize(20);
            assertThat(g.tags()).containsExactly(Tag.builder().key("managed-by").value("aurora-cdc-autopilot").build());
            assertThat(g.ipPermissions()).isEmpty();
            assertThat(g.ipPermissionsEgress()).singleElement().satisfies(p -> {
                assertThat(p.ipProtocol()).isEqualTo("-1");
                assertThat(p.ipRanges()).extracting(IpRange::cidrIp).containsExactly("0.0.0.0/0");
            });
        });
        assertThat(sim.ec2().describeSecurityGroups(r -> r.filters(Filter.builder().name("tag:managed-by").values("aurora-cdc-*").build()))
                .securityGroups()).extracting(SecurityGroup::groupId).containsExactly(groupId);
    }

    @Test
    void createSecurityGroup_whenNameTakenInTheVpc_throwsInvalidGroupDuplicate() {
        assertThatThrownBy(() -> sim.ec2().createSecurityGroup(r -> r.vpcId(cluster.vpcId()).groupName("aurora-cdc-orders").description("again")))
                .isInstanceOf(Ec2Exception.class)
                .satisfies(errorCode("InvalidGroup.Duplicate"));
    }

    @Test
    void describeSecurityGroups_byGroupNameOutsideTheDefaultVpc_throwsInvalidGroupNotFound() {
        assertThatThrownBy(() -> sim.ec2().describeSecurityGroups(r -> r.groupNames("aurora-cdc-orders")))
                .satisfies(errorCode("InvalidGroup.NotFound"));
        assertThatThrownBy(() -> sim.ec2().describeSecurityGroups(r -> r.groupIds("sg-00000000000000bad")))
                .satisfies(errorCode("InvalidGroup.NotFound"));
        assertThatThrownBy(() -> sim.ec2().describeSecurityGroups(r -> r.filters(Filter.builder().name("name").values("x").build())))
                .satisfies(errorCode("InvalidParameterValue"));
    }

    @Test
    void authorize_createsOneRulePerSource_masksHostBits_andGroupsThemInDescribeSecurityGroups() {
        var response = sim.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(
                tcp(5432, "203.0.113.7/27", "198.51.100.10/32"),
                IpPermission.builder().ipProtocol("tcp").fromPort(5432).toPort(5432)
                        .userIdGroupPairs(UserIdGroupPair.builder().groupId(cluster.applicationSecurityGroupId()).build()).build()));

        assertThat(response.returnValue()).isTrue();
        assertThat(response.securityGroupRules()).hasSize(3).allSatisfy(rule -> assertThat(rule.securityGroupRuleId()).startsWith("sgr-"));
        assertThat(ingressRules()).extracting(SecurityGroupRule::cidrIpv4).containsExactlyInAnyOrder("203.0.113.0/27", "198.51.100.10/32", null);
        SecurityGroup group = sim.ec2().describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0);
        assertThat(group.ipPermissions()).singleElement().satisfies(p -> {
            assertThat(p.fromPort()).isEqualTo(5432);
            assertThat(p.ipRanges()).hasSize(2);
            assertThat(p.userIdGroupPairs()).extracting(UserIdGroupPair::groupId).containsExactly(cluster.applicationSecurityGroupId());
        });
    }

    @Test
    void authorize_whenARuleExists_failsWholeCallWithInvalidPermissionDuplicate() {
        sim.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(5432, "203.0.113.0/27")));

        assertThatThrownBy(() -> sim.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(5432, "198.51.100.10/32", "203.0.113.0/27"))))
                .satisfies(errorCode("InvalidPermission.Duplicate"))
                .hasMessageContaining("peer: 203.0.113.0/27, TCP, from port: 5432, to port: 5432, ALLOW");
        assertThat(ingressRules()).hasSize(1);
        assertThatThrownBy(() -> sim.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(5432, "10.1.0.0/16", "10.1.0.0/16"))))
                .satisfies(errorCode("InvalidParameterValue"));
        assertThatThrownBy(() -> sim.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(5432, "10.1.0.300/16"))))
                .satisfies(errorCode("InvalidParameterValue"))
                .hasMessageContaining("malformed");
    }

    @Test
    void authorize_beyondSixtyInboundRules_throwsRulesPerSecurityGroupLimitExceeded() {
        String[] sixty = IntStream.range(0, 60).mapToObj(i -> "10.9." + i + ".0/24").toArray(String[]::new);
        sim.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(5432, sixty)));

        assertThatThrownBy(() -> sim.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(5432, "10.10.0.0/24"))))
                .satisfies(errorCode("RulesPerSecurityGroupLimitExceeded"));
        assertThat(ingressRules()).hasSize(60);
    }

    @Test
    void revoke_byRuleIdsOrByPermissions_andUnknownRulesFailWithoutRevokingAnything() {
        var rules = sim.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(5432, "203.0.113.0/27", "198.51.100.10/32")))
                .securityGroupRules();

        assertThatThrownBy(() -> sim.ec2().revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(5432, "198.51.100.10/32", "192.0.2.0/24"))))
                .satisfies(errorCode("InvalidPermission.NotFound"));
        assertThat(ingressRules()).hasSize(2);
        assertThatThrownBy(() -> sim.ec2().revokeSecurityGroupIngress(r -> r.groupId(groupId).securityGroupRuleIds("sgr-00000000000000bad")))
                .satisfies(errorCode("InvalidSecurityGroupRuleId.NotFound"));

        var revoked = sim.ec2().revokeSecurityGroupIngress(r -> r.groupId(groupId).securityGroupRuleIds(rules.get(0).securityGroupRuleId()));
        assertThat(revoked.revokedSecurityGroupRules()).singleElement().satisfies(x -> assertThat(x.cidrIpv4()).isEqualTo("203.0.113.0/27"));
        sim.ec2().revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(5432, "198.51.100.10/32")));
        assertThat(ingressRules()).isEmpty();
    }

    @Test
    void describeSecurityGroupRules_paginatesThroughTheSdkPaginator() {
        sim.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(5432, "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24", "10.0.4.0/24")));
        sim.clearCalls();

        assertThat(ingressRules()).hasSize(4);
        assertThat(sim.callCount("DescribeSecurityGroupRules")).isEqualTo(2); // 5 rules (egress included), pages of 3
        assertThatThrownBy(() -> sim.ec2().describeSecurityGroupRules(r -> r.maxResults(2)))
                .satisfies(errorCode("InvalidParameterValue"));
    }

    @Test
    void dryRun_changesNothing() {
        assertThatThrownBy(() -> sim.ec2().authorizeSecurityGroupIngress(r -> r.dryRun(true).groupId(groupId).ipPermissions(tcp(5432, "10.0.1.0/24"))))
                .satisfies(errorCode("DryRunOperation", 412));
        assertThat(ingressRules()).isEmpty();
    }

    private boolean groupExists(String id) {
        return !sim.ec2().describeSecurityGroups(r -> r.filters(Filter.builder().name("group-id").values(id).build()))
                .securityGroups().isEmpty();
    }

    private List<SecurityGroupRule> rulesOf(String id) {
        return sim.ec2().describeSecurityGroupRulesPaginator(r -> r.filters(Filter.builder().name("group-id").values(id).build()))
                .securityGroupRules().stream().toList();
    }

    @Test
    void deleteSecurityGroup_removesTheGroupWithItsRules_andIsRecordedAsAMutatingCall() {
        sim.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(5432, "203.0.113.0/27")));
        sim.clearCalls();

        DeleteSecurityGroupResponse response = sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId));

        assertThat(response.returnValue()).isTrue();
        assertThat(response.groupId()).isEqualTo(groupId);
        assertThat(sim.mutatingCallCount("DeleteSecurityGroup")).isEqualTo(1);
        assertThat(groupExists(groupId)).isFalse();
        assertThat(rulesOf(groupId)).as("ingress and the default egress rule go with the group").isEmpty();
        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId)))
                .isInstanceOf(Ec2Exception.class)
                .satisfies(errorCode("InvalidGroup.NotFound"));
        assertThatThrownBy(() -> sim.ec2().describeSecurityGroups(r -> r.groupIds(groupId)))
                .satisfies(errorCode("InvalidGroup.NotFound"));
        assertThat(sim.mutatingCallCount("DeleteSecurityGroup")).as("the failed attempt is a write too").isEqualTo(2);
    }

    @Test
    void deleteSecurityGroup_withoutAnIdOrName_orUnknown_orAsDryRun_deletesNothing() {
        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> { }))
                .satisfies(errorCode("MissingParameter"));
        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupId("sg-00000000000000bad")))
                .satisfies(errorCode("InvalidGroup.NotFound"));
        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupName("aurora-cdc-orders")))
                .as("names identify groups only in the default VPC")
                .satisfies(errorCode("InvalidGroup.NotFound"));
        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.dryRun(true).groupId(groupId)))
                .satisfies(errorCode("DryRunOperation", 412));

        assertThat(groupExists(groupId)).isTrue();
    }

    @Test
    void deleteSecurityGroup_whileAClusterListsIt_failsWithDependencyViolation_untilModifyDBClusterReplacesTheSet() {
        String databaseGroup = cluster.securityGroupIds().get(0);
        sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier(cluster.clusterId()).vpcSecurityGroupIds(databaseGroup, groupId));

        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId)))
                .isInstanceOf(Ec2Exception.class)
                .satisfies(errorCode("DependencyViolation", 400))
                .hasMessageContaining("resource " + groupId + " has a dependent object");
        assertThat(groupExists(groupId)).isTrue();

        sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier(cluster.clusterId()).vpcSecurityGroupIds(databaseGroup));

        sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId));
        assertThat(groupExists(groupId)).isFalse();
        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupId(databaseGroup)))
                .as("the customer's group the cluster still lists")
                .satisfies(errorCode("DependencyViolation"));
    }

    @Test
    void deleteSecurityGroup_whileAnotherGroupsRuleReferencesIt_failsWithDependencyViolation_butItsOwnSelfReferenceDoesNot() {
        String application = cluster.applicationSecurityGroupId();
        String databaseGroup = cluster.securityGroupIds().get(0);

        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupId(application)))
                .as("the database group has a rule from the application group")
                .satisfies(errorCode("DependencyViolation"));

        sim.ec2().revokeSecurityGroupIngress(r -> r.groupId(databaseGroup).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                .fromPort(5432).toPort(5432).userIdGroupPairs(UserIdGroupPair.builder().groupId(application).build()).build()));
        sim.ec2().deleteSecurityGroup(r -> r.groupId(application));
        assertThat(groupExists(application)).isFalse();

        sim.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                .fromPort(5432).toPort(5432).userIdGroupPairs(UserIdGroupPair.builder().groupId(groupId).build()).build()));
        sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId));
        assertThat(groupExists(groupId)).isFalse();
    }

    @Test
    void theDefaultGroup_cannotBeDeleted_norItsNameTaken() {
        String defaultGroup = sim.ec2().seedDefaultSecurityGroup(cluster.vpcId());

        assertThat(sim.ec2().seedDefaultSecurityGroup(cluster.vpcId())).isEqualTo(defaultGroup);
        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupId(defaultGroup)))
                .satisfies(errorCode("CannotDelete"));
        assertThat(groupExists(defaultGroup)).isTrue();
        assertThatThrownBy(() -> sim.ec2().createSecurityGroup(r -> r.vpcId(cluster.vpcId()).groupName("default").description("mine")))
                .satisfies(errorCode("InvalidGroup.Reserved"));
    }

    @Test
    void deleteSecurityGroup_withAReleaseLag_keepsFailingForThatManyAttemptsAfterTheClusterDroppedTheGroup() {
        String databaseGroup = cluster.securityGroupIds().get(0);
        sim.rds().securityGroupReleaseLag(2);
        sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier(cluster.clusterId()).vpcSecurityGroupIds(databaseGroup, groupId));
        sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier(cluster.clusterId()).vpcSecurityGroupIds(databaseGroup));

        assertThat(sim.rds().describeDBClusters(r -> r.dbClusterIdentifier(cluster.clusterId())).dbClusters().get(0).vpcSecurityGroups())
                .as("the cluster no longer lists it at once").extracting(m -> m.vpcSecurityGroupId()).containsExactly(databaseGroup);
        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId))).satisfies(errorCode("DependencyViolation"));
        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId))).satisfies(errorCode("DependencyViolation"));
        sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId));

        assertThat(groupExists(groupId)).isFalse();
    }

    @Test
    void aGroupNamedAgainBeforeItsReleaseLagEnds_isTheClustersAgain_andLagsAnewWhenDroppedLater() {
        String databaseGroup = cluster.securityGroupIds().get(0);
        sim.rds().securityGroupReleaseLag(1);
        sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier(cluster.clusterId()).vpcSecurityGroupIds(databaseGroup, groupId));
        sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier(cluster.clusterId()).vpcSecurityGroupIds(databaseGroup));
        sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier(cluster.clusterId()).vpcSecurityGroupIds(databaseGroup, groupId));

        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId))).satisfies(errorCode("DependencyViolation"));
        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId))).as("listed, not lagging").satisfies(errorCode("DependencyViolation"));

        sim.rds().modifyDBCluster(r -> r.dbClusterIdentifier(cluster.clusterId()).vpcSecurityGroupIds(databaseGroup));
        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId))).satisfies(errorCode("DependencyViolation"));
        sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId));
    }

    @Test
    void deleteSecurityGroup_takesInjectedFaults_beforeOrAfterApplying() {
        sim.failOperation("DeleteSecurityGroup", "InternalError", 1);
        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId))).satisfies(errorCode("InternalError", 500));
        assertThat(groupExists(groupId)).isTrue();

        sim.failMutatingCall(1, SimAws.FaultTiming.AFTER_APPLY);
        assertThatThrownBy(() -> sim.ec2().deleteSecurityGroup(r -> r.groupId(groupId))).satisfies(errorCode("InternalError", 500));
        assertThat(groupExists(groupId)).as("the response was lost, the deletion stands").isFalse();
        assertThat(sim.mutatingCallsByOperation()).containsEntry("DeleteSecurityGroup", 2L);
    }
}
