package com.auroracdc.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.aws.Pages;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.parametergroup.ManagedGroups;
import com.auroracdc.internal.parametergroup.ParameterGroupPlanner;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParametersResponse;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * The customer's cluster parameter groups are never modified: whichever of two clusters sharing a group is set up
 * first, each ends on its own copy and the shared group stays as it was, byte for byte (every parameter with its
 * value, source and apply method, the description, the tags). Only the stack's opt-in modifies a group in place.
 */
class CustomerParameterGroupTest {
    private static final String SHARED = "shared-pg16";
    private static final Map<String, String> CUSTOMER_VALUES = Map.of("max_wal_senders", "15",
            "log_min_duration_statement", "1000", "max_replication_slots", "2");

    @ParameterizedTest(name = "{0} set up first")
    @ValueSource(strings = {"orders", "billing"})
    void setup_whenTwoClustersShareAGroup_leavesItUnchangedWhateverTheOrder(String first) {
        SimAws sim = SimAws.create();
        for (String cluster : List.of("orders", "billing")) {
            sim.newCluster(cluster).customClusterParameterGroup(SHARED, CUSTOMER_VALUES)
                    .tag(Tags.DEFAULT_TRIGGER_KEY, Tags.TRIGGER_VALUE).create();
        }
        String before = snapshot(sim, SHARED);
        var driver = new ControlPlaneDriver(sim);

        driver.run(first, false);
        driver.run(first.equals("orders") ? "billing" : "orders", false);

        assertThat(snapshot(sim, SHARED)).isEqualTo(before);
        for (String cluster : List.of("orders", "billing")) {
            String own = ManagedGroups.name(cluster, "aurora-postgresql16");
            assertThat(sim.rds().describeDBClusters(r -> r.dbClusterIdentifier(cluster)).dbClusters().getFirst()
                    .dbClusterParameterGroup()).as(cluster).isEqualTo(own);
            Map<String, String> values = values(sim, own);
            assertThat(values).as("the copy keeps the customer's values")
                    .containsEntry("log_min_duration_statement", "1000").containsEntry("max_wal_senders", "15")
                    .containsEntry("rds.logical_replication", "1");
        }
        assertThat(driver.run("orders", false).applied()).as("a converged re-run").isEmpty();
    }

    @Test
    void setup_whenTheGroupIsTheClustersAlone_stillCopiesItByDefault() {
        SimAws sim = SimAws.create();
        Scenario.DEDICATED_CUSTOM_GROUP.build(sim, "orders");
        String before = snapshot(sim, "orders-params");

        new ControlPlaneDriver(sim).run("orders", false);

        assertThat(snapshot(sim, "orders-params")).isEqualTo(before);
        assertThat(values(sim, ManagedGroups.name("orders", "aurora-postgresql16")))
                .containsEntry("rds.logical_replication", "1").containsEntry("log_min_duration_statement", "500");
    }

    @Test
    void setup_whenTheStackOptsInToInPlaceChanges_modifiesTheClustersOwnGroup() {
        SimAws sim = SimAws.create();
        Scenario.DEDICATED_CUSTOM_GROUP.build(sim, "orders");
        sim.clearCalls();

        new ControlPlaneDriver(sim, Map.of(ParameterGroupPlanner.InPlace.VARIABLE, "true")).run("orders", false);

        assertThat(values(sim, "orders-params")).containsEntry("rds.logical_replication", "1")
                .containsEntry("log_min_duration_statement", "500");
        assertThat(sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders")).dbClusters().getFirst()
                .dbClusterParameterGroup()).isEqualTo("orders-params");
        assertThat(sim.mutatingCallsByOperation()).doesNotContainKeys("CopyDBClusterParameterGroup",
                "CreateDBClusterParameterGroup");
        assertThat(sim.calls()).as("no parameter group associated: the one ModifyDBCluster attaches our security group")
                .filteredOn(c -> c.operation().equals("ModifyDBCluster"))
                .noneMatch(c -> ((software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest) c.request())
                        .dbClusterParameterGroupName() != null);
    }

    private static List<Parameter> parameters(SimAws sim, String group) {
        return Pages.all(marker -> sim.rds().describeDBClusterParameters(r -> r.dbClusterParameterGroupName(group).marker(marker)),
                DescribeDbClusterParametersResponse::marker, DescribeDbClusterParametersResponse::parameters);
    }

    private static Map<String, String> values(SimAws sim, String group) {
        Map<String, String> values = new java.util.TreeMap<>();
        parameters(sim, group).stream().filter(p -> p.parameterValue() != null)
                .forEach(p -> values.put(p.parameterName(), p.parameterValue()));
        return values;
    }

    /** Everything RDS says about a group, as text: any change to it shows. */
    private static String snapshot(SimAws sim, String group) {
        String[] text = new String[1];
        sim.unrecorded(() -> {
            var described = sim.rds().describeDBClusterParameterGroups(r -> r.dbClusterParameterGroupName(group))
                    .dbClusterParameterGroups().getFirst();
            text[0] = described + "\n" + sim.rds().listTagsForResource(r -> r.resourceName(described.dbClusterParameterGroupArn()))
                    .tagList() + "\n" + parameters(sim, group);
        });
        return text[0];
    }
}
