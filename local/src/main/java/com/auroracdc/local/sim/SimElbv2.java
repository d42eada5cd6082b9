package com.auroracdc.local.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AddTagsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AddTagsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteListenerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteLoadBalancerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteTargetGroupResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancerAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancerAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTagsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateListenerException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateLoadBalancerNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateTagKeysException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateTargetGroupNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidConfigurationRequestException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidSecurityGroupException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidSubnetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerState;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyLoadBalancerAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyLoadBalancerAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.OperationNotPermittedException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RemoveTagsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RemoveTagsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ResourceInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.SetSecurityGroupsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.SetSecurityGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.SubnetMapping;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.SubnetNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyTagsException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyTargetsException;

/**
 * Simulated Elastic Load Balancing v2, as far as PrivateLink access to a private Aurora cluster needs it: internal Network
 * Load Balancers, IP-type TCP target groups, TCP listeners forwarding to one target group, target registration and health,
 * attributes, tags. Modeled as AWS documents it (see FIDELITY.md, "SimElbv2"):
 * <ul>
 *   <li>a load balancer is {@code provisioning} for {@link #provisioningTime(Duration)} of simulated time, then {@code active};</li>
 *   <li>creating a load balancer or target group again with the same name and settings returns the existing one; other
 *       settings fail {@code DuplicateLoadBalancerName} / {@code DuplicateTargetGroupName}; a second listener on a port fails
 *       {@code DuplicateListener} unless it is the same;</li>
 *   <li>a target group a listener forwards to cannot be deleted ({@code ResourceInUse}); deleting a load balancer deletes its
 *       listeners, and is refused while an endpoint service uses it ({@code ResourceInUse}) or deletion protection is on
 *       ({@code OperationNotPermitted});</li>
 *   <li>an IP target must be a private address (RFC 1918 or RFC 6598), else {@code InvalidTarget}; outside the target group's
 *       VPC it needs {@code AvailabilityZone=all};</li>
 *   <li>target health: {@code unused} ({@code Target.NotInUse}) while no listener of an active load balancer forwards to the
 *       group; then {@code initial} ({@code Elb.InitialHealthChecking}) for interval × healthy threshold; then {@code healthy}
 *       when the address is a simulated RDS instance's that is {@code available} and the port is its cluster's, otherwise
 *       {@code unhealthy} ({@code Target.FailedHealthChecks}); a deregistered target is {@code draining}
 *       ({@code Target.DeregistrationInProgress}) for the deregistration delay, then gone.</li>
 * </ul>
 * Everything is computed from the {@link SimClock} when read, so advancing the clock (or any recorded call) moves it on.
 */
public final class SimElbv2 implements ElasticLoadBalancingV2Client {
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$");
    private static final int MAX_TAGS = 50;
    private static final int MAX_TARGETS_PER_GROUP = 1000;
    private static final List<String> PRIVATE_RANGES = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10");

    static final class Nlb {
        private String arn;
        private String name;
        private String scheme;
        private String vpcId;
        private Instant created;
        private final Map<String, String> subnetIps = new LinkedHashMap<>();
        private final List<String> zones = new ArrayList<>();
        private final List<String> zoneIds = new ArrayList<>();
        private List<String> securityGroups = List.of();
        private String enforcePrivateLink;
        private final Map<String, String> attributes = new TreeMap<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
    }

    static final class Group {
        private String arn;
        private String name;
        private String protocol;
        private int port;
        private String vpcId;
        private String targetType;
        private String healthCheckProtocol;
        private String healthCheckPort;
        private int interval;
        private int timeout;
        private int healthyThreshold;
        private int unhealthyThreshold;
        private final Map<String, String> attributes = new TreeMap<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Map<String, Registration> targets = new LinkedHashMap<>();
    }

    static final class Registration {
        private String ip;
        private int port;
        private String zone;
        private Instant registered;
        private Instant deregistered;
    }

    static final class ListenerState {
        private String arn;
        private String loadBalancerArn;
        private String protocol;
        private int port;
        private String targetGroupArn;
        private Instant created;
        private final Map<String, String> tags = new LinkedHashMap<>();
    }

    private final SimAws aws;
    private final Map<String, Nlb> loadBalancers = new TreeMap<>();
    private final Map<String, Group> targetGroups = new TreeMap<>();
    private final Map<String, ListenerState> listeners = new TreeMap<>();
    private volatile Duration provisioningTime = Duration.ofMinutes(3);

    SimElbv2(SimAws aws) {
        this.aws = aws;
        aws.ec2().loadBalancers(this::factsLocked);
        // A load balancer's network interfaces are in its security groups until it is deleted.
        aws.ec2().interfaceHolders(groupId -> loadBalancers.values().stream().anyMatch(nlb -> nlb.securityGroups.contains(groupId)));
    }

    @Override
    public String serviceName() {
        return "elasticloadbalancing";
    }

    @Override
    public void close() {
    }

    // ---- simulator controls (not AWS API) ----------------------------------------------------------

    /** How long a new load balancer stays {@code provisioning} on the simulated clock (default 3 minutes, a guess). */
    public void provisioningTime(Duration duration) {
        this.provisioningTime = duration;
    }

    // ---- load balancers ----------------------------------------------------------------------------

