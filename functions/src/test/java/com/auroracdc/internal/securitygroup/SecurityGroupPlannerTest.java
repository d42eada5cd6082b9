package com.auroracdc.internal.securitygroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.errors.QuotaExceededException;
import com.auroracdc.errors.SecurityGroupConflictException;
import com.auroracdc.internal.securitygroup.IngressRule.SourceKind;
import com.auroracdc.internal.securitygroup.ObservedSecurityGroup.DedicatedGroupState;
import com.auroracdc.internal.securitygroup.SecurityGroupChange.AttachGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupChange.AuthorizeIngress;
import com.auroracdc.internal.securitygroup.SecurityGroupChange.CreateGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupChange.RevokeIngress;
import com.auroracdc.internal.settings.SettingsResolver;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The planner as a pure function: no client, no mock. */
class SecurityGroupPlannerTest {
    static final String CLUSTER = "orders-prod";
    static final String VPC = "vpc-0a1b2c3d4e5f60718";
    static final String OURS = "sg-0aaaaaaaaaaaaaaa1";
    static final String CUSTOMER = "sg-0123456789abcdef0";
    static final String OTHER_CUSTOMER = "sg-0fedcba9876543210";
    static final String LAMBDA = "sg-0bbbbbbbbbbbbbbb2";
    static final String MZ_27 = "3.215.237.32/27";
    static final String MZ_32 = "52.6.209.3/32";
    static final DesiredAccess DESIRED = new DesiredAccess(List.of(MZ_27, MZ_32), LAMBDA);
    static final SecurityGroupLimits LIMITS = SecurityGroupLimits.AWS_DEFAULTS;

    static ObservedRule tcp(String id, int port, String cidr) {
        return cidr.contains(":")
                ? new ObservedRule(id, "tcp", port, port, null, cidr, null, null, "d")
                : new ObservedRule(id, "tcp", port, port, cidr, null, null, null, "d");
    }

    static ObservedRule fromGroup(String id, int port, String groupId) {
        return new ObservedRule(id, "tcp", port, port, null, null, groupId, null, "d");
    }

    static ObservedSecurityGroup observed(int port, List<String> clusterGroups, List<ObservedRule> rules) {
        return new ObservedSecurityGroup(CLUSTER, VPC, port, clusterGroups,
                new DedicatedGroupState(OURS, "aurora-cdc-" + CLUSTER, true, rules));
    }

    static List<ObservedRule> convergedRules() {
        return List.of(tcp("sgr-1", 5432, MZ_27), tcp("sgr-2", 5432, MZ_32), fromGroup("sgr-3", 5432, LAMBDA));
    }

    @Test
    void plan_whenGroupMissing_createsAllowsEveryRuleThenAttaches() {
        var observed = new ObservedSecurityGroup(CLUSTER, VPC, 5432, List.of(CUSTOMER), null);

        var plan = SecurityGroupPlanner.plan(observed, DESIRED, LIMITS);

        assertThat(plan.changes()).containsExactly(
                new CreateGroup(CLUSTER, VPC, "aurora-cdc-orders-prod"),
                new AuthorizeIngress("aurora-cdc-orders-prod", null, new IngressRule(5432, SourceKind.IPV4_CIDR, MZ_27)),
                new AuthorizeIngress("aurora-cdc-orders-prod", null, new IngressRule(5432, SourceKind.IPV4_CIDR, MZ_32)),
                new AuthorizeIngress("aurora-cdc-orders-prod", null, new IngressRule(5432, SourceKind.SECURITY_GROUP, LAMBDA)),
                new AttachGroup(CLUSTER, List.of(CUSTOMER), "aurora-cdc-orders-prod", null));
        assertThat(plan.warnings()).isEmpty();
        assertThat(plan.changes().getFirst().description())
                .isEqualTo("Create security group aurora-cdc-orders-prod in vpc-0a1b2c3d4e5f60718 for cluster orders-prod,"
                        + " tagged managed-by=aurora-cdc-autopilot");
    }

