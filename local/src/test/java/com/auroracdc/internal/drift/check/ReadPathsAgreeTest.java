package com.auroracdc.internal.drift.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.cluster.ClusterReads;
import com.auroracdc.internal.drift.list.TaggedClusters;
import com.auroracdc.internal.parametergroup.ParameterGroupApplier;
import com.auroracdc.internal.parametergroup.ParameterGroupObserver;
import com.auroracdc.internal.parametergroup.ParameterGroupPlanner;
import com.auroracdc.internal.parametergroup.ParameterGroupReads;
import com.auroracdc.internal.parametergroup.ParameterGroupState;
import com.auroracdc.internal.securitygroup.DesiredAccess;
import com.auroracdc.internal.securitygroup.ObservedSecurityGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupApplier;
import com.auroracdc.internal.securitygroup.SecurityGroupLimits;
import com.auroracdc.internal.securitygroup.SecurityGroupObserver;
import com.auroracdc.internal.securitygroup.SecurityGroupPlanner;
import com.auroracdc.internal.securitygroup.SecurityGroupReads;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.internal.settings.Tags;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Each area has one observer and two sets of reads: the setup stage's direct ones and the drift run's shared ones
 * (the run's cache, the batch's describes). Both must show the observer the same world, in every simulator scenario,
 * before a setup and after its changes, with pages small enough that every listing follows its markers.
 */
class ReadPathsAgreeTest {
    private static final String CLUSTER = "orders-prod";

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void bothReadPaths_observeTheSameState_beforeAndAfterTheSetupsChanges(Scenario scenario) {
        SimAws sim = SimAws.create();
        scenario.build(sim, CLUSTER);
        sim.pageSize(2);
        Settings settings = new SettingsResolver(Map.of()).resolve(Map.of(),
                Map.of("egressCidrs", TextNode.valueOf("3.215.237.32/27")));

        assertSameObservations(sim, settings);

        // The setup's changes, applied as its stages apply them, where Inspect lets a setup start at all.
        DBCluster described = ClusterReads.direct(sim.rds()).cluster(CLUSTER);
        World direct = world(sim, "run-direct", false);
        if ("aurora-postgresql".equals(described.engine()) && !"serverless".equals(described.engineMode())
                && "available".equals(described.status()) && catchThrowable(direct.parameterGroups()::get) == null) {
            var plan = ParameterGroupPlanner.plan(direct.parameterGroups().get(), settings);
            plan.changes().forEach(new ParameterGroupApplier(sim.rds())::apply);
            var observed = direct.securityGroup().get();
            var applier = new SecurityGroupApplier(sim.ec2(), sim.rds(), observed.dedicatedGroupId());
            SecurityGroupPlanner.plan(observed, DesiredAccess.of(settings, null), SecurityGroupLimits.AWS_DEFAULTS)
                    .changes().forEach(applier);
            sim.settle();
            assertSameObservations(sim, settings);
        }
    }

    private static void assertSameObservations(SimAws sim, Settings settings) {
        World direct = world(sim, "run-direct", false);
        World shared = world(sim, "run-" + System.nanoTime(), true);
        assertThat(outcome(shared.parameterGroups())).as("parameter group").isEqualTo(outcome(direct.parameterGroups()));
        assertThat(outcome(shared.securityGroup())).as("security group").isEqualTo(outcome(direct.securityGroup()));
    }

    /** The observed state, or the kind and message of the refusal: the two paths must also refuse alike. */
    private static Object outcome(Supplier<?> observe) {
        Throwable refused = catchThrowable(observe::get);
        return refused == null ? observe.get() : refused.getClass().getSimpleName() + ": " + refused.getMessage();
    }

    private record World(Supplier<ParameterGroupState> parameterGroups, Supplier<ObservedSecurityGroup> securityGroup) {
    }

    private static World world(SimAws sim, String runId, boolean drift) {
        ClusterReads clusters = ClusterReads.direct(sim.rds());
        DBCluster cluster = clusters.cluster(CLUSTER);
        String family = clusters.parameterGroupFamily(cluster.engine(), cluster.engineVersion()).orElse(null);
        ClusterFacts facts = ClusterFacts.of(cluster, clusters.instances(CLUSTER), family, null, Map.of());
        ParameterGroupReads groupReads;
        SecurityGroupReads ruleReads;
        if (drift) {
            var run = TaggedClusters.plan(runId, "t", clusters.all(), Tags.DEFAULT_TRIGGER_KEY, Set.of(), 25);
            groupReads = new RunCache(runId, sim.rds(), run.sharedParameterGroups());
            ruleReads = new BatchObservation(sim.rds(), sim.ec2(), List.of(CLUSTER));
        } else {
            groupReads = ParameterGroupReads.direct(sim.rds());
            ruleReads = SecurityGroupReads.direct(sim.ec2());
        }
        return new World(() -> new ParameterGroupObserver(groupReads).observe(facts, cluster),
                () -> new SecurityGroupObserver(ruleReads).observe(facts, cluster));
    }
}