    @Override
    public CreateLoadBalancerResponse createLoadBalancer(CreateLoadBalancerRequest request) {
        return call("CreateLoadBalancer", SimAws.Kind.WRITE, request, () -> {
            String name = validName(request.name(), "load balancer");
            if (name.startsWith("internal-")) {
                throw error("ValidationError", "Load balancer name cannot begin with 'internal-'");
            }
            String type = request.typeAsString() == null ? "application" : request.typeAsString();
            if (!type.equals("network")) {
                throw error("ValidationError", "The simulator models Network Load Balancers only, not '" + type + "'");
            }
            String scheme = request.schemeAsString() == null ? "internet-facing" : request.schemeAsString();
            List<String> subnetIds = new ArrayList<>(request.hasSubnets() ? request.subnets() : List.of());
            if (request.hasSubnetMappings()) {
                for (SubnetMapping mapping : request.subnetMappings()) {
                    subnetIds.add(mapping.subnetId());
                }
            }
            if (subnetIds.isEmpty()) {
                throw error("ValidationError", "At least one subnet must be specified");
            }
            SimEc2 ec2 = aws.ec2();
            List<SimEc2.SubnetInfo> subnets = new ArrayList<>();
            Set<String> seenZones = new HashSet<>();
            for (String id : subnetIds) {
                SimEc2.SubnetInfo subnet = ec2.subnetLocked(id);
                if (subnet == null) {
                    throw error("SubnetNotFound", "The subnet ID '" + id + "' is not valid");
                }
                if (!seenZones.add(subnet.zone())) {
                    throw error("InvalidConfigurationRequest", "A load balancer cannot be attached to multiple subnets in the same Availability Zone");
                }
                if (!subnets.isEmpty() && !subnets.get(0).vpcId().equals(subnet.vpcId())) {
                    throw error("InvalidSubnet", "The subnets must be in the same VPC");
                }
                subnets.add(subnet);
            }
            String vpcId = subnets.get(0).vpcId();
            List<String> groups = request.hasSecurityGroups() ? List.copyOf(request.securityGroups()) : List.of();
            for (String group : groups) {
                if (!vpcId.equals(ec2.vpcOfGroupLocked(group))) {
                    throw error("InvalidSecurityGroup", "Security group '" + group + "' does not exist in VPC '" + vpcId + "'");
                }
            }
            Map<String, String> tags = tags(request.hasTags() ? request.tags() : List.of());
            Nlb existing = loadBalancers.values().stream().filter(l -> l.name.equals(name)).findFirst().orElse(null);
            if (existing != null) {
                boolean same = existing.scheme.equals(scheme) && existing.subnetIps.keySet().equals(new HashSet<>(subnetIds))
                        && new HashSet<>(existing.securityGroups).equals(new HashSet<>(groups));
                if (!same) {
                    throw error("DuplicateLoadBalancerName", "A load balancer with the same name '" + name + "' exists, but with different settings");
                }
                return CreateLoadBalancerResponse.builder().loadBalancers(toLoadBalancer(existing)).build();
            }
            Nlb nlb = new Nlb();
            nlb.name = name;
            nlb.arn = "arn:aws:elasticloadbalancing:" + aws.region() + ":" + aws.account() + ":loadbalancer/net/" + name + "/"
                    + aws.newHexId(16);
            nlb.scheme = scheme;
            nlb.vpcId = vpcId;
            nlb.created = aws.clock().instant();
            for (SimEc2.SubnetInfo subnet : subnets) {
                nlb.subnetIps.put(subnet.id(), ec2.allocatePrivateIpLocked(subnet.id()));
                nlb.zones.add(subnet.zone());
                nlb.zoneIds.add(subnet.zoneId());
            }
            nlb.securityGroups = groups;
            nlb.enforcePrivateLink = groups.isEmpty() ? null : "on";
            nlb.attributes.putAll(Map.of(
                    "deletion_protection.enabled", "false",
                    "load_balancing.cross_zone.enabled", "false",
                    "access_logs.s3.enabled", "false",
                    "access_logs.s3.bucket", "",
                    "access_logs.s3.prefix", "",
                    "dns_record.client_routing_policy", "any_availability_zone",
                    "zonal_shift.config.enabled", "false"));
            nlb.tags.putAll(tags);
            loadBalancers.put(nlb.arn, nlb);
            return CreateLoadBalancerResponse.builder().loadBalancers(toLoadBalancer(nlb)).build();
        });
    }

    @Override
    public DescribeLoadBalancersResponse describeLoadBalancers(DescribeLoadBalancersRequest request) {
        return call("DescribeLoadBalancers", SimAws.Kind.READ, request, () -> {
            List<Nlb> matching = new ArrayList<>();
            if (request.hasLoadBalancerArns() && !request.loadBalancerArns().isEmpty()) {
                if (request.loadBalancerArns().size() > 20) {
                    throw error("ValidationError", "At most 20 load balancer ARNs can be given");
                }
                for (String arn : request.loadBalancerArns()) {
                    matching.add(loadBalancer(arn));
                }
            } else if (request.hasNames() && !request.names().isEmpty()) {
                for (String name : request.names()) {
                    matching.add(loadBalancers.values().stream().filter(l -> l.name.equals(name)).findFirst()
                            .orElseThrow(() -> error("LoadBalancerNotFound", "Load balancers '[" + name + "]' not found")));
                }
            } else {
                matching.addAll(loadBalancers.values());
            }
            SimAws.Page<Nlb> page = aws.page(matching, pageSize(request.pageSize()), request.marker(), this::badMarker);
            return DescribeLoadBalancersResponse.builder()
                    .loadBalancers(page.items().stream().map(this::toLoadBalancer).toList())
                    .nextMarker(page.nextToken())
                    .build();
        });
    }

