package com.auroracdc.internal.parametergroup;

import static com.auroracdc.internal.parametergroup.Groups.CLUSTER;
import static com.auroracdc.internal.parametergroup.Groups.FAMILY;
import static com.auroracdc.internal.parametergroup.Groups.MANAGED;
import static com.auroracdc.internal.parametergroup.Groups.cluster;
import static com.auroracdc.internal.parametergroup.Groups.facts;
import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.parametergroup.ParameterGroupRemoval.DeleteGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupRemoval.RestoreGroup;
import com.auroracdc.internal.settings.Tags;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parameter-group teardown's plan, against a fake of {@link ParameterGroupReads}. */
class ParameterGroupTeardownTest {
    private static final String CUSTOMER = "orders-params";
    private final FakeParameterGroupReads reads = new FakeParameterGroupReads();

    private ParameterGroupTeardown.Plan plan(String current, boolean restore, boolean dryRun, String... statuses) {
        return new ParameterGroupTeardown(reads).plan(facts(CLUSTER, FAMILY, current),
                cluster(CLUSTER, current, statuses.length == 0 ? new String[] {"in-sync"} : statuses), MANAGED, CUSTOMER,
                restore, dryRun);
    }

    private void ours() {
        reads.group(MANAGED, FAMILY, ManagedGroups.tags(CLUSTER), Map.of());
    }

    @Test
    void byDefault_theClusterStaysOnOurGroup_andTheReportSaysHowToLeaveIt() {
        ours();
        reads.group(CUSTOMER, FAMILY, Map.of(), Map.of());

        ParameterGroupTeardown.Plan plan = plan(MANAGED, false, false);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left()).singleElement().asString().contains("stays on parameter group " + MANAGED,
                "restoreParameterGroup", CUSTOMER);
    }

    @Test
    void restore_movesTheClusterBack_andDeletesOurGroupOnlyAfterTheReboot() {
        ours();
        reads.group(CUSTOMER, FAMILY, Map.of(), Map.of());

        assertThat(plan(MANAGED, true, false).changes()).containsExactly(new RestoreGroup(CLUSTER, MANAGED, CUSTOMER));
        assertThat(plan(MANAGED, true, true).changes()).as("a dry run shows the deletion in its place")
                .containsExactly(new RestoreGroup(CLUSTER, MANAGED, CUSTOMER), new DeleteGroup(MANAGED, true));
    }

    @Test
    void afterTheMove_ourUnusedGroupIsDeletedOnceEveryMemberIsInSync() {
        ours();
        reads.cluster(CLUSTER, CUSTOMER);

        assertThat(plan(CUSTOMER, true, false, "in-sync", "pending-reboot").changes()).isEmpty();
        assertThat(plan(CUSTOMER, true, false, "in-sync", "pending-reboot").left()).singleElement().asString()
                .contains("once the members", "have rebooted");
        assertThat(plan(CUSTOMER, true, false, "in-sync", "in-sync").changes()).containsExactly(new DeleteGroup(MANAGED, false));
    }

    @Test
    void ourGroupStillUsedByAnotherCluster_isLeftAndSaysWhich() {
        ours();
        reads.cluster("billing", MANAGED);

        ParameterGroupTeardown.Plan plan = plan(CUSTOMER, true, false);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left()).singleElement().asString().contains("billing");
    }

    @Test
    void aGroupOfOurNameWithoutOurTags_isNotOurs() {
        reads.group(MANAGED, FAMILY, Map.of(Tags.MANAGED_BY, "someone-else"), Map.of());

        ParameterGroupTeardown.Plan plan = plan(MANAGED, true, false);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.left()).singleElement().asString().contains("not ours");
    }

    @Test
    void restore_withoutARecordedGroupOrWithItGone_staysAndSaysWhatToDo() {
        ours();

        assertThat(new ParameterGroupTeardown(reads).plan(facts(CLUSTER, FAMILY, MANAGED), cluster(CLUSTER, MANAGED, "in-sync"),
                MANAGED, null, true, false).left()).singleElement().asString().contains("names no group");
        assertThat(plan(MANAGED, true, false).left()).singleElement().asString().contains(CUSTOMER, "no longer exists");
    }

    @Test
    void nothingOfOurs_plansNothing() {
        assertThat(plan(CUSTOMER, true, false).changes()).isEmpty();
        assertThat(plan(CUSTOMER, true, false).left()).isEmpty();
    }

    /** After a major upgrade the family Inspect resolves is newer than the one our group was made for. */
    private ParameterGroupTeardown.Plan afterUpgrade(String current, String recorded) {
        return new ParameterGroupTeardown(reads).plan(facts(CLUSTER, "aurora-postgresql17", current),
                cluster(CLUSTER, current, "in-sync"), recorded, CUSTOMER, false, false);
    }

    @Test
    void ourGroupOfTheFamilyNow_isFoundWithoutARecord() {
        ours();
        reads.cluster(CLUSTER, CUSTOMER);

        assertThat(new ParameterGroupTeardown(reads).plan(facts(CLUSTER, FAMILY, CUSTOMER), cluster(CLUSTER, CUSTOMER,
                "in-sync"), null, null, false, false).changes()).containsExactly(new DeleteGroup(MANAGED, false));
    }

    @Test
    void ourGroupOfAnOlderFamily_isFoundByTheRecordOrAsTheClustersGroup() {
        ours();
        reads.cluster(CLUSTER, CUSTOMER);
        assertThat(afterUpgrade(CUSTOMER, MANAGED).changes()).as("named by the record only")
                .containsExactly(new DeleteGroup(MANAGED, false));

        assertThat(afterUpgrade(MANAGED, null).left()).as("the cluster's own group only").singleElement().asString()
                .contains("stays on parameter group " + MANAGED);
    }
}
