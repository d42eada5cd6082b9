package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.InvalidInputException;
import com.auroracdc.errors.RetargetDeferredException;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.execution.LeaseBound;
import com.auroracdc.internal.execution.LockHolder;
import com.auroracdc.internal.execution.SimExecutions;
import com.auroracdc.internal.json.Json;
import com.auroracdc.lambda.RetargetHandler;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * Following the writer across a failover, on a cluster set up with NetworkPath privatelink by the real setup state
 * machine: the failover event moves the target group's one target to the new writer (the old one drains), with no
 * other write of any kind; a retried event, an unmanaged cluster and forged payloads write nothing; a cluster a setup
 * holds is left alone with the named retryable error.
 */
class RetargetOrchestrationTest {
    private static final String MATERIALIZE = "arn:aws:iam::664411391173:role/mz_4f3a_plc";
    private static final Map<String, Object> INPUT = Map.of("egressCidrs", "3.215.237.32/27");
    private static final String GROUP = "mz-cdc-orders-prod";
    private static final Set<String> TABLE_WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems");

    @Test
    void failoverEvent_movesTheTargetToTheNewWriter_drainsTheOld_andWritesNothingElse() {
        withPrivateLinkCluster(autopilot -> {
            SimAws sim = autopilot.sim();
            String oldWriter = autopilot.cluster().writerInstanceId();
            String newWriter = autopilot.cluster().readerInstanceIds().getFirst();
            String oldIp = sim.rds().privateIpAddress(oldWriter);
            String newIp = sim.rds().privateIpAddress(newWriter);
            int port = autopilot.cluster().port();
            sim.rds().failover(LocalAutopilot.CLUSTER, newWriter);
            int before = sim.calls().size();

            JsonNode result = Json.read(autopilot.deliverRdsEvent(autopilot.rdsClusterEvent("RDS-EVENT-0071",
                    "Completed failover to DB instance: " + newWriter)), JsonNode.class);

            assertThat(result.path("outcome").asText()).isEqualTo(RetargetHandler.RETARGETED);
            assertThat(result.path("oldTargets")).extracting(JsonNode::asText).containsExactly(oldIp + ":" + port);
            assertThat(result.path("newTarget").asText()).isEqualTo(newIp + ":" + port);
            assertThat(result.path("summary").asText()).contains(LocalAutopilot.CLUSTER, oldIp, newIp, newWriter);
            assertThat(targets(sim)).as("the new writer registered and live, the old one draining")
                    .extracting(t -> t.target().id() + (t.targetHealth().stateAsString().equals("draining") ? " draining" : " live"))
                    .containsExactlyInAnyOrder(newIp + " live", oldIp + " draining");
            List<SimCall> calls = sim.calls().subList(before, sim.calls().size());
            assertThat(writes(calls)).as("register, deregister and the brief hold: no reboot, no parameter or security group,"
                    + " no RDS or EC2 write").containsExactly("PutItem", "RegisterTargets", "DeregisterTargets", "DeleteItem");
            assertThat(calls).extracting(SimCall::service).doesNotContain("secretsmanager");
            assertThat(autopilot.state().holder(LocalAutopilot.CLUSTER)).as("the brief hold released").isEmpty();
        });
    }

    @Test
    void failoverEvent_retriedAfterSuccess_orAnotherEventOfTheSameFailover_makesNoWriteAtAll() {
        withPrivateLinkCluster(autopilot -> {
            SimAws sim = autopilot.sim();
            String newWriter = autopilot.cluster().readerInstanceIds().getFirst();
            sim.rds().failover(LocalAutopilot.CLUSTER, newWriter);
            ObjectNode completed = autopilot.rdsClusterEvent("RDS-EVENT-0071", "Completed failover to DB instance: " + newWriter);
            autopilot.deliverRdsEvent(completed);
            int before = sim.calls().size();

            JsonNode retried = Json.read(autopilot.deliverRdsEvent(completed), JsonNode.class);
            JsonNode started = Json.read(autopilot.deliverRdsEvent(autopilot.rdsClusterEvent("RDS-EVENT-0073",
                    "Started cross AZ failover to DB instance: " + newWriter)), JsonNode.class);
            JsonNode restarted = Json.read(autopilot.deliverRdsEvent(instanceEvent(autopilot, newWriter, "RDS-EVENT-0006")),
                    JsonNode.class);
            JsonNode byHand = Json.read(autopilot.deliverRdsEvent(Map.of("clusterId", LocalAutopilot.CLUSTER)), JsonNode.class);

            assertThat(List.of(retried, started, restarted, byHand)).extracting(r -> r.path("outcome").asText())
                    .containsOnly(RetargetHandler.ON_WRITER);
            assertThat(restarted.path("cluster").asText()).as("the instance's cluster, read from RDS")
                    .isEqualTo(LocalAutopilot.CLUSTER);
            assertThat(retried.path("summary").asText()).contains("already on the writer");
            assertThat(writes(sim.calls().subList(before, sim.calls().size()))).as("no write, not even the lock's").isEmpty();
        });
    }