    @Test
    void plan_whenConverged_plansNothing() {
        var plan = SecurityGroupPlanner.plan(observed(5432, List.of(CUSTOMER, OURS), convergedRules()), DESIRED, LIMITS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void plan_whenOneRuleMissing_allowsOnlyThatRule() {
        var rules = List.of(tcp("sgr-1", 5432, MZ_27), fromGroup("sgr-3", 5432, LAMBDA));

        var plan = SecurityGroupPlanner.plan(observed(5432, List.of(CUSTOMER, OURS), rules), DESIRED, LIMITS);

        assertThat(plan.changes()).containsExactly(
                new AuthorizeIngress("aurora-cdc-orders-prod", OURS, IngressRule.fromCidr(5432, MZ_32)));
        assertThat(plan.changes().getFirst().description())
                .isEqualTo("Allow inbound TCP 5432 from 52.6.209.3/32 in aurora-cdc-orders-prod (sg-0aaaaaaaaaaaaaaa1)");
    }

    @Test
    void plan_whenCidrNoLongerConfigured_revokesItByRuleId() {
        var old = tcp("sgr-old", 5432, "3.215.237.0/27");
        var rules = new ArrayList<>(convergedRules());
        rules.add(old);

        var plan = SecurityGroupPlanner.plan(observed(5432, List.of(CUSTOMER, OURS), rules), DESIRED, LIMITS);

        assertThat(plan.changes()).containsExactly(new RevokeIngress("aurora-cdc-orders-prod", OURS, old));
        assertThat(plan.changes().getFirst().description())
                .isEqualTo("Revoke stale inbound rule sgr-old: tcp 5432 from 3.215.237.0/27 in aurora-cdc-orders-prod (sg-0aaaaaaaaaaaaaaa1)");
    }

    @Test
    void plan_whenLambdaGroupNoLongerConfigured_revokesTheGroupRule() {
        var plan = SecurityGroupPlanner.plan(observed(5432, List.of(OURS), convergedRules()),
                new DesiredAccess(List.of(MZ_27, MZ_32), null), LIMITS);

        assertThat(plan.changes()).containsExactly(
                new RevokeIngress("aurora-cdc-orders-prod", OURS, fromGroup("sgr-3", 5432, LAMBDA)));
    }

    @Test
    void plan_whenLambdaGroupReplaced_revokesOldGroupAndAllowsNewOne() {
        String newLambda = "sg-0ccccccccccccccc3";
        var plan = SecurityGroupPlanner.plan(observed(5432, List.of(OURS), convergedRules()),
                new DesiredAccess(List.of(MZ_27, MZ_32), newLambda), LIMITS);

        assertThat(plan.changes()).containsExactly(
                new RevokeIngress("aurora-cdc-orders-prod", OURS, fromGroup("sgr-3", 5432, LAMBDA)),
                new AuthorizeIngress("aurora-cdc-orders-prod", OURS, IngressRule.fromGroup(5432, newLambda)));
    }

    @Test
    void plan_whenClusterPortChanged_revokesOldPortRulesBeforeAllowingNewPort() {
        var plan = SecurityGroupPlanner.plan(observed(5433, List.of(CUSTOMER, OURS), convergedRules()), DESIRED, LIMITS);

        assertThat(plan.changes()).containsExactly(
                new RevokeIngress("aurora-cdc-orders-prod", OURS, tcp("sgr-1", 5432, MZ_27)),
                new RevokeIngress("aurora-cdc-orders-prod", OURS, tcp("sgr-2", 5432, MZ_32)),
                new RevokeIngress("aurora-cdc-orders-prod", OURS, fromGroup("sgr-3", 5432, LAMBDA)),
                new AuthorizeIngress("aurora-cdc-orders-prod", OURS, IngressRule.fromCidr(5433, MZ_27)),
                new AuthorizeIngress("aurora-cdc-orders-prod", OURS, IngressRule.fromCidr(5433, MZ_32)),
                new AuthorizeIngress("aurora-cdc-orders-prod", OURS, IngressRule.fromGroup(5433, LAMBDA)));
    }

    @Test
    void plan_whenRulesOfAnotherShape_revokesThem() {
        var allTraffic = new ObservedRule("sgr-all", "-1", -1, -1, "10.0.0.0/8", null, null, null, null);
        var range = new ObservedRule("sgr-range", "tcp", 5000, 6000, MZ_27, null, null, null, null);
        var udp = new ObservedRule("sgr-udp", "udp", 5432, 5432, MZ_27, null, null, null, null);
        var prefixList = new ObservedRule("sgr-pl", "tcp", 5432, 5432, null, null, null, "pl-0123456789abcdef0", null);
        var rules = new ArrayList<>(convergedRules());
        rules.addAll(List.of(allTraffic, range, udp, prefixList));

        var plan = SecurityGroupPlanner.plan(observed(5432, List.of(OURS), rules), DESIRED, LIMITS);

        assertThat(plan.changes()).extracting(c -> ((RevokeIngress) c).rule().ruleId())
                .containsExactly("sgr-all", "sgr-range", "sgr-udp", "sgr-pl");
        assertThat(plan.changes().getFirst().description()).contains("sgr-all: all protocols all ports from 10.0.0.0/8");
    }

    @Test
    void plan_whenIpv6Cidr_allowsIpv6RuleAndMatchesEc2sSpelling() {
        var desired = new DesiredAccess(List.of(MZ_27, "2600:1f18:4c4:4f00::/56"), null);
        var missing = SecurityGroupPlanner.plan(observed(5432, List.of(OURS), List.of(tcp("sgr-1", 5432, MZ_27))), desired, LIMITS);

        assertThat(missing.changes()).containsExactly(new AuthorizeIngress("aurora-cdc-orders-prod", OURS,
                new IngressRule(5432, SourceKind.IPV6_CIDR, "2600:1f18:4c4:4f00::/56")));

        // EC2 may report the same network in upper case or without zero compression: still the same rule.
        var present = List.of(tcp("sgr-1", 5432, MZ_27), tcp("sgr-6", 5432, "2600:1F18:04C4:4F00:0:0:0:0/56"));
        assertThat(SecurityGroupPlanner.plan(observed(5432, List.of(OURS), present), desired, LIMITS).changes()).isEmpty();
    }

    @Test
    void plan_whenGroupExistsButNotAttached_attachesKeepingCustomerGroupsAndOrder() {
        var plan = SecurityGroupPlanner.plan(observed(5432, List.of(OTHER_CUSTOMER, CUSTOMER), convergedRules()), DESIRED, LIMITS);

        assertThat(plan.changes()).containsExactly(
                new AttachGroup(CLUSTER, List.of(OTHER_CUSTOMER, CUSTOMER), "aurora-cdc-orders-prod", OURS));
        assertThat(plan.changes().getFirst().description()).isEqualTo("Add security group aurora-cdc-orders-prod"
                + " (sg-0aaaaaaaaaaaaaaa1) to cluster orders-prod, keeping sg-0fedcba9876543210, sg-0123456789abcdef0");
    }

    @Test
    void plan_neverChangesAnyGroupButTheDedicatedOne() {
        var rules = List.of(tcp("sgr-old", 5432, "198.51.100.0/24"), tcp("sgr-1", 5432, MZ_27));

        var plan = SecurityGroupPlanner.plan(observed(5433, List.of(CUSTOMER, OTHER_CUSTOMER), rules), DESIRED, LIMITS);

        for (SecurityGroupChange change : plan.changes()) {
            switch (change) {
                case RevokeIngress revoke -> assertThat(revoke.groupId()).isEqualTo(OURS);
                case AuthorizeIngress authorize -> assertThat(authorize.groupId()).isEqualTo(OURS);
                case AttachGroup attach -> {
                    assertThat(attach.groupId()).isEqualTo(OURS);
                    assertThat(attach.currentGroupIds()).containsExactly(CUSTOMER, OTHER_CUSTOMER);
                }
                case CreateGroup create -> throw new AssertionError("unexpected " + create);
            }
        }
        assertThat(plan.changes()).hasSize(6);
    }

    @Test
    void plan_whenClusterAlreadyHasFiveGroups_refusesWithQuotaExceeded() {
        var five = List.of("sg-01111111111111111", "sg-02222222222222222", "sg-03333333333333333",
                "sg-04444444444444444", "sg-05555555555555555");
        var missing = new ObservedSecurityGroup(CLUSTER, VPC, 5432, five, null);

        assertThatThrownBy(() -> SecurityGroupPlanner.plan(missing, DESIRED, LIMITS))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("already has 5 VPC security groups")
                .hasMessageContaining("Security groups per network interface")
                .hasMessageContaining("Service Quotas")
                .hasMessageContaining(SecurityGroupLimits.GROUPS_VARIABLE);
        assertThatThrownBy(() -> SecurityGroupPlanner.plan(observed(5432, five, convergedRules()), DESIRED, LIMITS))
                .isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void plan_whenFiveGroupsIncludeOurs_isFine() {
        var five = List.of("sg-01111111111111111", "sg-02222222222222222", "sg-03333333333333333",
                "sg-04444444444444444", OURS);

        assertThat(SecurityGroupPlanner.plan(observed(5432, five, convergedRules()), DESIRED, LIMITS).changes()).isEmpty();
    }

    @Test
    void plan_whenRaisedGroupsQuota_allowsASixthGroup() {
        var five = List.of("sg-01111111111111111", "sg-02222222222222222", "sg-03333333333333333",
                "sg-04444444444444444", "sg-05555555555555555");

        var plan = SecurityGroupPlanner.plan(observed(5432, five, convergedRules()), DESIRED, new SecurityGroupLimits(60, 6));

        assertThat(plan.changes()).singleElement().isInstanceOf(AttachGroup.class);
    }

    @Test
    void plan_whenMoreCidrsThanRulesQuota_refusesWithQuotaExceeded() {
        List<String> sixtyOne = IntStream.range(0, 61).mapToObj(i -> "10.0." + i + ".0/24").toList();
        var missing = new ObservedSecurityGroup(CLUSTER, VPC, 5432, List.of(CUSTOMER), null);

        assertThatThrownBy(() -> SecurityGroupPlanner.plan(missing, new DesiredAccess(sixtyOne, null), LIMITS))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("61 inbound IPv4 rules")
                .hasMessageContaining("Inbound or outbound rules per security group")
                .hasMessageContaining("mz_egress_ips")
                .hasMessageContaining("Service Quotas");
    }

    @Test
    void plan_whenSixtyCidrsPlusLambdaRule_refusesBecauseGroupRulesCountToo() {
        List<String> sixty = IntStream.range(0, 60).mapToObj(i -> "10.0." + i + ".0/24").toList();
        var missing = new ObservedSecurityGroup(CLUSTER, VPC, 5432, List.of(CUSTOMER), null);

        assertThatThrownBy(() -> SecurityGroupPlanner.plan(missing, new DesiredAccess(sixty, LAMBDA), LIMITS))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("61 inbound IPv4 rules (60 egress CIDRs plus 1 for the automation's database Lambda)");
        assertThat(SecurityGroupPlanner.plan(missing, new DesiredAccess(sixty, null), LIMITS).changes()).hasSize(62);
    }

    @Test
    void plan_whenIpv4AndIpv6EachUnderQuota_isFine() {
        List<String> cidrs = new ArrayList<>(IntStream.range(0, 40).mapToObj(i -> "10.0." + i + ".0/24").toList());
        cidrs.addAll(IntStream.range(0, 40).mapToObj(i -> "2001:db8:" + Integer.toHexString(i + 1) + "::/48").toList());
        var missing = new ObservedSecurityGroup(CLUSTER, VPC, 5432, List.of(CUSTOMER), null);

        assertThat(SecurityGroupPlanner.plan(missing, new DesiredAccess(cidrs, LAMBDA), LIMITS).changes()).hasSize(83);
    }

    @Test
    void plan_whenNoEgressCidrs_allowsOnlyTheLambdaAndWarns() {
        var missing = new ObservedSecurityGroup(CLUSTER, VPC, 5432, List.of(CUSTOMER), null);

        var plan = SecurityGroupPlanner.plan(missing, new DesiredAccess(List.of(), LAMBDA), LIMITS);

        assertThat(plan.changes()).containsExactly(
                new CreateGroup(CLUSTER, VPC, "aurora-cdc-orders-prod"),
                new AuthorizeIngress("aurora-cdc-orders-prod", null, IngressRule.fromGroup(5432, LAMBDA)),
                new AttachGroup(CLUSTER, List.of(CUSTOMER), "aurora-cdc-orders-prod", null));
        assertThat(plan.warnings()).singleElement().asString()
                .contains("Materialize cannot connect")
                .contains("egressCidrs")
                .contains("materialize:egress-cidrs");
    }

    @Test
    void plan_whenNoEgressCidrsAndConverged_stillWarns() {
        var rules = List.of(fromGroup("sgr-3", 5432, LAMBDA));

        var plan = SecurityGroupPlanner.plan(observed(5432, List.of(OURS), rules), new DesiredAccess(List.of(), LAMBDA), LIMITS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.warnings()).hasSize(1);
    }

    @Test
    void plan_whenDuplicateObservedRule_revokesTheSecond() {
        var rules = new ArrayList<>(convergedRules());
        rules.add(tcp("sgr-dup", 5432, "3.215.237.32/27"));

        var plan = SecurityGroupPlanner.plan(observed(5432, List.of(OURS), rules), DESIRED, LIMITS);

        assertThat(plan.changes()).containsExactly(new RevokeIngress("aurora-cdc-orders-prod", OURS, tcp("sgr-dup", 5432, MZ_27)));
    }

    @Test
    void plan_whenNameTakenByUnmanagedGroup_refusesWithConflict() {
        var foreign = new ObservedSecurityGroup(CLUSTER, VPC, 5432, List.of(CUSTOMER),
                new DedicatedGroupState("sg-0dddddddddddddddd", "aurora-cdc-orders-prod", false, List.of()));

        assertThatThrownBy(() -> SecurityGroupPlanner.plan(foreign, DESIRED, LIMITS))
                .isInstanceOf(SecurityGroupConflictException.class)
                .hasMessageContaining("sg-0dddddddddddddddd")
                .hasMessageContaining("not tagged managed-by=aurora-cdc-autopilot");
    }

    @Test
    void desiredAccess_whenBuiltFromSettings_usesEgressCidrsAndLambdaGroup() {
        var settings = new SettingsResolver(Map.of()).resolve(Map.of("materialize:egress-cidrs", "3.215.237.32/27 2600:1F18::/56"),
                Map.of());

        var desired = DesiredAccess.of(settings, " " + LAMBDA + " ");

        assertThat(desired.rules(5432)).containsExactly(
                IngressRule.fromCidr(5432, MZ_27),
                new IngressRule(5432, SourceKind.IPV6_CIDR, "2600:1f18::/56"),
                IngressRule.fromGroup(5432, LAMBDA));
        assertThat(DesiredAccess.of(settings, "").lambdaSecurityGroupId()).isNull();
        assertThat(DesiredAccess.of(settings, null).lambdaSecurityGroupId()).isNull();
    }

    @Test
    void desiredAccess_whenLambdaGroupIsNotAGroupId_refusesNamingTheVariable() {
        var settings = new SettingsResolver(Map.of()).resolve(Map.of(), Map.of("egressCidrs", new TextNode(MZ_27)));

        assertThatThrownBy(() -> DesiredAccess.of(settings, "my-lambda-group"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE);
    }

    @Test
    void limits_whenEnvironmentSaysSo_areRaisedAndMalformedValuesRefused() {
        assertThat(SecurityGroupLimits.fromEnvironment(Map.of())).isEqualTo(new SecurityGroupLimits(60, 5));
        assertThat(SecurityGroupLimits.fromEnvironment(Map.of(SecurityGroupLimits.RULES_VARIABLE, "120",
                SecurityGroupLimits.GROUPS_VARIABLE, "8"))).isEqualTo(new SecurityGroupLimits(120, 8));
        assertThatThrownBy(() -> SecurityGroupLimits.fromEnvironment(Map.of(SecurityGroupLimits.GROUPS_VARIABLE, "many")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(SecurityGroupLimits.GROUPS_VARIABLE);
    }

    @Test
    void plan_whenOverTheRulesQuotaWithoutTheLambdaRule_countsTheCidrsAlone() {
        List<String> sixtyOne = IntStream.range(0, 61).mapToObj(i -> "10.0." + i + ".0/24").toList();
        var missing = new ObservedSecurityGroup(CLUSTER, VPC, 5432, List.of(CUSTOMER), null);

        assertThatThrownBy(() -> SecurityGroupPlanner.plan(missing, new DesiredAccess(sixtyOne, null), LIMITS))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("would need 61 inbound IPv4 rules (61 egress CIDRs), more than the 60 allowed")
                .hasMessageNotContaining("database Lambda");
    }

    @Test
    void plan_whenIpv6CidrsPlusLambdaRuleExceedTheQuota_refusesNamingIpv6() {
        List<String> sixty = IntStream.range(0, 60).mapToObj(i -> "2001:db8:" + Integer.toHexString(i + 1) + "::/48").toList();
        var missing = new ObservedSecurityGroup(CLUSTER, VPC, 5432, List.of(CUSTOMER), null);

        assertThatThrownBy(() -> SecurityGroupPlanner.plan(missing, new DesiredAccess(sixty, LAMBDA), LIMITS))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("would need 61 inbound IPv6 rules (60 egress CIDRs plus 1 for the automation's"
                        + " database Lambda), more than the 60 allowed");
        assertThat(SecurityGroupPlanner.plan(missing, new DesiredAccess(sixty, null), LIMITS).changes()).hasSize(62);
    }

    @Test
    void plan_whenBothFamiliesExceedTheQuotaEqually_namesIpv4() {
        var cidrs = List.of("10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24", "2001:db8:1::/48", "2001:db8:2::/48",
                "2001:db8:3::/48");
        var missing = new ObservedSecurityGroup(CLUSTER, VPC, 5432, List.of(CUSTOMER), null);

        assertThatThrownBy(() -> SecurityGroupPlanner.plan(missing, new DesiredAccess(cidrs, LAMBDA), new SecurityGroupLimits(3, 5)))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("would need 4 inbound IPv4 rules (6 egress CIDRs plus 1 for the automation's"
                        + " database Lambda), more than the 3 allowed");
        assertThat(SecurityGroupPlanner.plan(missing, new DesiredAccess(cidrs, LAMBDA), new SecurityGroupLimits(4, 5))
                .changes()).as("4 of each family fit a quota of 4").hasSize(9);
    }

    @Test
    void plan_onThePrivateLinkPath_admitsTheLoadBalancersGroup_andRevokesEveryCidr() {
        String balancer = "sg-0ccccccccccccccc3";
        var desired = DesiredAccess.throughLoadBalancer(balancer, LAMBDA);

        var plan = SecurityGroupPlanner.plan(observed(5432, List.of(CUSTOMER, OURS), convergedRules()), desired, LIMITS);

        assertThat(plan.changes()).extracting(SecurityGroupChange::description).hasSize(3)
                .anySatisfy(c -> assertThat(c).contains("Allow").contains(balancer))
                .anySatisfy(c -> assertThat(c).contains("Revoke").contains(MZ_27))
                .anySatisfy(c -> assertThat(c).contains("Revoke").contains(MZ_32));
        assertThat(plan.warnings()).isEmpty();
        assertThat(desired.rules(5432)).extracting(IngressRule::source).containsExactly(balancer, LAMBDA);
    }

    @Test
    void plan_onThePrivateLinkPath_beforeTheLoadBalancersGroupExists_warnsThatTheStageMakesIt() {
        var plan = SecurityGroupPlanner.plan(observed(5432, List.of(CUSTOMER, OURS), List.of(fromGroup("sgr-3", 5432, LAMBDA))),
                DesiredAccess.throughLoadBalancer(null, LAMBDA), LIMITS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.warnings()).singleElement().asString().contains("mz-cdc-orders-prod-nlb").contains("PrivateLink stage")
                .doesNotContain("egressCidrs");
    }
}