    @Override
    public DeleteLoadBalancerResponse deleteLoadBalancer(DeleteLoadBalancerRequest request) {
        return call("DeleteLoadBalancer", SimAws.Kind.WRITE, request, () -> {
            Nlb nlb = loadBalancers.get(required(request.loadBalancerArn(), "LoadBalancerArn"));
            if (nlb == null) {
                return DeleteLoadBalancerResponse.builder().build(); // deleting a deleted load balancer succeeds (guess)
            }
            if (nlb.attributes.get("deletion_protection.enabled").equals("true")) {
                throw error("OperationNotPermitted", "Load balancer '" + nlb.arn + "' cannot be deleted because deletion protection is enabled");
            }
            if (!aws.ec2().endpointServicesOnLocked(nlb.arn).isEmpty()) {
                throw error("ResourceInUse", "Load balancer '" + nlb.arn + "' cannot be deleted because it is currently associated with another service");
            }
            listeners.values().removeIf(l -> l.loadBalancerArn.equals(nlb.arn));
            loadBalancers.remove(nlb.arn);
            return DeleteLoadBalancerResponse.builder().build();
        });
    }

    @Override
    public SetSecurityGroupsResponse setSecurityGroups(SetSecurityGroupsRequest request) {
        return call("SetSecurityGroups", SimAws.Kind.WRITE, request, () -> {
            Nlb nlb = loadBalancer(required(request.loadBalancerArn(), "LoadBalancerArn"));
            List<String> groups = request.hasSecurityGroups() ? List.copyOf(request.securityGroups()) : List.of();
            if (nlb.securityGroups.isEmpty()) {
                throw error("InvalidConfigurationRequest", "You cannot set security groups on a Network Load Balancer which was created without any");
            }
            if (groups.isEmpty()) {
                throw error("InvalidConfigurationRequest", "A Network Load Balancer created with security groups must keep at least one");
            }
            for (String group : groups) {
                if (!nlb.vpcId.equals(aws.ec2().vpcOfGroupLocked(group))) {
                    throw error("InvalidSecurityGroup", "Security group '" + group + "' does not exist in VPC '" + nlb.vpcId + "'");
                }
            }
            nlb.securityGroups = groups;
            if (request.enforceSecurityGroupInboundRulesOnPrivateLinkTrafficAsString() != null) {
                nlb.enforcePrivateLink = request.enforceSecurityGroupInboundRulesOnPrivateLinkTrafficAsString();
            }
            return SetSecurityGroupsResponse.builder().securityGroupIds(groups)
                    .enforceSecurityGroupInboundRulesOnPrivateLinkTraffic(nlb.enforcePrivateLink).build();
        });
    }

    @Override
    public DescribeLoadBalancerAttributesResponse describeLoadBalancerAttributes(DescribeLoadBalancerAttributesRequest request) {
        return call("DescribeLoadBalancerAttributes", SimAws.Kind.READ, request, () -> {
            Nlb nlb = loadBalancer(required(request.loadBalancerArn(), "LoadBalancerArn"));
            return DescribeLoadBalancerAttributesResponse.builder().attributes(lbAttributes(nlb.attributes)).build();
        });
    }

    @Override
    public ModifyLoadBalancerAttributesResponse modifyLoadBalancerAttributes(ModifyLoadBalancerAttributesRequest request) {
        return call("ModifyLoadBalancerAttributes", SimAws.Kind.WRITE, request, () -> {
            Nlb nlb = loadBalancer(required(request.loadBalancerArn(), "LoadBalancerArn"));
            Map<String, String> changes = new LinkedHashMap<>();
            for (LoadBalancerAttribute attribute : request.hasAttributes() ? request.attributes() : List.<LoadBalancerAttribute>of()) {
                if (!nlb.attributes.containsKey(attribute.key())) {
                    throw error("InvalidConfigurationRequest", "Key " + attribute.key() + " not valid");
                }
                if (attribute.key().endsWith(".enabled") && !Set.of("true", "false").contains(attribute.value())) {
                    throw error("InvalidConfigurationRequest", "'" + attribute.value() + "' must be one of [true, false] for " + attribute.key());
                }
                changes.put(attribute.key(), attribute.value() == null ? "" : attribute.value());
            }
            nlb.attributes.putAll(changes);
            return ModifyLoadBalancerAttributesResponse.builder().attributes(lbAttributes(nlb.attributes)).build();
        });
    }

    // ---- target groups -----------------------------------------------------------------------------