    @Test
    void failoverEvent_ofAClusterWithoutOurTargetGroup_orOfAGoneInstance_writesNothing() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            assertThat(autopilot.setup(INPUT, event -> { }).succeeded()).isTrue(); // public-cidrs: no PrivateLink path
            SimAws sim = autopilot.sim();
            sim.rds().failover(LocalAutopilot.CLUSTER, autopilot.cluster().readerInstanceIds().getFirst());
            int before = sim.calls().size();

            JsonNode unmanaged = Json.read(autopilot.deliverRdsEvent(autopilot.rdsClusterEvent("RDS-EVENT-0071",
                    "Completed failover")), JsonNode.class);
            JsonNode gone = Json.read(autopilot.deliverRdsEvent(instanceEvent(autopilot, "orders-prod-deleted",
                    "RDS-EVENT-0004")), JsonNode.class);

            assertThat(unmanaged.path("outcome").asText()).isEqualTo(RetargetHandler.SKIPPED);
            assertThat(unmanaged.path("summary").asText()).contains("no PrivateLink target group");
            assertThat(gone.path("outcome").asText()).isEqualTo(RetargetHandler.SKIPPED);
            assertThat(gone.path("summary").asText()).contains("orders-prod-deleted", "not found");
            assertThat(writes(sim.calls().subList(before, sim.calls().size()))).isEmpty();
        }
    }

    @Test
    void forgedPayloads_areRefusedByName_beforeAnyAwsCall() {
        withPrivateLinkCluster(autopilot -> {
            SimAws sim = autopilot.sim();
            sim.rds().failover(LocalAutopilot.CLUSTER, autopilot.cluster().readerInstanceIds().getFirst()); // a retarget is due
            String huge = "a".repeat(200_000);
            List<Object> forged = List.of(
                    Map.of("clusterId", "orders-prod; DROP TABLE x"),
                    Map.of("clusterId", "1orders"),
                    Map.of("clusterId", "orders--prod"),
                    Map.of("clusterId", huge),
                    Map.of("clusterId", 42),
                    List.of("orders-prod"),
                    Map.of("cluster", "orders-prod"),
                    event(autopilot, e -> e.put("source", "aws.ec2")),
                    event(autopilot, e -> e.put("detail-type", "RDS DB Snapshot Event")),
                    event(autopilot, e -> e.remove("detail")),
                    event(autopilot, e -> e.put("detail", "RDS-EVENT-0071")),
                    event(autopilot, e -> ((ObjectNode) e.get("detail")).remove("SourceIdentifier")),
                    event(autopilot, e -> ((ObjectNode) e.get("detail")).put("SourceIdentifier", huge)),
                    event(autopilot, e -> ((ObjectNode) e.get("detail")).put("SourceIdentifier", "../orders-prod")),
                    event(autopilot, e -> ((ObjectNode) e.get("detail")).put("EventID", "RDS-EVENT-0001")),
                    event(autopilot, e -> ((ObjectNode) e.get("detail")).remove("EventID")),
                    event(autopilot, e -> e.putArray("resources").add("arn:aws:rds:us-east-1:123456789012:cluster:billing")),
                    event(autopilot, e -> e.put("resources", "arn:aws:rds:us-east-1:123456789012:cluster:orders-prod")),
                    event(autopilot, e -> e.put("clusterId", "orders-prod")));
            int before = sim.calls().size();

            for (Object payload : forged) {
                assertThatThrownBy(() -> autopilot.deliverRdsEvent(payload)).as(String.valueOf(payload).substring(0,
                                Math.min(120, String.valueOf(payload).length())))
                        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Nothing was changed")
                        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1_000));
            }

            assertThat(sim.calls().subList(before, sim.calls().size())).as("refused before any AWS call").isEmpty();
        });
    }

    @Test
    void failoverEvent_whileASetupHoldsTheCluster_writesNothing_andFailsRetryably_untilTheHoldEnds() {
        withPrivateLinkCluster(autopilot -> {
            SimAws sim = autopilot.sim();
            String newWriter = autopilot.cluster().readerInstanceIds().getFirst();
            sim.rds().failover(LocalAutopilot.CLUSTER, newWriter);
            sim.unrecorded(() -> SimExecutions.holdAsRunningSetup(sim, LocalAutopilot.CLUSTER));
            LockHolder setup = autopilot.state().holder(LocalAutopilot.CLUSTER).orElseThrow();
            ObjectNode event = autopilot.rdsClusterEvent("RDS-EVENT-0071", "Completed failover to DB instance: " + newWriter);
            int before = sim.calls().size();

            assertThatThrownBy(() -> autopilot.deliverRdsEvent(event)).isInstanceOf(RetargetDeferredException.class)
                    .hasMessageContaining(setup.executionId()).hasMessageContaining("changed nothing");

            List<SimCall> calls = sim.calls().subList(before, sim.calls().size());
            assertThat(writes(calls)).as("only the attempt at the lock, which was refused").containsExactly("PutItem");
            assertThat(calls).filteredOn(c -> c.operation().equals("PutItem")).noneMatch(SimCall::succeeded);
            assertThat(autopilot.state().holder(LocalAutopilot.CLUSTER)).contains(setup);
            assertThat(targets(sim)).extracting(t -> t.target().id())
                    .containsExactly(sim.rds().privateIpAddress(autopilot.cluster().writerInstanceId()));

            sim.clock().advance(LeaseBound.HEARTBEAT.plus(Duration.ofMinutes(1))); // the setup's hold has ended
            JsonNode retried = Json.read(autopilot.deliverRdsEvent(event), JsonNode.class); // Lambda's retry

            assertThat(retried.path("outcome").asText()).isEqualTo(RetargetHandler.RETARGETED);
            assertThat(retried.path("newTarget").asText()).startsWith(sim.rds().privateIpAddress(newWriter) + ":");
        });
    }

    @Test
    void retargetHandler_holdsNoDatabaseConnector() {
        assertThat(Arrays.stream(RetargetHandler.class.getDeclaredFields()).map(Field::getType))
                .as("the retarget cannot run a PostgreSQL statement: it has no way to connect")
                .doesNotContain(PgConnector.class).allMatch(type -> !type.getName().contains("sql"));
    }

    private static void withPrivateLinkCluster(Consumer<LocalAutopilot> test) {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.redeploy(Map.of("NETWORK_PATH", "privatelink", "PRIVATELINK_PRINCIPALS", MATERIALIZE));
            var setup = autopilot.setup(INPUT, event -> { });
            assertThat(setup.succeeded()).as(setup.toString()).isTrue();
            assertThat(targets(autopilot.sim())).extracting(t -> t.target().id())
                    .containsExactly(autopilot.sim().rds().privateIpAddress(autopilot.cluster().writerInstanceId()));
            test.accept(autopilot);
        }
    }

    /** The operations that wrote anything: AWS writes and the cluster-state table's. */
    private static List<String> writes(List<SimCall> calls) {
        return calls.stream().filter(c -> c.mutating() || TABLE_WRITES.contains(c.operation())).map(SimCall::operation).toList();
    }

    private static List<TargetHealthDescription> targets(SimAws sim) {
        Object[] found = new Object[1];
        sim.unrecorded(() -> {
            String arn = sim.elbv2().describeTargetGroups(r -> r.names(GROUP)).targetGroups().getFirst().targetGroupArn();
            found[0] = sim.elbv2().describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions();
        });
        @SuppressWarnings("unchecked")
        List<TargetHealthDescription> targets = (List<TargetHealthDescription>) found[0];
        return targets;
    }

    /** The cluster's 0071 event with one change. */
    private static ObjectNode event(LocalAutopilot autopilot, Consumer<ObjectNode> change) {
        ObjectNode event = autopilot.rdsClusterEvent("RDS-EVENT-0071", "Completed failover to DB instance: x");
        change.accept(event);
        return event;
    }

    /** An "RDS DB Instance Event" about {@code instance}, as EventBridge delivers it. */
    private static ObjectNode instanceEvent(LocalAutopilot autopilot, String instance, String eventId) {
        ObjectNode event = autopilot.rdsClusterEvent(eventId, "DB instance restarted");
        String arn = "arn:aws:rds:us-east-1:123456789012:db:" + instance;
        event.put("detail-type", "RDS DB Instance Event");
        event.putArray("resources").add(arn);
        ((ObjectNode) event.get("detail")).put("SourceType", "DB_INSTANCE").put("SourceArn", arn)
                .put("SourceIdentifier", instance);
        return event;
    }
}
