package com.auroracdc.local.run;

import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.privatelink.PrivateLinkNames;
import com.auroracdc.local.sim.SimAws;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.rds.model.DBClusterMember;

/**
 * {@code ./autopilot local --network-path privatelink}: the setups run on the PrivateLink path (with a stand-in for
 * Materialize's principal), then this prints what exists, fails the cluster over to a reader, delivers the RDS
 * failover event as the EventBridge rule would, and shows the target following the new writer.
 */
final class LocalPrivateLink {
    /** Stands in for the principal Materialize's region connects as (SELECT principal FROM mz_aws_privatelink_connections). */
    static final String PRINCIPAL = "arn:aws:iam::664411391173:role/mz_local_plc";
    static final String PRINCIPALS_VARIABLE = "PRIVATELINK_PRINCIPALS";

    private LocalPrivateLink() {
    }

    /** The run's settings ask for the PrivateLink path. */
    static boolean wanted(CommandLine line) {
        return "privatelink".equals(String.valueOf(line.input().get("networkPath")));
    }

    /** The stack with a principal allowed, unless the command line names one. */
    static Map<String, String> stack(Map<String, String> stack) {
        Map<String, String> deployed = new LinkedHashMap<>(stack);
        deployed.putIfAbsent(PRINCIPALS_VARIABLE, PRINCIPAL);
        return deployed;
    }

    /** What the setup made, then a failover, its event, and the retarget. */
    static void failOverAndRetarget(LocalAutopilot autopilot, PrintStream out) {
        SimAws sim = autopilot.sim();
        String name = PrivateLinkNames.name(LocalAutopilot.CLUSTER);
        out.printf("%nPrivateLink path of %s:%n", LocalAutopilot.CLUSTER);
        sim.unrecorded(() -> {
            LoadBalancer lb = sim.elbv2().describeLoadBalancers(r -> r.names(name)).loadBalancers().getFirst();
            out.printf("  load balancer  %s (%s, %s), security group %s (no inbound rule)%n", lb.loadBalancerName(),
                    lb.schemeAsString(), lb.state().codeAsString(), String.join(", ", lb.securityGroups()));
            ServiceConfiguration service = sim.ec2().describeVpcEndpointServiceConfigurations(r -> { })
                    .serviceConfigurations().stream().filter(s -> s.networkLoadBalancerArns().contains(lb.loadBalancerArn()))
                    .findFirst().orElseThrow();
            out.printf("  endpoint service  %s (%s; acceptance %s; zones %s)%n", service.serviceName(),
                    service.serviceStateAsString(), Boolean.TRUE.equals(service.acceptanceRequired()) ? "required" : "not required",
                    String.join(", ", service.availabilityZoneIds()));
            out.printf("  target group  %s: %s%n", name, targets(sim, name));
        });

        String oldWriter = writer(autopilot);
        String newWriter = autopilot.describe().dbClusterMembers().stream().filter(m -> !Boolean.TRUE.equals(m.isClusterWriter()))
                .map(DBClusterMember::dbInstanceIdentifier).findFirst().orElse(null);
        if (newWriter == null) {
            out.println("\n(the cluster has no reader to fail over to)");
            return;
        }
        out.printf("%nFailover: writer %s -> %s (RDS-EVENT-0071 delivered to the retarget function)%n", oldWriter, newWriter);
        sim.rds().failover(LocalAutopilot.CLUSTER, newWriter);
        long before = sim.mutatingCallCount();
        JsonNode result = retarget(autopilot, newWriter);
        result.path("applied").forEach(change -> out.printf("  %s%n", change.asText()));
        sim.unrecorded(() -> out.printf("  target group  %s: %s%n", name, targets(sim, name)));
        out.printf("  %d mutating AWS call(s); no reboot, no database change%n", sim.mutatingCallCount() - before);
        long again = sim.mutatingCallCount();
        JsonNode repeated = retarget(autopilot, newWriter);
        out.printf("%nThe same event again (EventBridge delivers at least once): %s, %d mutating AWS call(s)%n",
                repeated.path("outcome").asText(), sim.mutatingCallCount() - again);
    }

    /** The failover event, delivered as the rule would (the function logs its one line). */
    private static JsonNode retarget(LocalAutopilot autopilot, String newWriter) {
        return Json.read(autopilot.deliverRdsEvent(autopilot.rdsClusterEvent("RDS-EVENT-0071",
                "Completed failover to DB instance: " + newWriter)), JsonNode.class);
    }

    private static String writer(LocalAutopilot autopilot) {
        return autopilot.describe().dbClusterMembers().stream().filter(m -> Boolean.TRUE.equals(m.isClusterWriter()))
                .map(DBClusterMember::dbInstanceIdentifier).findFirst().orElse("(none)");
    }

    private static String targets(SimAws sim, String name) {
        TargetGroup group = sim.elbv2().describeTargetGroups(r -> r.names(name)).targetGroups().getFirst();
        List<String> targets = sim.elbv2().describeTargetHealth(r -> r.targetGroupArn(group.targetGroupArn()))
                .targetHealthDescriptions().stream()
                .map(t -> t.target().id() + ":" + t.target().port() + " " + t.targetHealth().stateAsString()).toList();
        return targets.isEmpty() ? "no target" : String.join(", ", targets);
    }
}
