package com.auroracdc.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.securitygroup.DedicatedGroup;
import com.auroracdc.lambda.PrivateLinkHandler;
import com.auroracdc.local.sfn.ExecutionEvent;
import com.auroracdc.local.sfn.ExecutionResult;
import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Network path privatelink on the real setup state machine: the PrivateLink stage creates the load balancer, target
 * group (the writer's private address), listener and endpoint service, the state machine waits while the load balancer
 * provisions, a second setup plans nothing; with public-cidrs the stage does no PrivateLink work at all.
 */
class PrivateLinkOrchestrationTest {
    private static final String MATERIALIZE = "arn:aws:iam::664411391173:role/mz_4f3a_plc";
    private static final Map<String, Object> INPUT = Map.of("egressCidrs", "3.215.237.32/27");
    private static final Set<String> PRIVATELINK_WRITES = Set.of("CreateLoadBalancer", "CreateTargetGroup", "CreateListener",
            "RegisterTargets", "DeregisterTargets", "ModifyLoadBalancerAttributes", "SetSecurityGroups", "CreateSecurityGroup",
            "CreateVpcEndpointServiceConfiguration",
            "ModifyVpcEndpointServiceConfiguration", "ModifyVpcEndpointServicePermissions");

    @Test
    void setup_privatelink_createsThePathWaitsWhileTheLoadBalancerProvisions_andASecondRunPlansNothing() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.redeploy(Map.of("NETWORK_PATH", "privatelink", "PRIVATELINK_PRINCIPALS", MATERIALIZE));
            SimAws sim = autopilot.sim();
            List<JsonNode> privateLinkResults = new ArrayList<>();

            ExecutionResult first = autopilot.setup(INPUT, event -> {
                if (event.type() == ExecutionEvent.Type.StateExited && "PrivateLink".equals(event.state())) {
                    privateLinkResults.add(event.output().path("privateLink"));
                }
            });

            assertThat(first.succeeded()).as(first.toString()).isTrue();
            assertThat(first.statesEntered()).containsSubsequence("Preflight", "PrivateLink", "PrivateLinkAwaiting",
                    "WaitForPrivateLink", "PrivateLink", "PrivateLinkAwaiting", "SecurityGroup");
            sim.unrecorded(() -> {
                LoadBalancer lb = sim.elbv2().describeLoadBalancers(r -> r.names("mz-cdc-orders-prod")).loadBalancers().get(0);
                assertThat(lb.schemeAsString()).isEqualTo("internal");
                assertThat(lb.state().codeAsString()).isEqualTo("active");
                TargetGroup group = sim.elbv2().describeTargetGroups(r -> r.names("mz-cdc-orders-prod")).targetGroups().get(0);
                String writer = autopilot.describe().dbClusterMembers().stream().filter(m -> m.isClusterWriter())
                        .findFirst().orElseThrow().dbInstanceIdentifier();
                assertThat(sim.elbv2().describeTargetHealth(r -> r.targetGroupArn(group.targetGroupArn()))
                        .targetHealthDescriptions()).extracting(t -> t.target().id())
                        .containsExactly(sim.rds().privateIpAddress(writer));
                assertThat(sim.elbv2().describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn())).listeners())
                        .singleElement().satisfies(l -> assertThat(l.defaultActions().get(0).targetGroupArn())
                                .isEqualTo(group.targetGroupArn()));
                ServiceConfiguration service = sim.ec2().describeVpcEndpointServiceConfigurations(r -> { })
                        .serviceConfigurations().get(0);
                assertThat(service.networkLoadBalancerArns()).containsExactly(lb.loadBalancerArn());
                assertThat(service.acceptanceRequired()).isTrue();
                assertThat(sim.ec2().describeVpcEndpointServicePermissions(r -> r.serviceId(service.serviceId()))
                        .allowedPrincipals()).extracting(p -> p.principal()).containsExactly(MATERIALIZE);
                JsonNode facts = privateLinkResults.getLast().path("facts");
                assertThat(facts.path(PrivateLinkHandler.SERVICE_NAME_FACT).asText()).isEqualTo(service.serviceName());
                assertThat(facts.path(PrivateLinkHandler.SQL_FACT).asText())
                        .contains("CREATE CONNECTION").contains(service.serviceName()).contains("AVAILABILITY ZONES")
                        .contains("mz_aws_privatelink_connections").contains("accept-vpc-endpoint-connections")
                        .contains("VALIDATE CONNECTION");
                // Materialize arrives through the load balancer: its group, of ours with no inbound rule, is the only
                // source the dedicated group admits besides the database Lambda's; no CIDR is opened.
                assertThat(lb.securityGroups()).singleElement().satisfies(nlbGroup -> {
                    SecurityGroup own = sim.ec2().describeSecurityGroups(r -> r.groupIds(nlbGroup)).securityGroups().get(0);
                    assertThat(own.groupName()).isEqualTo("mz-cdc-orders-prod-nlb");
                    assertThat(own.ipPermissions()).isEmpty();
                    SecurityGroup dedicated = sim.ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                            .values(DedicatedGroup.name("orders-prod")))).securityGroups().get(0);
                    assertThat(dedicated.ipPermissions()).allSatisfy(p -> assertThat(p.ipRanges()).isEmpty())
                            .anySatisfy(p -> assertThat(p.userIdGroupPairs()).extracting(pair -> pair.groupId())
                                    .contains(nlbGroup));
                });
                assertThat(lb.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic()).isEqualTo("off");
                assertThat(facts.path(PrivateLinkHandler.ZONE_IDS_FACT).asText()).isNotBlank();
                assertThat(facts.path("privatelinkAwaiting").asText()).isEqualTo("false");
            });
            assertThat(privateLinkResults.getFirst().path("facts").path("privatelinkAwaiting").asText()).isEqualTo("true");
            assertThat(first.output().path("nextSteps").asText()).as("the PrivateLink steps, then the connection through it")
                    .contains("TO AWS PRIVATELINK").contains("VALIDATE CONNECTION").contains("AWS PRIVATELINK \"orders_prod_privatelink\"");
            assertThat(first.output().path("changes").toString()).contains("Create internal Network Load Balancer")
                    .contains("Create VPC endpoint service");

            int callsBefore = sim.calls().size();
            ExecutionResult second = autopilot.setup(INPUT, event -> { });

            assertThat(second.succeeded()).as(second.toString()).isTrue();
            assertThat(second.statesEntered()).contains("PrivateLink").doesNotContain("WaitForPrivateLink");
            assertThat(sim.calls().subList(callsBefore, sim.calls().size())).extracting(SimCall::operation)
                    .as("a converged path: no PrivateLink write").doesNotContainAnyElementsOf(PRIVATELINK_WRITES);
        }
    }

    @Test
    void dryRun_privatelink_listsEverythingThePathWouldMake_theEndpointServiceIncluded_andChangesNothing() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            autopilot.redeploy(Map.of("NETWORK_PATH", "privatelink", "PRIVATELINK_PRINCIPALS", MATERIALIZE));
            long before = autopilot.sim().mutatingCallCount();

            ExecutionResult dry = autopilot.setup(Map.of("dryRun", true), event -> { });

            assertThat(dry.succeeded()).as(dry.toString()).isTrue();
            assertThat(dry.statesEntered()).doesNotContain("WaitForPrivateLink");
            assertThat(dry.output().path("planned").toString()).contains("Create security group mz-cdc-orders-prod-nlb")
                    .contains("Create internal Network Load Balancer").contains("Create TCP target group")
                    .contains("Create TCP listener").contains("Create VPC endpoint service")
                    .contains("Set the allowed principals of the new endpoint service: allow " + MATERIALIZE);
            assertThat(autopilot.sim().mutatingCallCount()).as("a dry run changes nothing").isEqualTo(before);
        }
    }

    @Test
    void setup_publicCidrs_doesNoPrivateLinkWork() {
        try (LocalAutopilot autopilot = new LocalAutopilot(Scenario.DEFAULT_GROUP)) {
            ExecutionResult result = autopilot.setup(INPUT, event -> { });

            assertThat(result.succeeded()).as(result.toString()).isTrue();
            assertThat(result.statesEntered()).contains("PrivateLink").doesNotContain("WaitForPrivateLink");
            assertThat(autopilot.sim().calls()).extracting(SimCall::service).doesNotContain("elasticloadbalancing", "elbv2");
            assertThat(autopilot.sim().calls()).extracting(SimCall::operation)
                    .doesNotContain("DescribeVpcEndpointServiceConfigurations", "DescribeLoadBalancers");
        }
    }
}