    @Override
    public CreateTargetGroupResponse createTargetGroup(CreateTargetGroupRequest request) {
        return call("CreateTargetGroup", SimAws.Kind.WRITE, request, () -> {
            String name = validName(request.name(), "target group");
            String protocol = required(request.protocolAsString(), "Protocol");
            if (!protocol.equals("TCP")) {
                throw error("ValidationError", "The simulator models TCP target groups only, not " + protocol);
            }
            Integer port = request.port();
            if (port == null || port < 1 || port > 65535) {
                throw error("ValidationError", "A port between 1 and 65535 must be specified");
            }
            String targetType = request.targetTypeAsString() == null ? "instance" : request.targetTypeAsString();
            if (!targetType.equals("ip")) {
                throw error("ValidationError", "The simulator models target type 'ip' only, not '" + targetType + "'");
            }
            String vpcId = required(request.vpcId(), "VpcId");
            if (aws.ec2().vpcCidrLocked(vpcId) == null) {
                throw error("ValidationError", "The VPC ID '" + vpcId + "' is not found");
            }
            Group wanted = new Group();
            wanted.name = name;
            wanted.protocol = protocol;
            wanted.port = port;
            wanted.vpcId = vpcId;
            wanted.targetType = targetType;
            wanted.healthCheckProtocol = request.healthCheckProtocolAsString() == null ? "TCP" : request.healthCheckProtocolAsString();
            wanted.healthCheckPort = request.healthCheckPort() == null ? "traffic-port" : request.healthCheckPort();
            wanted.interval = bounded(request.healthCheckIntervalSeconds(), 30, 5, 300, "HealthCheckIntervalSeconds");
            wanted.timeout = bounded(request.healthCheckTimeoutSeconds(), 10, 2, 120, "HealthCheckTimeoutSeconds");
            wanted.healthyThreshold = bounded(request.healthyThresholdCount(), 5, 2, 10, "HealthyThresholdCount");
            wanted.unhealthyThreshold = bounded(request.unhealthyThresholdCount(), 2, 2, 10, "UnhealthyThresholdCount");
            Map<String, String> tags = tags(request.hasTags() ? request.tags() : List.of());
            Group existing = targetGroups.values().stream().filter(g -> g.name.equals(name)).findFirst().orElse(null);
            if (existing != null) {
                boolean same = existing.protocol.equals(protocol) && existing.port == port && existing.vpcId.equals(vpcId)
                        && existing.targetType.equals(targetType) && existing.healthCheckPort.equals(wanted.healthCheckPort)
                        && existing.interval == wanted.interval && existing.healthyThreshold == wanted.healthyThreshold
                        && existing.unhealthyThreshold == wanted.unhealthyThreshold;
                if (!same) {
                    throw error("DuplicateTargetGroupName", "A target group with the same name '" + name + "' exists, but with different settings");
                }
                return CreateTargetGroupResponse.builder().targetGroups(toTargetGroup(existing)).build();
            }
            wanted.arn = "arn:aws:elasticloadbalancing:" + aws.region() + ":" + aws.account() + ":targetgroup/" + name + "/"
                    + aws.newHexId(16);
            wanted.attributes.putAll(Map.of(
                    "deregistration_delay.timeout_seconds", "300",
                    "deregistration_delay.connection_termination.enabled", "false",
                    "preserve_client_ip.enabled", "false",
                    "proxy_protocol_v2.enabled", "false",
                    "stickiness.enabled", "false",
                    "stickiness.type", "source_ip",
                    "load_balancing.cross_zone.enabled", "use_load_balancer_configuration",
                    "target_health_state.unhealthy.connection_termination.enabled", "true"));
            wanted.tags.putAll(tags);
            targetGroups.put(wanted.arn, wanted);
            return CreateTargetGroupResponse.builder().targetGroups(toTargetGroup(wanted)).build();
        });
    }

    @Override
    public DescribeTargetGroupsResponse describeTargetGroups(DescribeTargetGroupsRequest request) {
        return call("DescribeTargetGroups", SimAws.Kind.READ, request, () -> {
            List<Group> matching = new ArrayList<>();
            if (request.hasTargetGroupArns() && !request.targetGroupArns().isEmpty()) {
                for (String arn : request.targetGroupArns()) {
                    matching.add(targetGroup(arn));
                }
            } else if (request.hasNames() && !request.names().isEmpty()) {
                for (String name : request.names()) {
                    matching.add(targetGroups.values().stream().filter(g -> g.name.equals(name)).findFirst()
                            .orElseThrow(() -> error("TargetGroupNotFound", "One or more target groups not found")));
                }
            } else if (request.loadBalancerArn() != null) {
                loadBalancer(request.loadBalancerArn());
                targetGroups.values().stream().filter(g -> loadBalancersOf(g).contains(request.loadBalancerArn())).forEach(matching::add);
            } else {
                matching.addAll(targetGroups.values());
            }
            SimAws.Page<Group> page = aws.page(matching, pageSize(request.pageSize()), request.marker(), this::badMarker);
            return DescribeTargetGroupsResponse.builder()
                    .targetGroups(page.items().stream().map(this::toTargetGroup).toList())
                    .nextMarker(page.nextToken())
                    .build();
        });
    }

    @Override
    public DeleteTargetGroupResponse deleteTargetGroup(DeleteTargetGroupRequest request) {
        return call("DeleteTargetGroup", SimAws.Kind.WRITE, request, () -> {
            Group group = targetGroups.get(required(request.targetGroupArn(), "TargetGroupArn"));
            if (group == null) {
                return DeleteTargetGroupResponse.builder().build(); // a deleted target group deletes again without error (guess)
            }
            if (!loadBalancersOf(group).isEmpty()) {
                throw error("ResourceInUse", "Target group '" + group.arn + "' is currently in use by a listener or a rule");
            }
            targetGroups.remove(group.arn);
            return DeleteTargetGroupResponse.builder().build();
        });
    }

    @Override
    public DescribeTargetGroupAttributesResponse describeTargetGroupAttributes(DescribeTargetGroupAttributesRequest request) {
        return call("DescribeTargetGroupAttributes", SimAws.Kind.READ, request, () -> {
            Group group = targetGroup(required(request.targetGroupArn(), "TargetGroupArn"));
            return DescribeTargetGroupAttributesResponse.builder().attributes(tgAttributes(group.attributes)).build();
        });
    }

    @Override
    public ModifyTargetGroupAttributesResponse modifyTargetGroupAttributes(ModifyTargetGroupAttributesRequest request) {
        return call("ModifyTargetGroupAttributes", SimAws.Kind.WRITE, request, () -> {
            Group group = targetGroup(required(request.targetGroupArn(), "TargetGroupArn"));
            Map<String, String> changes = new LinkedHashMap<>();
            for (TargetGroupAttribute attribute : request.hasAttributes() ? request.attributes() : List.<TargetGroupAttribute>of()) {
                if (!group.attributes.containsKey(attribute.key())) {
                    throw error("InvalidConfigurationRequest", "Key " + attribute.key() + " not valid");
                }
                if (attribute.key().equals("deregistration_delay.timeout_seconds")) {
                    int seconds = parseInt(attribute.value(), attribute.key());
                    if (seconds < 0 || seconds > 3600) {
                        throw error("InvalidConfigurationRequest", "deregistration_delay.timeout_seconds must be within 0..3600");
                    }
                }
                changes.put(attribute.key(), attribute.value());
            }
            group.attributes.putAll(changes);
            return ModifyTargetGroupAttributesResponse.builder().attributes(tgAttributes(group.attributes)).build();
        });
    }

