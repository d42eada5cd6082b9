package com.auroracdc.local.sim;

import static com.auroracdc.local.sim.AwsErrors.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.AllowedPrincipal;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UnsuccessfulItem;
import software.amazon.awssdk.services.ec2.model.VpcEndpointConnection;
import software.amazon.awssdk.services.rds.model.Subnet;

class SimEndpointServiceTest {
    private static final String MATERIALIZE = "arn:aws:iam::664411391173:role/mz_20273b7c-2bbe-42b8-8c36-8cc179e9bbc3_0";

    private final SimAws sim = SimAws.create();
    private String nlbArn;

    @BeforeEach
    void loadBalancer() {
        sim.newCluster("orders").create();
        String subnetGroup = sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders")).dbClusters().get(0).dbSubnetGroup();
        List<String> subnets = sim.rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName(subnetGroup)).dbSubnetGroups().get(0)
                .subnets().stream().map(Subnet::subnetIdentifier).toList();
        nlbArn = sim.elbv2().createLoadBalancer(r -> r.name("aurora-cdc-orders").type("network").scheme("internal").subnets(subnets))
                .loadBalancers().get(0).loadBalancerArn();
    }

    private ServiceConfiguration create(boolean acceptanceRequired) {
        return sim.ec2().createVpcEndpointServiceConfiguration(r -> r.networkLoadBalancerArns(nlbArn)
                .acceptanceRequired(acceptanceRequired)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VPC_ENDPOINT_SERVICE)
                        .tags(Tag.builder().key("managed-by").value("aurora-cdc-autopilot").build()).build()))
                .serviceConfiguration();
    }

    private ServiceConfiguration described(String serviceId) {
        return sim.ec2().describeVpcEndpointServiceConfigurations(r -> r.serviceIds(serviceId)).serviceConfigurations().get(0);
    }

    private List<String> principals(String serviceId) {
        return sim.ec2().describeVpcEndpointServicePermissionsPaginator(r -> r.serviceId(serviceId)).allowedPrincipals().stream()
                .map(AllowedPrincipal::principal).toList();
    }

    @Test
    void create_isPendingUntilItsLoadBalancerIsActive_thenAvailable_namedAndZonedAfterTheLoadBalancer() {
        ServiceConfiguration created = create(true);

        assertThat(created.serviceId()).startsWith("vpce-svc-").hasSize(26);
        assertThat(created.serviceName()).isEqualTo("com.amazonaws.vpce.us-east-1." + created.serviceId());
        assertThat(created.serviceStateAsString()).isEqualTo("Pending");
        assertThat(created.networkLoadBalancerArns()).containsExactly(nlbArn);
        assertThat(created.acceptanceRequired()).isTrue();
        assertThat(created.availabilityZones()).containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(created.availabilityZoneIds()).containsExactly("use1-az4", "use1-az6", "use1-az1");
        assertThat(created.tags()).containsExactly(Tag.builder().key("managed-by").value("aurora-cdc-autopilot").build());

        sim.clock().advance(Duration.ofMinutes(1));
        assertThat(described(created.serviceId()).serviceStateAsString()).isEqualTo("Pending"); // the NLB still provisions
        sim.clock().advance(Duration.ofMinutes(2));
        assertThat(described(created.serviceId()).serviceStateAsString()).isEqualTo("Available");
        assertThat(sim.ec2().describeVpcEndpointServiceConfigurations(r -> r.filters(Filter.builder().name("tag:managed-by")
                .values("aurora-cdc-autopilot").build())).serviceConfigurations()).hasSize(1);
    }

    @Test
    void create_refusesALoadBalancerThatDoesNotExist_orAlreadyHasAService() {
        create(false);

        assertThatThrownBy(() -> sim.ec2().createVpcEndpointServiceConfiguration(r -> r.networkLoadBalancerArns(nlbArn + "0")))
                .satisfies(errorCode("InvalidParameter"));
        assertThatThrownBy(() -> sim.ec2().createVpcEndpointServiceConfiguration(r -> r.networkLoadBalancerArns(nlbArn)))
                .satisfies(errorCode("InvalidParameter"));
        assertThatThrownBy(() -> sim.ec2().describeVpcEndpointServiceConfigurations(r -> r.serviceIds("vpce-svc-0000")))
                .satisfies(errorCode("InvalidVpcEndpointServiceId.NotFound"));
    }

    @Test
    void permissions_areASet_addingTwiceKeepsOne_removingAnAbsentOneIsNoError_andMalformedPrincipalsAreRefused() {
        String id = create(true).serviceId();
        String other = "arn:aws:iam::123456789012:root";

        sim.ec2().modifyVpcEndpointServicePermissions(r -> r.serviceId(id).addAllowedPrincipals(MATERIALIZE, other));
        sim.ec2().modifyVpcEndpointServicePermissions(r -> r.serviceId(id).addAllowedPrincipals(MATERIALIZE));
        assertThat(principals(id)).containsExactlyInAnyOrder(MATERIALIZE, other);
        assertThat(sim.ec2().describeVpcEndpointServicePermissions(r -> r.serviceId(id)
                .filters(Filter.builder().name("principal-type").values("Role").build())).allowedPrincipals())
                .extracting(AllowedPrincipal::principal).containsExactly(MATERIALIZE);

        sim.ec2().modifyVpcEndpointServicePermissions(r -> r.serviceId(id).removeAllowedPrincipals(other, "arn:aws:iam::111122223333:root"));
        assertThat(principals(id)).containsExactly(MATERIALIZE);
        assertThatThrownBy(() -> sim.ec2().modifyVpcEndpointServicePermissions(r -> r.serviceId(id).addAllowedPrincipals("materialize")))
                .satisfies(errorCode("InvalidPrincipal"));
        assertThat(principals(id)).containsExactly(MATERIALIZE);
    }

    @Test
    void connections_pendWhenAcceptanceIsRequired_areRefusedToOthers_andBlockDeletionUntilRejected() {
        String id = create(true).serviceId();
        sim.ec2().modifyVpcEndpointServicePermissions(r -> r.serviceId(id).addAllowedPrincipals(MATERIALIZE));
        assertThatThrownBy(() -> sim.ec2().connectEndpoint(id, MATERIALIZE)).isInstanceOf(IllegalStateException.class); // Pending
        sim.clock().advance(Duration.ofMinutes(3));
        assertThatThrownBy(() -> sim.ec2().connectEndpoint(id, "arn:aws:iam::999999999999:role/stranger"))
                .isInstanceOf(IllegalStateException.class);

        String endpoint = sim.ec2().connectEndpoint(id, MATERIALIZE);

        assertThat(sim.ec2().describeVpcEndpointConnections(r -> r.filters(Filter.builder().name("service-id").values(id).build()))
                .vpcEndpointConnections()).singleElement().satisfies(c -> {
                    assertThat(c.vpcEndpointId()).isEqualTo(endpoint);
                    assertThat(c.vpcEndpointStateAsString()).isEqualTo("pendingAcceptance");
                    assertThat(c.vpcEndpointOwner()).isEqualTo("664411391173");
                });
        List<UnsuccessfulItem> refused = sim.ec2().deleteVpcEndpointServiceConfigurations(r -> r.serviceIds(id)).unsuccessful();
        assertThat(refused).singleElement().satisfies(u -> {
            assertThat(u.resourceId()).isEqualTo(id);
            assertThat(u.error().code()).isEqualTo("ExistingVpcEndpointConnections");
        });
        assertThatThrownBy(() -> sim.elbv2().deleteLoadBalancer(r -> r.loadBalancerArn(nlbArn))).satisfies(errorCode("ResourceInUse"));

        sim.ec2().acceptVpcEndpointConnections(r -> r.serviceId(id).vpcEndpointIds(endpoint));
        assertThat(state(endpoint)).isEqualTo("available");
        assertThat(sim.ec2().deleteVpcEndpointServiceConfigurations(r -> r.serviceIds(id)).unsuccessful()).hasSize(1);
        sim.ec2().rejectVpcEndpointConnections(r -> r.serviceId(id).vpcEndpointIds(endpoint));
        assertThat(state(endpoint)).isEqualTo("rejected");

        assertThat(sim.ec2().deleteVpcEndpointServiceConfigurations(r -> r.serviceIds(id)).unsuccessful()).isEmpty();
        assertThat(sim.ec2().describeVpcEndpointServiceConfigurations(r -> { }).serviceConfigurations()).isEmpty();
        sim.elbv2().deleteLoadBalancer(r -> r.loadBalancerArn(nlbArn));
    }

    private String state(String endpoint) {
        return sim.ec2().describeVpcEndpointConnections(r -> r.filters(Filter.builder().name("vpc-endpoint-id").values(endpoint).build()))
                .vpcEndpointConnections().stream().map(VpcEndpointConnection::vpcEndpointStateAsString).findFirst().orElseThrow();
    }

    @Test
    void withoutAcceptance_aConnectionIsAvailableAtOnce_andAcceptanceCanBeTurnedOnLater() {
        String id = create(false).serviceId();
        sim.ec2().modifyVpcEndpointServicePermissions(r -> r.serviceId(id).addAllowedPrincipals("arn:aws:iam::664411391173:root"));
        sim.clock().advance(Duration.ofMinutes(3));

        assertThat(state(sim.ec2().connectEndpoint(id, MATERIALIZE))).isEqualTo("available"); // allowed through its account
        sim.ec2().modifyVpcEndpointServiceConfiguration(r -> r.serviceId(id).acceptanceRequired(true));
        assertThat(described(id).acceptanceRequired()).isTrue();
        assertThat(state(sim.ec2().connectEndpoint(id, MATERIALIZE))).isEqualTo("pendingAcceptance");
    }

    @Test
    void deleteUnknownService_isReportedUnsuccessful_andTheWritesTakeInjectedFaults() {
        assertThat(sim.ec2().deleteVpcEndpointServiceConfigurations(r -> r.serviceIds("vpce-svc-00000000000000000")).unsuccessful())
                .singleElement().satisfies(u -> assertThat(u.error().code()).isEqualTo("InvalidVpcEndpointService.NotFound"));

        sim.failMutatingCall(1);
        assertThatThrownBy(() -> create(true)).satisfies(errorCode("InternalError", 500));
        assertThat(sim.ec2().describeVpcEndpointServiceConfigurations(r -> { }).serviceConfigurations()).isEmpty();

        String id = create(true).serviceId();
        sim.failMutatingCall(1, SimAws.FaultTiming.AFTER_APPLY);
        assertThatThrownBy(() -> sim.ec2().modifyVpcEndpointServicePermissions(r -> r.serviceId(id).addAllowedPrincipals(MATERIALIZE)))
                .satisfies(errorCode("InternalError", 500));
        assertThat(principals(id)).containsExactly(MATERIALIZE);
        assertThat(sim.mutatingCallCount("ModifyVpcEndpointServicePermissions")).isEqualTo(1);
    }
}
