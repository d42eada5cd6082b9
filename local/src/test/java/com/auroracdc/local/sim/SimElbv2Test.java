package com.auroracdc.local.sim;

import static com.auroracdc.local.sim.AwsErrors.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateLoadBalancerNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateTargetGroupNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ResourceInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyTargetsException;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Subnet;

class SimElbv2Test {
    private final SimAws sim = SimAws.create();
    private ClusterHandle cluster;
    private List<String> subnets;

    @BeforeEach
    void cluster() {
        cluster = sim.newCluster("orders").readers(2).create();
        String subnetGroup = sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders")).dbClusters().get(0).dbSubnetGroup();
        DBSubnetGroup group = sim.rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName(subnetGroup)).dbSubnetGroups().get(0);
        subnets = group.subnets().stream().map(Subnet::subnetIdentifier).toList();
    }

    private LoadBalancer createNlb(String name) {
        return sim.elbv2().createLoadBalancer(r -> r.name(name).type("network").scheme("internal").subnets(subnets)
                .tags(Tag.builder().key("managed-by").value("aurora-cdc-autopilot").build())).loadBalancers().get(0);
    }

    private String createTargetGroup(String name) {
        return sim.elbv2().createTargetGroup(r -> r.name(name).protocol("TCP").port(cluster.port()).targetType("ip")
                .vpcId(cluster.vpcId())).targetGroups().get(0).targetGroupArn();
    }

    private void listen(String lbArn, String tgArn) {
        sim.elbv2().createListener(r -> r.loadBalancerArn(lbArn).protocol("TCP").port(cluster.port())
                .defaultActions(Action.builder().type("forward").targetGroupArn(tgArn).build()));
    }

    private static TargetDescription ip(String address) {
        return TargetDescription.builder().id(address).build();
    }

    private Map<String, String> health(String tgArn) {
        return sim.elbv2().describeTargetHealth(r -> r.targetGroupArn(tgArn)).targetHealthDescriptions().stream()
                .collect(Collectors.toMap(d -> d.target().id(), d -> d.targetHealth().stateAsString()));
    }

    @Test
    void dbSubnetGroup_namesThreeSubnetsInThreeZones_withZoneIds_andTheInstancesHavePrivateIpsInThem() {
        var described = sim.ec2().describeSubnetsPaginator(r -> r.subnetIds(subnets))
                .subnets().stream().toList();

        assertThat(described).extracting(s -> s.availabilityZone()).containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(described).extracting(s -> s.availabilityZoneId()).containsExactly("use1-az4", "use1-az6", "use1-az1");
        assertThat(described).allSatisfy(s -> assertThat(s.vpcId()).isEqualTo(cluster.vpcId()));
        assertThat(sim.ec2().describeSubnets(r -> r.filters(Filter.builder().name("availability-zone-id").values("use1-az6").build()))
                .subnets()).extracting(s -> s.cidrBlock()).containsExactly("10.0.2.0/24");
        assertThat(sim.rds().privateIpAddress(cluster.writerInstanceId())).isEqualTo("10.0.1.10");
        assertThat(sim.rds().privateIpAddress(cluster.readerInstanceIds().get(0))).isEqualTo("10.0.2.10");
    }

    @Test
    void createLoadBalancer_internalNetwork_isProvisioningThenActive_withNoAddressShownUnlessChosen() {
        LoadBalancer created = createNlb("aurora-cdc-orders");

        assertThat(created.state().codeAsString()).isEqualTo("provisioning");
        assertThat(created.schemeAsString()).isEqualTo("internal");
        assertThat(created.dnsName()).startsWith("internal-aurora-cdc-orders-").endsWith(".elb.us-east-1.amazonaws.com");
        assertThat(created.availabilityZones()).extracting(AvailabilityZone::zoneName)
                .containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(created.availabilityZones()).allSatisfy(z -> assertThat(z.loadBalancerAddresses()).isEmpty());
        assertThat(created.securityGroups()).isEmpty();
        assertThat(created.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic()).isNull();

        sim.clock().advance(Duration.ofMinutes(3));

        assertThat(sim.elbv2().describeLoadBalancers(r -> r.names("aurora-cdc-orders")).loadBalancers())
                .singleElement().satisfies(lb -> assertThat(lb.state().codeAsString()).isEqualTo("active"));
    }

    @Test
    void createLoadBalancer_again_sameSettingsReturnsTheSame_otherSettingsFailDuplicateName() {
        String arn = createNlb("aurora-cdc-orders").loadBalancerArn();

        assertThat(createNlb("aurora-cdc-orders").loadBalancerArn()).isEqualTo(arn);
        assertThatThrownBy(() -> sim.elbv2().createLoadBalancer(r -> r.name("aurora-cdc-orders").type("network").scheme("internal")
                .subnets(subnets.subList(0, 2)))).isInstanceOf(DuplicateLoadBalancerNameException.class);
        assertThat(sim.elbv2().describeLoadBalancers(r -> { }).loadBalancers()).hasSize(1);
    }

    @Test
    void createLoadBalancer_refusesUnknownSubnets_twoSubnetsInOneZone_andSecurityGroupsOfAnotherVpc() {
        String sameZone = sim.ec2().seedSubnet(cluster.vpcId(), "10.0.9.0/24", "us-east-1a", "use1-az4");
        sim.ec2().seedVpc("vpc-other", "172.16.0.0/16", false);
        String foreignGroup = sim.ec2().seedSecurityGroup("vpc-other", "other", "other", Map.of());

        assertThatThrownBy(() -> sim.elbv2().createLoadBalancer(r -> r.name("x").type("network").subnets("subnet-nope")))
                .satisfies(errorCode("SubnetNotFound"));
        assertThatThrownBy(() -> sim.elbv2().createLoadBalancer(r -> r.name("x").type("network").subnets(subnets.get(0), sameZone)))
                .satisfies(errorCode("InvalidConfigurationRequest"));
        assertThatThrownBy(() -> sim.elbv2().createLoadBalancer(r -> r.name("x").type("network").subnets(subnets)
                .securityGroups(foreignGroup))).satisfies(errorCode("InvalidSecurityGroup"));
        assertThatThrownBy(() -> sim.elbv2().createLoadBalancer(r -> r.name("-x").type("network").subnets(subnets)))
                .satisfies(errorCode("ValidationError"));
        assertThat(sim.mutatingCallCount("CreateLoadBalancer")).isEqualTo(4);
        assertThat(sim.elbv2().describeLoadBalancers(r -> { }).loadBalancers()).isEmpty();
    }

    @Test
    void securityGroups_onlyOnALoadBalancerCreatedWithThem_andPrivateLinkEnforcementIsOnByDefault() {
        String nlbGroup = sim.ec2().seedSecurityGroup(cluster.vpcId(), "nlb", "nlb", Map.of());
        String without = createNlb("plain").loadBalancerArn();
        LoadBalancer with = sim.elbv2().createLoadBalancer(r -> r.name("guarded").type("network").scheme("internal")
                .subnets(subnets).securityGroups(nlbGroup)).loadBalancers().get(0);

        assertThat(with.securityGroups()).containsExactly(nlbGroup);
        assertThat(with.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic()).isEqualTo("on");
        assertThatThrownBy(() -> sim.elbv2().setSecurityGroups(r -> r.loadBalancerArn(without).securityGroups(nlbGroup)))
                .satisfies(errorCode("InvalidConfigurationRequest"));
        assertThat(sim.elbv2().setSecurityGroups(r -> r.loadBalancerArn(with.loadBalancerArn()).securityGroups(nlbGroup)
                .enforceSecurityGroupInboundRulesOnPrivateLinkTraffic("off")).enforceSecurityGroupInboundRulesOnPrivateLinkTrafficAsString())
                .isEqualTo("off");
    }

    @Test
    void describeLoadBalancers_pagesWithMarker_andAnUnknownNameIsNotFound() {
        sim.pageSize(2);
        for (String name : List.of("a", "b", "c", "d", "e")) {
            createNlb(name);
        }

        DescribeLoadBalancersResponse first = sim.elbv2().describeLoadBalancers(r -> r.pageSize(400));
        assertThat(first.loadBalancers()).hasSize(2);
        assertThat(first.nextMarker()).isNotNull();
        assertThat(sim.elbv2().describeLoadBalancersPaginator(r -> { }).loadBalancers().stream().map(LoadBalancer::loadBalancerName))
                .containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        assertThatThrownBy(() -> sim.elbv2().describeLoadBalancers(r -> r.pageSize(401))).satisfies(errorCode("ValidationError"));
        assertThatThrownBy(() -> sim.elbv2().describeLoadBalancers(r -> r.names("zzz"))).satisfies(errorCode("LoadBalancerNotFound"));
        assertThatThrownBy(() -> sim.elbv2().describeLoadBalancers(r -> r.marker("garbage"))).satisfies(errorCode("ValidationError"));
    }

    @Test
    void crossZone_isOffUntilModified_andAnUnknownAttributeIsRefused() {
        String arn = createNlb("aurora-cdc-orders").loadBalancerArn();

        assertThat(crossZone(arn)).isEqualTo("false");
        sim.elbv2().modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn)
                .attributes(LoadBalancerAttribute.builder().key("load_balancing.cross_zone.enabled").value("true").build()));
        assertThat(crossZone(arn)).isEqualTo("true");
        assertThatThrownBy(() -> sim.elbv2().modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn)
                .attributes(LoadBalancerAttribute.builder().key("cross_zone").value("true").build())))
                .satisfies(errorCode("InvalidConfigurationRequest"));
    }

    private String crossZone(String arn) {
        return sim.elbv2().describeLoadBalancerAttributes(r -> r.loadBalancerArn(arn)).attributes().stream()
                .filter(a -> a.key().equals("load_balancing.cross_zone.enabled")).findFirst().orElseThrow().value();
    }

    @Test
    void createTargetGroup_ipTcp_withTheDocumentedDefaults_andAgainWithOtherSettingsIsADuplicate() {
        String arn = createTargetGroup("aurora-cdc-orders");

        assertThat(sim.elbv2().describeTargetGroups(r -> r.targetGroupArns(arn)).targetGroups()).singleElement().satisfies(g -> {
            assertThat(g.targetTypeAsString()).isEqualTo("ip");
            assertThat(g.port()).isEqualTo(5432);
            assertThat(g.healthCheckProtocolAsString()).isEqualTo("TCP");
            assertThat(g.healthCheckPort()).isEqualTo("traffic-port");
            assertThat(g.loadBalancerArns()).isEmpty();
        });
        assertThat(sim.elbv2().describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes())
                .contains(TargetGroupAttribute.builder().key("preserve_client_ip.enabled").value("false").build(),
                        TargetGroupAttribute.builder().key("deregistration_delay.timeout_seconds").value("300").build());
        assertThat(createTargetGroup("aurora-cdc-orders")).isEqualTo(arn);
        assertThatThrownBy(() -> sim.elbv2().createTargetGroup(r -> r.name("aurora-cdc-orders").protocol("TCP").port(5433)
                .targetType("ip").vpcId(cluster.vpcId()))).isInstanceOf(DuplicateTargetGroupNameException.class);
    }

    @Test
    void targetHealth_unusedWithoutListener_initial_thenHealthy_andFollowsTheWriterAcrossAFailover() {
        String lb = createNlb("aurora-cdc-orders").loadBalancerArn();
        String tg = createTargetGroup("aurora-cdc-orders");
        String writerIp = sim.rds().privateIpAddress(cluster.writerInstanceId());
        sim.elbv2().registerTargets(r -> r.targetGroupArn(tg).targets(ip(writerIp)));

        assertThat(health(tg)).containsExactly(Map.entry(writerIp, "unused"));
        listen(lb, tg);
        assertThat(health(tg)).containsExactly(Map.entry(writerIp, "unused")); // the load balancer is still provisioning
        sim.clock().advance(Duration.ofMinutes(3));
        assertThat(health(tg)).containsExactly(Map.entry(writerIp, "initial"));
        sim.clock().advance(Duration.ofSeconds(150)); // 5 healthy checks, 30 s apart
        assertThat(health(tg)).containsExactly(Map.entry(writerIp, "healthy"));

        String newWriter = cluster.readerInstanceIds().get(1);
        sim.rds().failover("orders", newWriter);
        assertThat(sim.rds().describeDBClusters(r -> r.dbClusterIdentifier("orders")).dbClusters().get(0).dbClusterMembers())
                .filteredOn(m -> m.isClusterWriter()).singleElement().satisfies(m -> assertThat(m.dbInstanceIdentifier()).isEqualTo(newWriter));
        String newIp = sim.rds().privateIpAddress(newWriter);
        sim.elbv2().registerTargets(r -> r.targetGroupArn(tg).targets(ip(newIp)));
        sim.elbv2().deregisterTargets(r -> r.targetGroupArn(tg).targets(ip(writerIp)));

        assertThat(health(tg)).containsOnly(Map.entry(writerIp, "draining"), Map.entry(newIp, "initial"));
        sim.clock().advance(Duration.ofSeconds(150));
        assertThat(health(tg)).containsOnly(Map.entry(writerIp, "draining"), Map.entry(newIp, "healthy"));
        sim.clock().advance(Duration.ofSeconds(150)); // the 300 s deregistration delay is over
        assertThat(health(tg)).containsOnly(Map.entry(newIp, "healthy"));
        assertThat(sim.elbv2().describeTargetHealth(r -> r.targetGroupArn(tg).targets(ip(writerIp))).targetHealthDescriptions())
                .singleElement().satisfies(d -> {
                    assertThat(d.targetHealth().stateAsString()).isEqualTo("unused");
                    assertThat(d.targetHealth().reasonAsString()).isEqualTo("Target.NotRegistered");
                });
    }

    @Test
    void targetHealth_unhealthy_forAnAddressNoInstanceHas_aWrongPort_orARebootingInstance() {
        String lb = createNlb("aurora-cdc-orders").loadBalancerArn();
        String tg = createTargetGroup("aurora-cdc-orders");
        listen(lb, tg);
        String writerIp = sim.rds().privateIpAddress(cluster.writerInstanceId());
        sim.elbv2().registerTargets(r -> r.targetGroupArn(tg).targets(ip(writerIp), ip("10.0.3.200"),
                TargetDescription.builder().id(writerIp).port(5433).build()));
        sim.clock().advance(Duration.ofMinutes(10));

        List<TargetHealthDescription> described = sim.elbv2().describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions();
        assertThat(described).extracting(d -> d.target().id() + ":" + d.target().port() + "=" + d.targetHealth().stateAsString())
                .containsExactly(writerIp + ":5432=healthy", "10.0.3.200:5432=unhealthy", writerIp + ":5433=unhealthy");
        assertThat(described.get(1).targetHealth().reasonAsString()).isEqualTo("Target.FailedHealthChecks");

        sim.rds().rebootDBInstance(r -> r.dbInstanceIdentifier(cluster.writerInstanceId()));
        assertThat(sim.elbv2().describeTargetHealth(r -> r.targetGroupArn(tg).targets(ip(writerIp))).targetHealthDescriptions())
                .singleElement().satisfies(d -> assertThat(d.targetHealth().stateAsString()).isEqualTo("unhealthy"));
    }

    @Test
    void registerTargets_refusesPublicAddresses_andAddressesOutsideTheVpcWithoutZoneAll() {
        String tg = createTargetGroup("aurora-cdc-orders");

        assertThatThrownBy(() -> sim.elbv2().registerTargets(r -> r.targetGroupArn(tg).targets(ip("8.8.8.8"))))
                .isInstanceOf(InvalidTargetException.class);
        assertThatThrownBy(() -> sim.elbv2().registerTargets(r -> r.targetGroupArn(tg).targets(ip("192.168.1.5"))))
                .satisfies(errorCode("ValidationError"));
        sim.elbv2().registerTargets(r -> r.targetGroupArn(tg).targets(TargetDescription.builder().id("192.168.1.5").availabilityZone("all").build()));
        assertThatThrownBy(() -> sim.elbv2().deregisterTargets(r -> r.targetGroupArn(tg).targets(ip("10.0.1.99"))))
                .isInstanceOf(InvalidTargetException.class);
        assertThatThrownBy(() -> sim.elbv2().registerTargets(r -> r.targetGroupArn(tg.replace("/aurora-cdc-orders/", "/gone/"))
                .targets(ip("10.0.1.10")))).satisfies(errorCode("TargetGroupNotFound"));
    }

    @Test
    void deletionOrder_targetGroupInUseUntilItsListenerGoes_andDeletingTheLoadBalancerDeletesItsListeners() {
        String lb = createNlb("aurora-cdc-orders").loadBalancerArn();
        String tg = createTargetGroup("aurora-cdc-orders");
        listen(lb, tg);
        assertThatThrownBy(() -> listen(lb, createTargetGroup("other"))).satisfies(errorCode("DuplicateListener"));
        listen(lb, tg); // the same listener again is no error

        assertThatThrownBy(() -> sim.elbv2().deleteTargetGroup(r -> r.targetGroupArn(tg))).isInstanceOf(ResourceInUseException.class);
        assertThat(sim.elbv2().describeTargetGroups(r -> r.loadBalancerArn(lb)).targetGroups()).extracting(g -> g.targetGroupArn())
                .containsExactly(tg);
        sim.elbv2().deleteLoadBalancer(r -> r.loadBalancerArn(lb));

        assertThatThrownBy(() -> sim.elbv2().describeListeners(r -> r.loadBalancerArn(lb))).satisfies(errorCode("LoadBalancerNotFound"));
        sim.elbv2().deleteTargetGroup(r -> r.targetGroupArn(tg));
        assertThat(sim.elbv2().describeTargetGroups(r -> { }).targetGroups()).extracting(g -> g.targetGroupName()).containsExactly("other");
    }

    @Test
    void deleteLoadBalancer_refusedWithDeletionProtection() {
        String lb = createNlb("aurora-cdc-orders").loadBalancerArn();
        sim.elbv2().modifyLoadBalancerAttributes(r -> r.loadBalancerArn(lb)
                .attributes(LoadBalancerAttribute.builder().key("deletion_protection.enabled").value("true").build()));

        assertThatThrownBy(() -> sim.elbv2().deleteLoadBalancer(r -> r.loadBalancerArn(lb))).satisfies(errorCode("OperationNotPermitted"));
    }

    @Test
    void tags_addDescribeRemove_onLoadBalancersAndTargetGroups_withDuplicateAndUnknownResourcesRefused() {
        String lb = createNlb("aurora-cdc-orders").loadBalancerArn();
        String tg = createTargetGroup("aurora-cdc-orders");
        sim.elbv2().addTags(r -> r.resourceArns(lb, tg).tags(Tag.builder().key("cluster").value("orders").build()));
        sim.elbv2().removeTags(r -> r.resourceArns(lb).tagKeys("managed-by"));

        assertThat(sim.elbv2().describeTags(r -> r.resourceArns(lb, tg)).tagDescriptions()).satisfiesExactly(
                d -> assertThat(d.tags()).containsExactly(Tag.builder().key("cluster").value("orders").build()),
                d -> assertThat(d.tags()).containsExactly(Tag.builder().key("cluster").value("orders").build()));
        assertThatThrownBy(() -> sim.elbv2().addTags(r -> r.resourceArns(lb).tags(Tag.builder().key("k").value("1").build(),
                Tag.builder().key("k").value("2").build()))).satisfies(errorCode("DuplicateTagKeys"));
        assertThatThrownBy(() -> sim.elbv2().describeTags(r -> r.resourceArns(tg + "0"))).satisfies(errorCode("TargetGroupNotFound"));
    }

    @Test
    void faults_onTheNewWrites_beforeAndAfterApply_andAsTheSdksModeledExceptions() {
        sim.failMutatingCall(1);
        assertThatThrownBy(() -> createNlb("aurora-cdc-orders")).satisfies(errorCode("InternalFailure", 500));
        assertThat(sim.elbv2().describeLoadBalancers(r -> { }).loadBalancers()).isEmpty();

        sim.failMutatingCall(1, SimAws.FaultTiming.AFTER_APPLY);
        assertThatThrownBy(() -> createNlb("aurora-cdc-orders")).satisfies(errorCode("InternalFailure", 500));
        assertThat(sim.elbv2().describeLoadBalancers(r -> { }).loadBalancers()).hasSize(1);

        String tg = createTargetGroup("aurora-cdc-orders");
        sim.failOperation("RegisterTargets", "TooManyTargets", 1);
        assertThatThrownBy(() -> sim.elbv2().registerTargets(r -> r.targetGroupArn(tg).targets(ip("10.0.1.10"))))
                .isInstanceOf(TooManyTargetsException.class);
        assertThat(health(tg)).isEmpty();
        sim.throttle("elbv2", 1.0);
        assertThatThrownBy(() -> sim.elbv2().describeTargetGroups(r -> { })).satisfies(errorCode("Throttling"));
        assertThat(sim.mutatingCallsByOperation()).containsEntry("CreateLoadBalancer", 2L).containsEntry("RegisterTargets", 1L);
    }
}