    // ---- targets -----------------------------------------------------------------------------------

    @Override
    public RegisterTargetsResponse registerTargets(RegisterTargetsRequest request) {
        return call("RegisterTargets", SimAws.Kind.WRITE, request, () -> {
            Group group = targetGroup(required(request.targetGroupArn(), "TargetGroupArn"));
            List<TargetDescription> targets = request.hasTargets() ? request.targets() : List.of();
            if (targets.isEmpty()) {
                throw error("ValidationError", "At least one target must be specified");
            }
            String vpcCidr = aws.ec2().vpcCidrLocked(group.vpcId);
            for (TargetDescription target : targets) {
                String ip = target.id();
                try {
                    SimEc2.ipv4(ip);
                } catch (IllegalArgumentException e) {
                    throw error("InvalidTarget", "The IP address '" + ip + "' is not a valid IPv4 address");
                }
                if (PRIVATE_RANGES.stream().noneMatch(range -> SimEc2.inCidr(ip, range))) {
                    throw error("InvalidTarget", "The IP address '" + ip + "' is not in a private range (RFC 1918 or RFC 6598)");
                }
                if (!SimEc2.inCidr(ip, vpcCidr) && !"all".equals(target.availabilityZone())) {
                    throw error("ValidationError", "The Availability Zone for IP address '" + ip
                            + "' must be 'all' when the address is outside the target group's VPC");
                }
            }
            long live = group.targets.values().stream().filter(r -> r.deregistered == null).count();
            if (live + targets.size() > MAX_TARGETS_PER_GROUP) {
                throw error("TooManyTargets", "You have reached the maximum number of targets per target group");
            }
            Instant now = aws.clock().instant();
            for (TargetDescription target : targets) {
                int port = target.port() == null ? group.port : target.port();
                String key = target.id() + ":" + port;
                Registration existing = group.targets.get(key);
                if (existing != null && existing.deregistered == null) {
                    continue; // registering a registered target again changes nothing
                }
                Registration registration = new Registration();
                registration.ip = target.id();
                registration.port = port;
                registration.zone = target.availabilityZone();
                registration.registered = now;
                group.targets.put(key, registration);
            }
            return RegisterTargetsResponse.builder().build();
        });
    }

    @Override
    public DeregisterTargetsResponse deregisterTargets(DeregisterTargetsRequest request) {
        return call("DeregisterTargets", SimAws.Kind.WRITE, request, () -> {
            Group group = targetGroup(required(request.targetGroupArn(), "TargetGroupArn"));
            List<TargetDescription> targets = request.hasTargets() ? request.targets() : List.of();
            for (TargetDescription target : targets) {
                Registration existing = group.targets.get(target.id() + ":" + (target.port() == null ? group.port : target.port()));
                if (existing == null || existing.deregistered != null) {
                    throw error("InvalidTarget", "The target '" + target.id() + "' is not registered with target group '" + group.arn + "'");
                }
            }
            Instant now = aws.clock().instant();
            for (TargetDescription target : targets) {
                group.targets.get(target.id() + ":" + (target.port() == null ? group.port : target.port())).deregistered = now;
            }
            return DeregisterTargetsResponse.builder().build();
        });
    }

    @Override
    public DescribeTargetHealthResponse describeTargetHealth(DescribeTargetHealthRequest request) {
        return call("DescribeTargetHealth", SimAws.Kind.READ, request, () -> {
            Group group = targetGroup(required(request.targetGroupArn(), "TargetGroupArn"));
            forgetDrained(group);
            List<TargetHealthDescription> descriptions = new ArrayList<>();
            if (request.hasTargets() && !request.targets().isEmpty()) {
                for (TargetDescription target : request.targets()) {
                    int port = target.port() == null ? group.port : target.port();
                    Registration registration = group.targets.get(target.id() + ":" + port);
                    descriptions.add(registration != null ? describe(group, registration)
                            : description(target.id(), port, group, "unused", "Target.NotRegistered",
                                    "Target is not registered to the target group"));
                }
            } else {
                group.targets.values().forEach(r -> descriptions.add(describe(group, r)));
            }
            return DescribeTargetHealthResponse.builder().targetHealthDescriptions(descriptions).build();
        });
    }

    // ---- listeners ---------------------------------------------------------------------------------

