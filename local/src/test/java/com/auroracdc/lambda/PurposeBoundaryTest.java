package com.auroracdc.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.ExecutionNotRecognizedException;
import com.auroracdc.internal.cluster.ClusterFacts;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.execution.SimExecutions;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.execution.TeardownOptions;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.materialize.MaterializeTeardown;
import com.auroracdc.internal.settings.Settings;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stage acts for executions of its own state machine only: a teardown's handle opens no setup stage that changes
 * the cluster, and a setup's opens no teardown stage, whatever the payload, before any AWS call that changes anything.
 */
class PurposeBoundaryTest {
    private final SimAws sim = SimAws.create();
    private final SimExecutions executions = new SimExecutions(sim);

    private SetupContext context() {
        var handle = Scenario.DEFAULT_GROUP.build(sim, "orders");
        var facts = new ClusterFacts("orders", handle.clusterArn(), "aurora-postgresql", "16.4", "provisioned",
                "aurora-postgresql16", "available", handle.port(), handle.vpcId(), handle.securityGroupIds(),
                handle.clusterParameterGroup(), handle.writerInstanceId(), handle.readerInstanceIds(), handle.endpoint(),
                null, handle.masterSecretArn(), "sun:05:00-sun:05:30", Map.of());
        return new SetupContext("bound", sim.clock().instant().toString(), false, facts, Settings.defaults(), List.of());
    }

    @Test
    void aSetupStage_refusesATeardownExecution() {
        StageInput teardown = executions.bindTeardown(context(), TeardownOptions.DEFAULTS);
        long before = sim.mutatingCallCount();

        assertThatThrownBy(() -> new SecurityGroupHandler(sim.rds(), sim.ec2(), executions.authority(), null, null).handle(teardown))
                .isInstanceOf(ExecutionNotRecognizedException.class).hasMessageContaining("is a teardown");
        assertThatThrownBy(() -> new ParameterGroupHandler(sim.rds(), executions.authority()).handle(teardown))
                .isInstanceOf(ExecutionNotRecognizedException.class);
        assertThat(sim.mutatingCallCount()).isEqualTo(before);
    }

    @Test
    void aTeardownStage_refusesASetupExecution() {
        StageInput setup = executions.bind(context(), Map.of());
        long before = sim.mutatingCallCount();

        assertThatThrownBy(() -> new TeardownSecurityGroupHandler(sim.rds(), sim.ec2(), executions.authority()).handle(setup))
                .isInstanceOf(ExecutionNotRecognizedException.class).hasMessageContaining("is a setup");
        assertThatThrownBy(() -> new TeardownParameterGroupHandler(sim.rds(), executions.authority()).handle(setup))
                .isInstanceOf(ExecutionNotRecognizedException.class);
        assertThatThrownBy(() -> new TeardownPrivateLinkHandler(sim.rds(), sim.elbv2(), sim.ec2(), executions.authority())
                .handle(setup)).isInstanceOf(ExecutionNotRecognizedException.class);
        assertThatThrownBy(() -> new TeardownMaterializeHandler(sim.rds(), executions.authority(), new MaterializeTeardown(
                MaterializeAccess.withDefaultTrust(sim.secretsManager()))).handle(setup))
                .isInstanceOf(ExecutionNotRecognizedException.class);
        assertThat(sim.mutatingCallCount()).isEqualTo(before);
    }
}
