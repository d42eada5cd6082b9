package com.auroracdc.local.sim;

import static com.auroracdc.local.sim.AwsErrors.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

class SimSecretsAndEventsTest {
    private final SimAws sim = SimAws.create();

    @Test
    void managedMasterSecret_holdsTheCredentials_andIsOwnedByRds() {
        ClusterHandle c = sim.newCluster("orders").managedMasterSecret("s3cret").create();

        var value = sim.secretsManager().getSecretValue(r -> r.secretId(c.masterSecretArn()));
        var description = sim.secretsManager().describeSecret(r -> r.secretId(c.masterSecretArn()));

        assertThat(value.secretString()).isEqualTo("{\"username\":\"postgres\",\"password\":\"s3cret\"}");
        assertThat(value.versionStages()).containsExactly("AWSCURRENT");
        assertThat(description.owningService()).isEqualTo("rds");
        assertThat(description.name()).startsWith("rds!cluster-");
        assertThat(c.masterSecretArn()).matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-[0-9a-f-]{36}-[A-Za-z0-9]{6}");
    }

    @Test
    void createSecret_twice_throwsResourceExists_andPutSecretValueMovesAwsCurrent() {
        var created = sim.secretsManager().createSecret(r -> r.name("aurora-cdc/orders/materialize").secretString("{\"password\":\"a\"}")
                .tags(Tag.builder().key("managed-by").value("aurora-cdc-autopilot").build()));

        assertThatThrownBy(() -> sim.secretsManager().createSecret(r -> r.name("aurora-cdc/orders/materialize").secretString("{}")))
                .isInstanceOf(ResourceExistsException.class)
                .satisfies(errorCode("ResourceExistsException"));

        var put = sim.secretsManager().putSecretValue(r -> r.secretId(created.arn()).secretString("{\"password\":\"b\"}"));
        assertThat(put.versionStages()).containsExactly("AWSCURRENT");
        assertThat(sim.secretsManager().getSecretValue(r -> r.secretId("aurora-cdc/orders/materialize")).secretString()).contains("\"b\"");
        assertThat(sim.secretsManager().getSecretValue(r -> r.secretId(created.arn()).versionStage("AWSPREVIOUS")).secretString()).contains("\"a\"");
        sim.secretsManager().tagResource(r -> r.secretId(created.arn()).tags(Tag.builder().key("cluster").value("orders").build()));
        assertThat(sim.secretsManager().describeSecret(r -> r.secretId(created.arn())).tags()).hasSize(2);
        assertThatThrownBy(() -> sim.secretsManager().getSecretValue(r -> r.secretId("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void putEvents_recordsValidEntries_andReportsInvalidOnesPerEntry() {
        var response = sim.eventBridge().putEvents(r -> r.entries(
                PutEventsRequestEntry.builder().source("aurora-cdc-autopilot").detailType("Aurora CDC Setup Completed")
                        .detail("{\"cluster\":\"orders\",\"status\":\"ready\"}").build(),
                PutEventsRequestEntry.builder().source("aurora-cdc-autopilot").detailType("broken").detail("not json").build()));

        assertThat(response.failedEntryCount()).isEqualTo(1);
        assertThat(response.entries().get(0).eventId()).isNotNull();
        assertThat(response.entries().get(1).errorCode()).isEqualTo("MalformedDetail");
        assertThat(sim.eventBridge().sentEvents()).singleElement().satisfies(e -> {
            assertThat(e.detailType()).isEqualTo("Aurora CDC Setup Completed");
            assertThat(e.eventBusName()).isEqualTo("default");
        });
        assertThat(sim.mutatingCallCount()).as("events are not resource changes").isZero();
    }

    @Test
    void startExecution_isRecorded_andANameReusedWithOtherInputIsRefused() {
        String machine = "arn:aws:states:us-east-1:123456789012:stateMachine:aurora-cdc-setup";
        var first = sim.sfn().startExecution(r -> r.stateMachineArn(machine).name("repair-orders-1").input("{\"clusterIdentifier\":\"orders\"}"));

        assertThat(first.executionArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:aurora-cdc-setup:repair-orders-1");
        assertThat(sim.sfn().startExecution(r -> r.stateMachineArn(machine).name("repair-orders-1").input("{\"clusterIdentifier\":\"orders\"}"))
                .executionArn()).isEqualTo(first.executionArn());
        assertThatThrownBy(() -> sim.sfn().startExecution(r -> r.stateMachineArn(machine).name("repair-orders-1").input("{}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        assertThat(sim.sfn().executions()).hasSize(1);
    }

    @Test
    void listAndDescribeExecutions_showRunningSetups_mostRecentFirst_acrossPages() {
        String machine = "arn:aws:states:us-east-1:123456789012:stateMachine:aurora-cdc-setup";
        for (int i = 0; i < 4; i++) {
            sim.sfn().registerExecution(machine, "run-" + i, "{\"clusterIdentifier\":\"c" + i + "\"}");
            sim.clock().advance(java.time.Duration.ofSeconds(1));
        }
        sim.sfn().finishExecution(machine.replace(":stateMachine:", ":execution:") + ":run-1", ExecutionStatus.FAILED);

        var running = sim.sfn().listExecutionsPaginator(r -> r.stateMachineArn(machine).statusFilter(ExecutionStatus.RUNNING))
                .executions().stream().map(e -> e.name()).toList();

        assertThat(running).containsExactly("run-3", "run-2", "run-0");
        assertThat(sim.sfn().describeExecution(r -> r.executionArn(machine.replace(":stateMachine:", ":execution:") + ":run-2")).input())
                .contains("\"c2\"");
        assertThatThrownBy(() -> sim.sfn().describeExecution(r -> r.executionArn(machine.replace(":stateMachine:", ":execution:") + ":nope")))
                .satisfies(errorCode("ExecutionDoesNotExist"));
    }
}