    @Override
    public CreateListenerResponse createListener(CreateListenerRequest request) {
        return call("CreateListener", SimAws.Kind.WRITE, request, () -> {
            Nlb nlb = loadBalancer(required(request.loadBalancerArn(), "LoadBalancerArn"));
            String protocol = required(request.protocolAsString(), "Protocol");
            if (!protocol.equals("TCP")) {
                throw error("ValidationError", "The simulator models TCP listeners only, not " + protocol);
            }
            Integer port = request.port();
            if (port == null || port < 1 || port > 65535) {
                throw error("ValidationError", "A port between 1 and 65535 must be specified");
            }
            List<Action> actions = request.hasDefaultActions() ? request.defaultActions() : List.of();
            if (actions.size() != 1 || !"forward".equals(actions.get(0).typeAsString()) || actions.get(0).targetGroupArn() == null) {
                throw error("ValidationError", "A Network Load Balancer listener needs exactly one forward action to a target group");
            }
            Group group = targetGroup(actions.get(0).targetGroupArn());
            if (!group.protocol.equals(protocol)) {
                throw error("IncompatibleProtocols", "The listener protocol and the target group protocol must match");
            }
            if (!group.vpcId.equals(nlb.vpcId)) {
                throw error("ValidationError", "The target group's VPC must be the load balancer's");
            }
            List<String> others = loadBalancersOf(group);
            if (!others.isEmpty() && !others.contains(nlb.arn)) {
                throw error("TargetGroupAssociationLimit", "The target group '" + group.arn + "' is already associated with another load balancer");
            }
            Map<String, String> tags = tags(request.hasTags() ? request.tags() : List.of());
            ListenerState existing = listeners.values().stream()
                    .filter(l -> l.loadBalancerArn.equals(nlb.arn) && l.port == port).findFirst().orElse(null);
            if (existing != null) {
                if (existing.protocol.equals(protocol) && existing.targetGroupArn.equals(group.arn)) {
                    return CreateListenerResponse.builder().listeners(toListener(existing)).build();
                }
                throw error("DuplicateListener", "A listener already exists on this port for this load balancer '" + nlb.arn + "'");
            }
            ListenerState listener = new ListenerState();
            listener.arn = nlb.arn.replace(":loadbalancer/", ":listener/") + "/" + aws.newHexId(16);
            listener.loadBalancerArn = nlb.arn;
            listener.protocol = protocol;
            listener.port = port;
            listener.targetGroupArn = group.arn;
            listener.created = aws.clock().instant();
            listener.tags.putAll(tags);
            listeners.put(listener.arn, listener);
            return CreateListenerResponse.builder().listeners(toListener(listener)).build();
        });
    }

    @Override
    public DescribeListenersResponse describeListeners(DescribeListenersRequest request) {
        return call("DescribeListeners", SimAws.Kind.READ, request, () -> {
            List<ListenerState> matching = new ArrayList<>();
            if (request.hasListenerArns() && !request.listenerArns().isEmpty()) {
                for (String arn : request.listenerArns()) {
                    matching.add(listener(arn));
                }
            } else if (request.loadBalancerArn() != null) {
                loadBalancer(request.loadBalancerArn());
                listeners.values().stream().filter(l -> l.loadBalancerArn.equals(request.loadBalancerArn())).forEach(matching::add);
            } else {
                throw error("ValidationError", "A load balancer ARN or listener ARNs must be specified");
            }
            SimAws.Page<ListenerState> page = aws.page(matching, pageSize(request.pageSize()), request.marker(), this::badMarker);
            return DescribeListenersResponse.builder()
                    .listeners(page.items().stream().map(this::toListener).toList())
                    .nextMarker(page.nextToken())
                    .build();
        });
    }

    @Override
    public DeleteListenerResponse deleteListener(DeleteListenerRequest request) {
        return call("DeleteListener", SimAws.Kind.WRITE, request, () -> {
            listener(required(request.listenerArn(), "ListenerArn"));
            listeners.remove(request.listenerArn());
            return DeleteListenerResponse.builder().build();
        });
    }

    // ---- tags --------------------------------------------------------------------------------------

    @Override
    public AddTagsResponse addTags(AddTagsRequest request) {
        return call("AddTags", SimAws.Kind.WRITE, request, () -> {
            Map<String, String> tags = tags(request.hasTags() ? request.tags() : List.of());
            List<Map<String, String>> targets = new ArrayList<>();
            for (String arn : request.hasResourceArns() ? request.resourceArns() : List.<String>of()) {
                Map<String, String> current = tagsOf(arn);
                Map<String, String> after = new LinkedHashMap<>(current);
                after.putAll(tags);
                if (after.size() > MAX_TAGS) {
                    throw error("TooManyTags", "You've reached the limit on the number of tags for this resource");
                }
                targets.add(current);
            }
            targets.forEach(t -> t.putAll(tags));
            return AddTagsResponse.builder().build();
        });
    }

    @Override
    public RemoveTagsResponse removeTags(RemoveTagsRequest request) {
        return call("RemoveTags", SimAws.Kind.WRITE, request, () -> {
            List<Map<String, String>> targets = new ArrayList<>();
            for (String arn : request.hasResourceArns() ? request.resourceArns() : List.<String>of()) {
                targets.add(tagsOf(arn));
            }
            List<String> keys = request.hasTagKeys() ? request.tagKeys() : List.of();
            targets.forEach(t -> keys.forEach(t::remove));
            return RemoveTagsResponse.builder().build();
        });
    }

    @Override
    public DescribeTagsResponse describeTags(DescribeTagsRequest request) {
        return call("DescribeTags", SimAws.Kind.READ, request, () -> {
            List<String> arns = request.hasResourceArns() ? request.resourceArns() : List.of();
            if (arns.isEmpty() || arns.size() > 20) {
                throw error("ValidationError", "Between 1 and 20 resource ARNs must be specified");
            }
            List<TagDescription> descriptions = new ArrayList<>();
            for (String arn : arns) {
                descriptions.add(TagDescription.builder().resourceArn(arn).tags(toTags(tagsOf(arn))).build());
            }
            return DescribeTagsResponse.builder().tagDescriptions(descriptions).build();
        });
    }

    // ---- what EC2 asks -----------------------------------------------------------------------------

    private SimEc2.LoadBalancerFacts factsLocked(String arn) {
        Nlb nlb = loadBalancers.get(arn);
        return nlb == null ? null : new SimEc2.LoadBalancerFacts("network", active(nlb), List.copyOf(nlb.zones), List.copyOf(nlb.zoneIds));
    }

