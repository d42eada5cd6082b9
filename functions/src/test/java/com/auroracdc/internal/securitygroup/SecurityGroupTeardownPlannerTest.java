package com.auroracdc.internal.securitygroup;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.securitygroup.SecurityGroupRemoval.DeleteGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupRemoval.DetachGroup;
import com.auroracdc.internal.stage.Effect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the teardown does to the dedicated security group, and what it leaves. */
class SecurityGroupTeardownPlannerTest {
    private static final String OURS = "sg-ours";
    private static final String NAME = "aurora-cdc-orders";

    private static ObservedSecurityGroup observed(List<String> attached, boolean managed) {
        return new ObservedSecurityGroup("orders", "vpc-1", 5432, attached,
                new ObservedSecurityGroup.DedicatedGroupState(OURS, NAME, managed, List.of()));
    }

    @Test
    void ourAttachedGroup_isDetachedKeepingTheOthersInOrder_thenDeleted() {
        var plan = SecurityGroupTeardownPlanner.plan(observed(List.of("sg-app", OURS, "sg-db"), true), OURS);

        assertThat(plan.changes()).containsExactly(new DetachGroup("orders", NAME, OURS, List.of("sg-app", "sg-db")),
                new DeleteGroup(NAME, OURS));
        assertThat(plan.changes()).extracting(SecurityGroupRemoval::effect).containsExactly(Effect.CHANGE, Effect.DESTROY);
        assertThat(plan.left()).isEmpty();
    }

    @Test
    void ourDetachedGroup_isOnlyDeleted() {
        assertThat(SecurityGroupTeardownPlanner.plan(observed(List.of("sg-db"), true), OURS).changes())
                .containsExactly(new DeleteGroup(NAME, OURS));
    }

    @Test
    void aGroupOfOurNameWithoutOurTag_isLeft() {
        var plan = SecurityGroupTeardownPlanner.plan(observed(List.of("sg-db", OURS), false), OURS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left()).singleElement().asString().contains("not ours");
    }

    @Test
    void ourGroupAsTheClustersOnlyGroup_isLeftWithWhatToDo() {
        var plan = SecurityGroupTeardownPlanner.plan(observed(List.of(OURS), true), OURS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left()).singleElement().asString().contains("only security group", "modify-db-cluster");
    }

    @Test
    void noGroupOfOurName_plansNothing() {
        var plan = SecurityGroupTeardownPlanner.plan(new ObservedSecurityGroup("orders", "vpc-1", 5432, List.of("sg-db"), null), null);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left()).isEmpty();
    }

    @Test
    void aRecordNamingAnotherGroup_isSaid_andTheTaggedOneRemoved() {
        var plan = SecurityGroupTeardownPlanner.plan(observed(List.of("sg-db"), true), "sg-older");

        assertThat(plan.changes()).containsExactly(new DeleteGroup(NAME, OURS));
        assertThat(plan.left()).singleElement().asString().contains("sg-older", OURS);
    }

    private static final String BALANCER = "sg-nlb";
    private static final String BALANCER_NAME = "mz-cdc-orders-nlb";

    private static ObservedSecurityGroup withBalancerGroup(List<String> attached, boolean dedicatedManaged,
                                                           boolean balancerManaged) {
        return new ObservedSecurityGroup("orders", "vpc-1", 5432, attached,
                new ObservedSecurityGroup.DedicatedGroupState(OURS, NAME, dedicatedManaged, List.of()),
                new ObservedSecurityGroup.DedicatedGroupState(BALANCER, BALANCER_NAME, balancerManaged, List.of()));
    }

    @Test
    void theLoadBalancersGroupOfOurs_isDeletedAfterTheDedicatedGroupThatAdmitsIt() {
        var plan = SecurityGroupTeardownPlanner.plan(withBalancerGroup(List.of("sg-db", OURS), true, true), OURS);

        assertThat(plan.changes()).containsExactly(new DetachGroup("orders", NAME, OURS, List.of("sg-db")),
                new DeleteGroup(NAME, OURS), new DeleteGroup(BALANCER_NAME, BALANCER));
        assertThat(plan.left()).isEmpty();
    }

    @Test
    void theLoadBalancersGroup_staysWhileTheDedicatedGroupStays() {
        var plan = SecurityGroupTeardownPlanner.plan(withBalancerGroup(List.of(OURS), true, true), OURS);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left()).hasSize(2).last().asString().contains(BALANCER_NAME, "still admits it");
    }

    @Test
    void theLoadBalancersGroup_goesWhenTheDedicatedGroupIsAnothers_orGone() {
        assertThat(SecurityGroupTeardownPlanner.plan(withBalancerGroup(List.of("sg-db", OURS), false, true), OURS).changes())
                .containsExactly(new DeleteGroup(BALANCER_NAME, BALANCER));
        var gone = new ObservedSecurityGroup("orders", "vpc-1", 5432, List.of("sg-db"), null,
                new ObservedSecurityGroup.DedicatedGroupState(BALANCER, BALANCER_NAME, true, List.of()));
        assertThat(SecurityGroupTeardownPlanner.plan(gone, null).changes()).containsExactly(new DeleteGroup(BALANCER_NAME, BALANCER));
    }

    @Test
    void aLoadBalancerGroupOfOurNameNotOurs_isNeverDeleted() {
        assertThat(SecurityGroupTeardownPlanner.plan(withBalancerGroup(List.of("sg-db", OURS), true, false), OURS).changes())
                .containsExactly(new DetachGroup("orders", NAME, OURS, List.of("sg-db")), new DeleteGroup(NAME, OURS));
    }
}
