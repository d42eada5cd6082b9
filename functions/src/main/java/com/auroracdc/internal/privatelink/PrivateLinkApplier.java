package com.auroracdc.internal.privatelink;

import com.auroracdc.errors.NotYetVisibleException;
import com.auroracdc.errors.PrivateLinkConflictException;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateEndpointService;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateListener;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateLoadBalancer;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateSecurityGroup;
import com.auroracdc.internal.privatelink.PrivateLinkChange.CreateTargetGroup;
import com.auroracdc.internal.privatelink.PrivateLinkChange.DeregisterTarget;
import com.auroracdc.internal.privatelink.PrivateLinkChange.EnableCrossZone;
import com.auroracdc.internal.privatelink.PrivateLinkChange.RegisterTarget;
import com.auroracdc.internal.privatelink.PrivateLinkChange.SetAcceptanceRequired;
import com.auroracdc.internal.privatelink.PrivateLinkChange.SetAllowedPrincipals;
import com.auroracdc.internal.privatelink.PrivateLinkChange.SetLoadBalancerSecurityGroup;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointServiceConfigurationRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ModifyVpcEndpointServicePermissionsRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateListenerException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateLoadBalancerNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateTargetGroupNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Performs exactly the planned changes, one AWS call each, every resource tagged at creation (so IAM can require the
 * tag on the create itself). Idempotent under Lambda retries: a security group of our name that exists already is a
 * {@code NotYetVisibleException}, which the state machine retries (the next try observes the group and takes it if it
 * is ours), CreateLoadBalancer, CreateTargetGroup and CreateListener
 * with the same name and settings return the existing resource (the ELBv2 API's documented idempotency), the endpoint
 * service is created with a client token derived from its load balancer, registering a registered target changes
 * nothing, and deregistering one that is already gone is taken as done. A retried invocation also observes again
 * first, so it plans only what is still missing.
 */
public final class PrivateLinkApplier implements Consumer<PrivateLinkChange> {
    private final ElasticLoadBalancingV2Client elbv2;
    private final Ec2Client ec2;
    private String securityGroupId;
    private String loadBalancerArn;
    private String targetGroupArn;
    private String serviceId;

    /** For changes that name what they change (the retarget's register and deregister carry their target group's ARN). */
    public PrivateLinkApplier(ElasticLoadBalancingV2Client elbv2, Ec2Client ec2) {
        this.elbv2 = elbv2;
        this.ec2 = ec2;
    }

    /** @param observed what the plan was made from: the ARNs and id of what already exists */
    public PrivateLinkApplier(ElasticLoadBalancingV2Client elbv2, Ec2Client ec2, ObservedPrivateLink observed) {
        this.elbv2 = elbv2;
        this.ec2 = ec2;
        this.securityGroupId = observed.securityGroup() == null ? null : observed.securityGroup().id();
        this.loadBalancerArn = observed.loadBalancer() == null ? null : observed.loadBalancer().arn();
        this.targetGroupArn = observed.targetGroup() == null ? null : observed.targetGroup().arn();
        this.serviceId = observed.service() == null ? null : observed.service().id();
    }

    public String loadBalancerArn() {
        return loadBalancerArn;
    }

    public String targetGroupArn() {
        return targetGroupArn;
    }

    public String serviceId() {
        return serviceId;
    }

    @Override
    public void accept(PrivateLinkChange change) {
        switch (change) {
            case CreateSecurityGroup create -> createSecurityGroup(create);
            case CreateLoadBalancer create -> createLoadBalancer(create);
            case SetLoadBalancerSecurityGroup set -> elbv2.setSecurityGroups(r -> r
                    .loadBalancerArn(or(set.loadBalancerArn(), loadBalancerArn))
                    .securityGroups(or(set.securityGroupId(), securityGroupId))
                    .enforceSecurityGroupInboundRulesOnPrivateLinkTraffic(
                            EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum.OFF));
            case EnableCrossZone enable -> elbv2.modifyLoadBalancerAttributes(r -> r
                    .loadBalancerArn(or(enable.loadBalancerArn(), loadBalancerArn))
                    .attributes(LoadBalancerAttribute.builder().key(PrivateLinkObserver.CROSS_ZONE).value("true").build()));
            case CreateTargetGroup create -> createTargetGroup(create);
            case RegisterTarget register -> elbv2.registerTargets(r -> r.targetGroupArn(or(register.targetGroupArn(), targetGroupArn))
                    .targets(TargetDescription.builder().id(register.ip()).port(register.port()).build()));
            case DeregisterTarget deregister -> deregister(deregister);
            case CreateListener create -> createListener(create);
            case CreateEndpointService create -> createService(create);
            case SetAllowedPrincipals set -> setPrincipals(set);
            case SetAcceptanceRequired set -> ec2.modifyVpcEndpointServiceConfiguration(r -> r
                    .serviceId(or(set.serviceId(), serviceId)).acceptanceRequired(set.required()));
        }
    }

    private void createSecurityGroup(CreateSecurityGroup change) {
        try {
            securityGroupId = ec2.createSecurityGroup(r -> r.groupName(change.name()).vpcId(change.vpcId())
                    .description(CreateSecurityGroup.groupDescription(change.clusterId()))
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
                            .tags(Ec2Tags.of(PrivateLinkNames.tags(change.clusterId()))).build())).groupId();
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() == null || !"InvalidGroup.Duplicate".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
            // An attempt whose answer was lost made it, or someone else did: the stage's next try observes it, takes it
            // if it carries our tags, and refuses it by name if not.
            throw new NotYetVisibleException("Security group " + change.name() + " already exists in " + change.vpcId()
                    + " (an earlier attempt made it, or someone else did): the state machine runs the stage again, which"
                    + " takes the group if it is the automation's for cluster " + change.clusterId() + ".", e);
        }
    }

    private void createLoadBalancer(CreateLoadBalancer change) {
        try {
            loadBalancerArn = elbv2.createLoadBalancer(CreateLoadBalancerRequest.builder()
                            .name(change.name())
                            .type(LoadBalancerTypeEnum.NETWORK)
                            .scheme(LoadBalancerSchemeEnum.INTERNAL)
                            .subnets(change.subnetIds())
                            .securityGroups(or(change.securityGroupId(), securityGroupId))
                            .tags(elbTags(change.clusterId()))
                            .build())
                    .loadBalancers().get(0).loadBalancerArn();
        } catch (DuplicateLoadBalancerNameException e) {
            throw new PrivateLinkConflictException("A load balancer named " + change.name() + " appeared with other settings"
                    + " while this setup was creating cluster " + change.clusterId() + "'s (subnets "
                    + String.join(", ", change.subnetIds()) + "). Find out who made it; delete it if it is not needed, then"
                    + " run the setup again.");
        }
    }

    private void createTargetGroup(CreateTargetGroup change) {
        try {
            // Health checks keep ELBv2's defaults (TCP on the traffic port): a retried create must ask for the same settings.
            targetGroupArn = elbv2.createTargetGroup(CreateTargetGroupRequest.builder()
                            .name(change.name())
                            .protocol(ProtocolEnum.TCP)
                            .port(change.port())
                            .vpcId(change.vpcId())
                            .targetType(TargetTypeEnum.IP)
                            .tags(elbTags(change.clusterId()))
                            .build())
                    .targetGroups().get(0).targetGroupArn();
        } catch (DuplicateTargetGroupNameException e) {
            throw new PrivateLinkConflictException("A target group named " + change.name() + " appeared with other settings"
                    + " while this setup was creating cluster " + change.clusterId() + "'s (TCP " + change.port() + ", IP"
                    + " targets, " + change.vpcId() + "). Delete it if it is not needed, then run the setup again.");
        }
    }

    private void deregister(DeregisterTarget change) {
        try {
            elbv2.deregisterTargets(r -> r.targetGroupArn(or(change.targetGroupArn(), targetGroupArn))
                    .targets(TargetDescription.builder().id(change.ip()).port(change.port()).build()));
        } catch (InvalidTargetException e) {
            // Not registered (any more): an attempt whose answer was lost deregistered it already.
        }
    }

    private void createListener(CreateListener change) {
        try {
            elbv2.createListener(CreateListenerRequest.builder()
                    .loadBalancerArn(or(change.loadBalancerArn(), loadBalancerArn))
                    .protocol(ProtocolEnum.TCP)
                    .port(change.port())
                    .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD)
                            .targetGroupArn(or(change.targetGroupArn(), targetGroupArn)).build())
                    .tags(elbTags(change.clusterId()))
                    .build());
        } catch (DuplicateListenerException e) {
            throw new PrivateLinkConflictException("Load balancer " + change.name() + " already has another listener on port "
                    + change.port() + ". Delete that listener, then run the setup again.");
        }
    }

    private void createService(CreateEndpointService change) {
        String lb = or(change.loadBalancerArn(), loadBalancerArn);
        serviceId = ec2.createVpcEndpointServiceConfiguration(CreateVpcEndpointServiceConfigurationRequest.builder()
                        .networkLoadBalancerArns(lb)
                        .acceptanceRequired(change.acceptanceRequired())
                        .clientToken(PrivateLinkNames.endpointServiceToken(lb))
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VPC_ENDPOINT_SERVICE)
                                .tags(Ec2Tags.of(PrivateLinkNames.tags(change.clusterId()))).build())
                        .build())
                .serviceConfiguration().serviceId();
    }

    private void setPrincipals(SetAllowedPrincipals change) {
        var request = ModifyVpcEndpointServicePermissionsRequest.builder().serviceId(or(change.serviceId(), serviceId));
        if (!change.add().isEmpty()) {
            request.addAllowedPrincipals(change.add());
        }
        if (!change.remove().isEmpty()) {
            request.removeAllowedPrincipals(change.remove());
        }
        ec2.modifyVpcEndpointServicePermissions(request.build());
    }

    private static String or(String planned, String created) {
        return planned != null ? planned : created;
    }

    private static List<Tag> elbTags(String clusterId) {
        return PrivateLinkNames.tags(clusterId).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