    // ---- state helpers -----------------------------------------------------------------------------

    private boolean active(Nlb nlb) {
        return !aws.clock().instant().isBefore(nlb.created.plus(provisioningTime));
    }

    /** The load balancers whose listeners forward to the group. */
    private List<String> loadBalancersOf(Group group) {
        return listeners.values().stream().filter(l -> l.targetGroupArn.equals(group.arn)).map(l -> l.loadBalancerArn)
                .distinct().toList();
    }

    private void forgetDrained(Group group) {
        Instant now = aws.clock().instant();
        Duration delay = Duration.ofSeconds(Long.parseLong(group.attributes.get("deregistration_delay.timeout_seconds")));
        group.targets.values().removeIf(r -> r.deregistered != null && !now.isBefore(r.deregistered.plus(delay)));
    }

    private TargetHealthDescription describe(Group group, Registration registration) {
        Instant now = aws.clock().instant();
        if (registration.deregistered != null) {
            return description(registration.ip, registration.port, group, "draining", "Target.DeregistrationInProgress",
                    "Target deregistration is in progress");
        }
        Instant inUseSince = listeners.values().stream()
                .filter(l -> l.targetGroupArn.equals(group.arn) && loadBalancers.containsKey(l.loadBalancerArn)
                        && active(loadBalancers.get(l.loadBalancerArn)))
                .map(l -> later(l.created, loadBalancers.get(l.loadBalancerArn).created.plus(provisioningTime)))
                .min(Instant::compareTo).orElse(null);
        if (inUseSince == null) {
            return description(registration.ip, registration.port, group, "unused", "Target.NotInUse",
                    "Target group is not configured to receive traffic from the load balancer");
        }
        Instant checked = later(registration.registered, inUseSince).plusSeconds((long) group.interval * group.healthyThreshold);
        if (now.isBefore(checked)) {
            return description(registration.ip, registration.port, group, "initial", "Elb.InitialHealthChecking",
                    "Initial health checks in progress");
        }
        RdsState.Instance instance = aws.rds().state().instanceWithIp(registration.ip);
        boolean answers = instance != null && instance.status().equals("available")
                && aws.rds().state().clusterOf(instance).port() == healthCheckPort(group, registration);
        return answers ? description(registration.ip, registration.port, group, "healthy", null, null)
                : description(registration.ip, registration.port, group, "unhealthy", "Target.FailedHealthChecks", "Health checks failed");
    }

    private static int healthCheckPort(Group group, Registration registration) {
        return group.healthCheckPort.equals("traffic-port") ? registration.port : Integer.parseInt(group.healthCheckPort);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static TargetHealthDescription description(String ip, int port, Group group, String state, String reason, String text) {
        return TargetHealthDescription.builder()
                .target(TargetDescription.builder().id(ip).port(port).build())
                .healthCheckPort(group.healthCheckPort.equals("traffic-port") ? String.valueOf(port) : group.healthCheckPort)
                .targetHealth(TargetHealth.builder().state(state).reason(reason).description(text).build())
                .build();
    }

    private Map<String, String> tagsOf(String arn) {
        if (loadBalancers.containsKey(arn)) {
            return loadBalancers.get(arn).tags;
        }
        if (targetGroups.containsKey(arn)) {
            return targetGroups.get(arn).tags;
        }
        if (listeners.containsKey(arn)) {
            return listeners.get(arn).tags;
        }
        if (arn.contains(":targetgroup/")) {
            throw error("TargetGroupNotFound", "Target groups '" + arn + "' not found");
        }
        if (arn.contains(":listener/")) {
            throw error("ListenerNotFound", "Listener '" + arn + "' not found");
        }
        throw error("LoadBalancerNotFound", "Load balancers '[" + arn + "]' not found");
    }

    private Nlb loadBalancer(String arn) {
        Nlb nlb = loadBalancers.get(arn);
        if (nlb == null) {
            throw error("LoadBalancerNotFound", "Load balancers '[" + arn + "]' not found");
        }
        return nlb;
    }

    private Group targetGroup(String arn) {
        Group group = targetGroups.get(arn);
        if (group == null) {
            throw error("TargetGroupNotFound", "Target groups '[" + arn + "]' not found");
        }
        return group;
    }

    private ListenerState listener(String arn) {
        ListenerState listener = listeners.get(arn);
        if (listener == null) {
            throw error("ListenerNotFound", "Listener '" + arn + "' not found");
        }
        return listener;
    }

    // ---- request checks ----------------------------------------------------------------------------

    private String validName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw error("ValidationError", "The " + what + " name '" + name + "' must be 1-32 letters, digits or hyphens, "
                    + "and must not begin or end with a hyphen");
        }
        return name;
    }

    private Map<String, String> tags(List<Tag> tags) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Tag tag : tags) {
            if (tag.key() == null || tag.key().isEmpty() || tag.key().length() > 128
                    || (tag.value() != null && tag.value().length() > 256)) {
                throw error("ValidationError", "Tag keys must be 1-128 and values at most 256 characters: " + tag.key());
            }
            if (tag.key().startsWith("aws:")) {
                throw error("ValidationError", "Tag keys starting with 'aws:' are reserved");
            }
            if (result.put(tag.key(), tag.value() == null ? "" : tag.value()) != null) {
                throw error("DuplicateTagKeys", "Tag key '" + tag.key() + "' specified more than once");
            }
        }
        if (result.size() > MAX_TAGS) {
            throw error("TooManyTags", "You've reached the limit on the number of tags for this resource");
        }
        return result;
    }

    private int bounded(Integer value, int fallback, int min, int max, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw error("ValidationError", name + " must be within " + min + ".." + max + ": " + value);
        }
        return value;
    }

    private int parseInt(String value, String name) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw error("InvalidConfigurationRequest", "'" + value + "' is not a valid value for " + name);
        }
    }

    /** PageSize is 1..400 (and the simulator's own page size caps it, see SimAws#pageSize). */
    private Integer pageSize(Integer requested) {
        if (requested != null && (requested < 1 || requested > 400)) {
            throw error("ValidationError", "Value '" + requested + "' at 'pageSize' must be between 1 and 400");
        }
        return requested;
    }

    private String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw error("ValidationError", "The parameter " + name + " is required");
        }
        return value;
    }

    private AwsServiceException badMarker(String marker) {
        return error("ValidationError", "Invalid marker '" + marker + "'");
    }

    // ---- responses ---------------------------------------------------------------------------------

    private LoadBalancer toLoadBalancer(Nlb nlb) {
        List<AvailabilityZone> zones = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, String> subnet : nlb.subnetIps.entrySet()) {
            zones.add(AvailabilityZone.builder()
                    .zoneName(nlb.zones.get(i++))
                    .subnetId(subnet.getKey())
                    .build());
        }
        String prefix = nlb.scheme.equals("internal") ? "internal-" : "";
        return LoadBalancer.builder()
                .loadBalancerArn(nlb.arn)
                .loadBalancerName(nlb.name)
                .dnsName(prefix + nlb.name + "-" + nlb.arn.substring(nlb.arn.lastIndexOf('/') + 1) + ".elb." + aws.region() + ".amazonaws.com")
                .canonicalHostedZoneId("Z26RNL4JYFTOTI")
                .createdTime(nlb.created)
                .scheme(nlb.scheme)
                .vpcId(nlb.vpcId)
                .state(LoadBalancerState.builder().code(active(nlb) ? "active" : "provisioning").build())
                .type("network")
                .availabilityZones(zones)
                .securityGroups(nlb.securityGroups.isEmpty() ? null : nlb.securityGroups)
                .enforceSecurityGroupInboundRulesOnPrivateLinkTraffic(nlb.enforcePrivateLink)
                .ipAddressType("ipv4")
                .build();
    }

    private TargetGroup toTargetGroup(Group group) {
        return TargetGroup.builder()
                .targetGroupArn(group.arn)
                .targetGroupName(group.name)
                .protocol(group.protocol)
                .port(group.port)
                .vpcId(group.vpcId)
                .healthCheckProtocol(group.healthCheckProtocol)
                .healthCheckPort(group.healthCheckPort)
                .healthCheckEnabled(true)
                .healthCheckIntervalSeconds(group.interval)
                .healthCheckTimeoutSeconds(group.timeout)
                .healthyThresholdCount(group.healthyThreshold)
                .unhealthyThresholdCount(group.unhealthyThreshold)
                .loadBalancerArns(loadBalancersOf(group))
                .targetType(group.targetType)
                .ipAddressType("ipv4")
                .build();
    }

    private Listener toListener(ListenerState listener) {
        return Listener.builder()
                .listenerArn(listener.arn)
                .loadBalancerArn(listener.loadBalancerArn)
                .port(listener.port)
                .protocol(listener.protocol)
                .defaultActions(Action.builder().type("forward").targetGroupArn(listener.targetGroupArn).build())
                .build();
    }

    private static List<LoadBalancerAttribute> lbAttributes(Map<String, String> attributes) {
        return attributes.entrySet().stream()
                .map(e -> LoadBalancerAttribute.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static List<TargetGroupAttribute> tgAttributes(Map<String, String> attributes) {
        return attributes.entrySet().stream()
                .map(e -> TargetGroupAttribute.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    // ---- errors ------------------------------------------------------------------------------------

    private <T> T call(String operation, SimAws.Kind kind, Object request, Supplier<T> body) {
        return aws.call("elbv2", operation, kind, request, SimElbv2::error, body);
    }

    static AwsServiceException error(String code, String message) {
        return error(code, message, 400);
    }

    static AwsServiceException error(String code, String message, int status) {
        AwsServiceException.Builder builder = switch (code) {
            case "DuplicateLoadBalancerName" -> DuplicateLoadBalancerNameException.builder();
            case "DuplicateTargetGroupName" -> DuplicateTargetGroupNameException.builder();
            case "DuplicateListener" -> DuplicateListenerException.builder();
            case "DuplicateTagKeys" -> DuplicateTagKeysException.builder();
            case "LoadBalancerNotFound" -> LoadBalancerNotFoundException.builder();
            case "TargetGroupNotFound" -> TargetGroupNotFoundException.builder();
            case "ListenerNotFound" -> ListenerNotFoundException.builder();
            case "SubnetNotFound" -> SubnetNotFoundException.builder();
            case "InvalidSubnet" -> InvalidSubnetException.builder();
            case "InvalidSecurityGroup" -> InvalidSecurityGroupException.builder();
            case "InvalidTarget" -> InvalidTargetException.builder();
            case "InvalidConfigurationRequest" -> InvalidConfigurationRequestException.builder();
            case "ResourceInUse" -> ResourceInUseException.builder();
            case "OperationNotPermitted" -> OperationNotPermittedException.builder();
            case "TooManyTargets" -> TooManyTargetsException.builder();
            case "TooManyTags" -> TooManyTagsException.builder();
            default -> ElasticLoadBalancingV2Exception.builder();
        };
        return SimAws.build(builder, "ElasticLoadBalancingV2", code, message, status);
    }
}
