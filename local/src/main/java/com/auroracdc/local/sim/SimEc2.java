package com.auroracdc.local.sim;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AcceptVpcEndpointConnectionsRequest;
import software.amazon.awssdk.services.ec2.model.AcceptVpcEndpointConnectionsResponse;
import software.amazon.awssdk.services.ec2.model.AddedPrincipal;
import software.amazon.awssdk.services.ec2.model.AllowedPrincipal;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointServiceConfigurationRequest;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointServiceConfigurationResponse;
import software.amazon.awssdk.services.ec2.model.DeleteVpcEndpointServiceConfigurationsRequest;
import software.amazon.awssdk.services.ec2.model.DeleteVpcEndpointServiceConfigurationsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointConnectionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointConnectionsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointServiceConfigurationsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointServiceConfigurationsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointServicePermissionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointServicePermissionsResponse;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressResponse;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;
import software.amazon.awssdk.services.ec2.model.DeleteSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.ModifyVpcEndpointServiceConfigurationRequest;
import software.amazon.awssdk.services.ec2.model.ModifyVpcEndpointServiceConfigurationResponse;
import software.amazon.awssdk.services.ec2.model.ModifyVpcEndpointServicePermissionsRequest;
import software.amazon.awssdk.services.ec2.model.ModifyVpcEndpointServicePermissionsResponse;
import software.amazon.awssdk.services.ec2.model.RejectVpcEndpointConnectionsRequest;
import software.amazon.awssdk.services.ec2.model.RejectVpcEndpointConnectionsResponse;
import software.amazon.awssdk.services.ec2.model.ReferencedSecurityGroup;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressResponse;
import software.amazon.awssdk.services.ec2.model.RevokedSecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.ServiceConfiguration;
import software.amazon.awssdk.services.ec2.model.ServiceTypeDetail;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UnsuccessfulItem;
import software.amazon.awssdk.services.ec2.model.UnsuccessfulItemError;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.VpcEndpointConnection;

/**
 * Simulated EC2 security groups (VPC only). Modeled as AWS documents it: one rule per CIDR / referenced
 * group / prefix list; CIDRs with host bits set are stored masked (10.0.0.28/29 becomes 10.0.0.24/29);
 * duplicates fail the whole call with {@code InvalidPermission.Duplicate}; at most 60 inbound rules per
 * group (IPv4 and IPv6 counted separately, group references count for both) else
 * {@code RulesPerSecurityGroupLimitExceeded}; revoking a rule that does not exist in a non-default VPC
 * fails with {@code InvalidPermission.NotFound} and revokes nothing; group names are only usable as
 * identifiers in the default VPC (use the {@code group-name} + {@code vpc-id} filters elsewhere).
 * {@code DeleteSecurityGroup} fails with {@code DependencyViolation} while a network interface is in the group (here:
 * a simulated RDS cluster or Network Load Balancer lists it, see {@link InterfaceHolders}) or another group's rule
 * references it, and with
 * {@code CannotDelete} for a VPC's {@code default} group; the group's own rules go with it.
 */
public final class SimEc2 implements Ec2Client {
    private static final Pattern DESCRIPTION_CHARS = Pattern.compile("^[a-zA-Z0-9. _\\-:/()#,@\\[\\]+=&;{}!$*]*$");
    /** Every VPC's own group has this name, which no other group may take (InvalidGroup.Reserved). */
    private static final String DEFAULT_GROUP_NAME = "default";

    /**
     * What has network interfaces in a security group, asked by DeleteSecurityGroup. The simulator's only interfaces are
     * its RDS clusters' (their instances'), so SimRds registers its state here at construction: EC2 asks through this
     * interface and never depends on SimRds, which already depends on SimEc2 (ModifyDBCluster checks the groups it is
     * given against {@link #vpcOfGroupLocked}).
     */
    @FunctionalInterface
    interface InterfaceHolders {
        /**
         * Whether a network interface is still in the group. Called with the simulator's lock held, once per
         * DeleteSecurityGroup attempt that gets this far (the holder may count attempts, e.g. to model a release lag).
         */
        boolean holdInterfacesIn(String groupId);
    }

    /** What EC2 needs to know of a load balancer: its type, whether it is active, its zones (names and IDs). */
    record LoadBalancerFacts(String type, boolean active, List<String> zones, List<String> zoneIds) {
    }

    /**
     * The load balancers an endpoint service can be made on. SimElbv2 registers itself here at construction (SimAws
     * creates SimEc2 first), so ELBv2 depends on EC2 (subnets, security groups) and EC2 only asks through this interface.
     */
    @FunctionalInterface
    interface LoadBalancers {
        /** The facts of the load balancer with this ARN, or null when there is none. Called with the lock held. */
        LoadBalancerFacts loadBalancerLocked(String arn);
    }

    /** A subnet of a VPC, in one Availability Zone (name and zone ID). */
    record SubnetInfo(String id, String vpcId, String cidr, String zone, String zoneId) {
    }

    static final class EndpointService {
        private String id;
        private String name;
        private final List<String> loadBalancerArns = new ArrayList<>();
        private boolean acceptanceRequired;
        private Instant created;
        private final Map<String, String> tags = new LinkedHashMap<>();
        /** Allowed principal ARN (or "*") to its service-permission id. */
        private final Map<String, String> principals = new TreeMap<>();
    }

    static final class EndpointConnection {
        private String endpointId;
        private String connectionId;
        private String serviceId;
        private String owner;
        private String state;
        private Instant created;
    }

    static final class Vpc {
        private String id;
        private String cidr;
        private boolean isDefault;
    }

    static final class Group {
        private String id;
        private String arn;
        private String name;
        private String description;
        private String vpcId;
        private final Map<String, String> tags = new LinkedHashMap<>();
    }

    static final class Rule {
        private String id;
        private String groupId;
        private boolean egress;
        private String protocol;
        private Integer fromPort;
        private Integer toPort;
        private String cidrIpv4;
        private String cidrIpv6;
        private String referencedGroupId;
        private String prefixListId;
        private String description;
        private final Map<String, String> tags = new LinkedHashMap<>();

        String peer() {
            return cidrIpv4 != null ? cidrIpv4 : cidrIpv6 != null ? cidrIpv6 : referencedGroupId != null ? referencedGroupId : prefixListId;
        }

        boolean sameRule(Rule other) {
            return groupId.equals(other.groupId) && egress == other.egress && protocol.equals(other.protocol)
                    && Objects.equals(fromPort, other.fromPort) && Objects.equals(toPort, other.toPort)
                    && peer().equals(other.peer());
        }

        boolean countsAsIpv4() {
            return cidrIpv6 == null;
        }

        boolean countsAsIpv6() {
            return cidrIpv4 == null;
        }
    }

    private final SimAws aws;
    private final Map<String, Vpc> vpcs = new TreeMap<>();
    private final Map<String, Group> groups = new TreeMap<>();
    private final Map<String, Rule> rules = new TreeMap<>();
    private final Map<String, SubnetInfo> subnets = new TreeMap<>();
    private final Map<String, Integer> nextHost = new TreeMap<>();
    private final Map<String, EndpointService> endpointServices = new TreeMap<>();
    private final Map<String, EndpointConnection> endpointConnections = new TreeMap<>();
    /** ClientToken of a CreateVpcEndpointServiceConfiguration to the service it made. */
    private final Map<String, String> serviceTokens = new TreeMap<>();
    private volatile int rulesPerGroupQuota = 60;
    private final List<InterfaceHolders> interfaceHolders = new CopyOnWriteArrayList<>();
    private volatile LoadBalancers loadBalancers = arn -> null;
    private volatile Duration endpointServicePendingTime = Duration.ofSeconds(30);

    SimEc2(SimAws aws) {
        this.aws = aws;
    }

    @Override
    public String serviceName() {
        return "ec2";
    }

    @Override
    public void close() {
    }

    // ---- simulator controls (not AWS API) ----------------------------------------------------------

    /** Inbound (and outbound) rules per security group; AWS's default quota is 60. */
    public void rulesPerGroupQuota(int quota) {
        this.rulesPerGroupQuota = quota;
    }

    /** Makes a VPC exist (no-op when it already does). */
    public void seedVpc(String vpcId, String cidr, boolean isDefault) {
        aws.locked(() -> {
            if (vpcs.containsKey(vpcId)) {
                return null;
            }
            Vpc vpc = new Vpc();
            vpc.id = vpcId;
            vpc.cidr = cidr;
            vpc.isDefault = isDefault;
            vpcs.put(vpcId, vpc);
            return null;
        });
    }

    /** Creates a group as somebody else would have (not logged); returns its id. Includes the default egress rule. */
    public String seedSecurityGroup(String vpcId, String name, String description, Map<String, String> tags) {
        return aws.locked(() -> {
            Group group = newGroup(vpcId, name, description);
            group.tags.putAll(tags);
            return group.id;
        });
    }

    /** Adds an inbound TCP rule from a CIDR or a security group id, as somebody else would have. */
    public String seedIngress(String groupId, int port, String source, String description) {
        return aws.locked(() -> {
            Rule rule = new Rule();
            rule.groupId = groupId;
            rule.protocol = "tcp";
            rule.fromPort = port;
            rule.toPort = port;
            if (source.startsWith("sg-")) {
                rule.referencedGroupId = source;
            } else if (source.contains(":")) {
                rule.cidrIpv6 = normalizeCidr(source);
            } else {
                rule.cidrIpv4 = normalizeCidr(source);
            }
            rule.description = description;
            addRule(rule);
            return rule.id;
        });
    }

    /** Makes a VPC's {@code default} security group exist, as AWS creates it with the VPC (not logged); returns its id. */
    public String seedDefaultSecurityGroup(String vpcId) {
        return aws.locked(() -> groups.values().stream()
                .filter(g -> g.vpcId.equals(vpcId) && g.name.equals(DEFAULT_GROUP_NAME))
                .map(g -> g.id)
                .findFirst()
                .orElseGet(() -> newGroup(vpcId, DEFAULT_GROUP_NAME, "default VPC security group").id));
    }

    /**
     * Makes three subnets exist in a VPC (one per Availability Zone, {@code <region>a..c}, /24s from the VPC's CIDR) unless
     * it has subnets already; returns the VPC's subnet ids. Not logged. The zone IDs deliberately do not follow the zone
     * letters ({@code a} is {@code use1-az4} in us-east-1): on AWS the mapping differs per account.
     */
    public List<String> seedDefaultSubnets(String vpcId) {
        return aws.locked(() -> {
            Vpc vpc = vpcs.get(vpcId);
            if (vpc == null) {
                throw new IllegalStateException("unknown simulated VPC " + vpcId);
            }
            List<String> existing = subnetIdsOfVpcLocked(vpcId);
            if (!existing.isEmpty()) {
                return existing;
            }
            long base = ipv4(vpc.cidr.substring(0, vpc.cidr.indexOf('/')));
            int[] zoneNumbers = {4, 6, 1};
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String cidr = ipv4Text(base + (i + 1) * 256L) + "/24";
                created.add(seedSubnetLocked(vpcId, cidr, aws.region() + (char) ('a' + i), zonePrefix() + "-az" + zoneNumbers[i]));
            }
            return created;
        });
    }

    /** Makes a subnet exist (not logged); returns its id. */
    public String seedSubnet(String vpcId, String cidr, String zone, String zoneId) {
        return aws.locked(() -> seedSubnetLocked(vpcId, cidr, zone, zoneId));
    }

    /** How long a new endpoint service stays {@code Pending} (at least until its load balancers are active); default 30 s. */
    public void endpointServicePendingTime(Duration duration) {
        this.endpointServicePendingTime = duration;
    }

    /**
     * A service consumer (e.g. Materialize) creates an interface endpoint to the service as {@code principalArn}: the
     * connection is {@code pendingAcceptance} when the service requires acceptance, else {@code available}. Refused (an
     * IllegalStateException: the consumer's CreateVpcEndpoint fails on its side) when the principal is not allowed or the
     * service is not {@code Available}. Not logged; returns the endpoint's id ({@code vpce-...}).
     */
    public String connectEndpoint(String serviceId, String principalArn) {
        return aws.locked(() -> {
            EndpointService service = endpointServices.get(serviceId);
            if (service == null) {
                throw new IllegalStateException("no endpoint service " + serviceId);
            }
            if (!serviceState(service).equals("Available")) {
                throw new IllegalStateException("endpoint service " + serviceId + " is " + serviceState(service));
            }
            if (!allowed(service, principalArn)) {
                throw new IllegalStateException(principalArn + " is not an allowed principal of " + serviceId);
            }
            EndpointConnection connection = new EndpointConnection();
            connection.endpointId = "vpce-" + aws.newHexId(17);
            connection.connectionId = "vpce-con-" + aws.newHexId(17);
            connection.serviceId = serviceId;
            connection.owner = accountOf(principalArn);
            connection.state = service.acceptanceRequired ? "pendingAcceptance" : "available";
            connection.created = aws.clock().instant();
            endpointConnections.put(connection.endpointId, connection);
            return connection.endpointId;
        });
    }

    /** The consumer deletes its endpoint: the connection reads {@code deleted} and no longer blocks deleting the service. */
    public void disconnectEndpoint(String endpointId) {
        aws.locked(() -> {
            EndpointConnection connection = endpointConnections.get(endpointId);
            if (connection == null) {
                throw new IllegalStateException("no endpoint " + endpointId);
            }
            connection.state = "deleted";
            return null;
        });
    }

    /** Tells the endpoint services which load balancers exist (SimElbv2, at construction). */
    void loadBalancers(LoadBalancers facts) {
        this.loadBalancers = Objects.requireNonNull(facts);
    }

    /** The subnet with this id, or null. Called with the lock held. */
    SubnetInfo subnetLocked(String subnetId) {
        return subnets.get(subnetId);
    }

    /** The CIDR of a VPC, or null if there is no such VPC. Called with the lock held. */
    String vpcCidrLocked(String vpcId) {
        Vpc vpc = vpcs.get(vpcId);
        return vpc == null ? null : vpc.cidr;
    }

    /** The next free private address of a subnet (from .10 up). Called with the lock held. */
    String allocatePrivateIpLocked(String subnetId) {
        SubnetInfo subnet = subnets.get(subnetId);
        int host = nextHost.merge(subnetId, 1, Integer::sum) + 9;
        return ipv4Text(ipv4(subnet.cidr().substring(0, subnet.cidr().indexOf('/'))) + host);
    }

    /** The endpoint services made on a load balancer (DeleteLoadBalancer asks). Called with the lock held. */
    List<String> endpointServicesOnLocked(String loadBalancerArn) {
        return endpointServices.values().stream().filter(e -> e.loadBalancerArns.contains(loadBalancerArn)).map(e -> e.id).toList();
    }

    /** Whether an IPv4 address lies in a CIDR block. */
    static boolean inCidr(String address, String cidr) {
        int slash = cidr.indexOf('/');
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (ipv4(address) & mask) == (ipv4(cidr.substring(0, slash)) & mask);
    }

    static long ipv4(String address) {
        String[] parts = address.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        long value = 0;
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    static String ipv4Text(long value) {
        return ((value >> 24) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 8) & 0xFF) + "." + (value & 0xFF);
    }

    private String seedSubnetLocked(String vpcId, String cidr, String zone, String zoneId) {
        if (!vpcs.containsKey(vpcId)) {
            throw new IllegalStateException("unknown simulated VPC " + vpcId);
        }
        String id = "subnet-" + aws.newHexId(17);
        subnets.put(id, new SubnetInfo(id, vpcId, normalizeCidr(cidr), zone, zoneId));
        return id;
    }

    private List<String> subnetIdsOfVpcLocked(String vpcId) {
        return subnets.values().stream().filter(n -> n.vpcId().equals(vpcId)).map(SubnetInfo::id).toList();
    }

    /** "use1" for us-east-1, "euw1" for eu-west-1 (the zone-ID prefix AWS uses; a **guess** beyond those shapes). */
    private String zonePrefix() {
        String[] parts = aws.region().split("-");
        return parts.length == 3 ? parts[0] + parts[1].charAt(0) + parts[2] : aws.region();
    }

    /** Tells DeleteSecurityGroup what has network interfaces in a group (SimRds and SimElbv2, at construction). */
    void interfaceHolders(InterfaceHolders holders) {
        interfaceHolders.add(Objects.requireNonNull(holders));
    }

    /** The VPC of a security group, or null if there is no such group. Called by SimRds with the lock held. */
    String vpcOfGroupLocked(String groupId) {
        Group group = groups.get(groupId);
        return group == null ? null : group.vpcId;
    }

    // ---- security groups ---------------------------------------------------------------------------

    @Override
    public DescribeSecurityGroupsResponse describeSecurityGroups(DescribeSecurityGroupsRequest request) {
        return call("DescribeSecurityGroups", SimAws.Kind.READ, request, () -> {
            List<Group> matching = new ArrayList<>();
            if (request.hasGroupIds() && !request.groupIds().isEmpty()) {
                for (String id : request.groupIds()) {
                    Group group = groups.get(id);
                    if (group == null) {
                        throw error("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
                    }
                    matching.add(group);
                }
            } else if (request.hasGroupNames() && !request.groupNames().isEmpty()) {
                Vpc defaultVpc = defaultVpc();
                for (String name : request.groupNames()) {
                    Group group = defaultVpc == null ? null : groups.values().stream()
                            .filter(g -> g.vpcId.equals(defaultVpc.id) && g.name.equals(name)).findFirst().orElse(null);
                    if (group == null) {
                        throw error("InvalidGroup.NotFound", "The security group '" + name + "' does not exist in default VPC '"
                                + (defaultVpc == null ? "none" : defaultVpc.id) + "'");
                    }
                    matching.add(group);
                }
            } else {
                matching.addAll(groups.values());
            }
            Predicate<Group> filter = groupFilter(request.filters());
            List<Group> filtered = matching.stream().filter(filter).toList();
            SimAws.Page<Group> page = aws.page(filtered, maxResults(request.maxResults()), request.nextToken(), this::badToken);
            return DescribeSecurityGroupsResponse.builder()
                    .securityGroups(page.items().stream().map(this::toSecurityGroup).toList())
                    .nextToken(page.nextToken())
                    .build();
        });
    }

    @Override
    public CreateSecurityGroupResponse createSecurityGroup(CreateSecurityGroupRequest request) {
        return call("CreateSecurityGroup", SimAws.Kind.WRITE, request, () -> {
            dryRun(request.dryRun());
            String name = required(request.groupName(), "GroupName");
            String description = required(request.description(), "GroupDescription");
            if (name.length() > 255 || name.toLowerCase(Locale.ROOT).startsWith("sg-")) {
                throw error("InvalidParameterValue", "Invalid value '" + name + "' for groupName. "
                        + "Group names may not be in the format sg-* and may be at most 255 characters.");
            }
            if (name.equals(DEFAULT_GROUP_NAME)) {
                throw error("InvalidGroup.Reserved", "The name 'default' is reserved, and cannot be used to create a new security group.");
            }
            if (description.length() > 255 || !DESCRIPTION_CHARS.matcher(description).matches()) {
                throw error("InvalidParameterValue", "Invalid value '" + description + "' for GroupDescription. "
                        + "Character sets beyond ASCII are not supported.");
            }
            String vpcId = request.vpcId();
            if (vpcId == null) {
                Vpc defaultVpc = defaultVpc();
                if (defaultVpc == null) {
                    throw error("VPCIdNotSpecified", "No default VPC for this user");
                }
                vpcId = defaultVpc.id;
            }
            if (!vpcs.containsKey(vpcId)) {
                throw error("InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist");
            }
            String finalVpcId = vpcId;
            if (groups.values().stream().anyMatch(g -> g.vpcId.equals(finalVpcId) && g.name.equals(name))) {
                throw error("InvalidGroup.Duplicate", "The security group '" + name + "' already exists for VPC '" + vpcId + "'");
            }
            Map<String, String> tags = tagsFor(request.tagSpecifications(), "security-group");
            Group group = newGroup(vpcId, name, description);
            group.tags.putAll(tags);
            return CreateSecurityGroupResponse.builder()
                    .groupId(group.id)
                    .securityGroupArn(group.arn)
                    .tags(toTags(group.tags))
                    .build();
        });
    }

    @Override
    public DeleteSecurityGroupResponse deleteSecurityGroup(DeleteSecurityGroupRequest request) {
        return call("DeleteSecurityGroup", SimAws.Kind.WRITE, request, () -> {
            dryRun(request.dryRun());
            Group group = targetGroup(request.groupId(), request.groupName());
            if (group.name.equals(DEFAULT_GROUP_NAME)) {
                throw error("CannotDelete", "You cannot delete the 'default' security group in your VPC, but you can change its rules.");
            }
            boolean interfaces = interfaceHolders.stream().anyMatch(h -> h.holdInterfacesIn(group.id));
            boolean referenced = rules.values().stream()
                    .anyMatch(r -> group.id.equals(r.referencedGroupId) && !r.groupId.equals(group.id));
            if (interfaces || referenced) {
                throw error("DependencyViolation", "resource " + group.id + " has a dependent object");
            }
            rules.values().removeIf(r -> r.groupId.equals(group.id));
            groups.remove(group.id);
            return DeleteSecurityGroupResponse.builder().returnValue(true).groupId(group.id).build();
        });
    }

    @Override
    public CreateTagsResponse createTags(CreateTagsRequest request) {
        return call("CreateTags", SimAws.Kind.WRITE, request, () -> {
            dryRun(request.dryRun());
            List<Map<String, String>> targets = new ArrayList<>();
            for (String id : request.resources()) {
                if (groups.containsKey(id)) {
                    targets.add(groups.get(id).tags);
                } else if (rules.containsKey(id)) {
                    targets.add(rules.get(id).tags);
                } else if (id.startsWith("sg-")) {
                    throw error("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
                } else {
                    throw error("InvalidID", "The ID '" + id + "' is not valid");
                }
            }
            Map<String, String> tags = validTags(request.tags());
            targets.forEach(t -> t.putAll(tags));
            return CreateTagsResponse.builder().build();
        });
    }

    // ---- rules -------------------------------------------------------------------------------------

    @Override
    public DescribeSecurityGroupRulesResponse describeSecurityGroupRules(DescribeSecurityGroupRulesRequest request) {
        return call("DescribeSecurityGroupRules", SimAws.Kind.READ, request, () -> {
            List<Rule> matching = new ArrayList<>();
            if (request.hasSecurityGroupRuleIds() && !request.securityGroupRuleIds().isEmpty()) {
                for (String id : request.securityGroupRuleIds()) {
                    Rule rule = rules.get(id);
                    if (rule == null) {
                        throw error("InvalidSecurityGroupRuleId.NotFound", "The security group rule ID '" + id + "' does not exist");
                    }
                    matching.add(rule);
                }
            } else {
                matching.addAll(rules.values());
            }
            Predicate<Rule> filter = ruleFilter(request.filters());
            List<Rule> filtered = matching.stream().filter(filter).toList();
            SimAws.Page<Rule> page = aws.page(filtered, maxResults(request.maxResults()), request.nextToken(), this::badToken);
            return DescribeSecurityGroupRulesResponse.builder()
                    .securityGroupRules(page.items().stream().map(this::toRule).toList())
                    .nextToken(page.nextToken())
                    .build();
        });
    }

    @Override
    public AuthorizeSecurityGroupIngressResponse authorizeSecurityGroupIngress(AuthorizeSecurityGroupIngressRequest request) {
        return call("AuthorizeSecurityGroupIngress", SimAws.Kind.WRITE, request, () -> {
            dryRun(request.dryRun());
            Group group = targetGroup(request.groupId(), request.groupName());
            List<Rule> wanted = requestedRules(group, request.ipPermissions(), request.ipProtocol(), request.fromPort(),
                    request.toPort(), request.cidrIp());
            if (wanted.isEmpty()) {
                throw error("MissingParameter", "Either IpPermissions or the CidrIp, IpProtocol, FromPort and ToPort parameters must be specified");
            }
            for (int i = 0; i < wanted.size(); i++) {
                for (int j = i + 1; j < wanted.size(); j++) {
                    if (wanted.get(i).sameRule(wanted.get(j))) {
                        throw error("InvalidParameterValue", "The same permission must not appear multiple times");
                    }
                }
            }
            for (Rule rule : wanted) {
                if (ingress(group).stream().anyMatch(rule::sameRule)) {
                    throw error("InvalidPermission.Duplicate", "the specified rule \"" + describe(rule) + "\" already exists");
                }
            }
            List<Rule> after = new ArrayList<>(ingress(group));
            after.addAll(wanted);
            int quota = rulesPerGroupQuota;
            if (after.stream().filter(Rule::countsAsIpv4).count() > quota || after.stream().filter(Rule::countsAsIpv6).count() > quota) {
                throw error("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached.");
            }
            Map<String, String> tags = tagsFor(request.tagSpecifications(), "security-group-rule");
            for (Rule rule : wanted) {
                rule.tags.putAll(tags);
                addRule(rule);
            }
            return AuthorizeSecurityGroupIngressResponse.builder()
                    .returnValue(true)
                    .securityGroupRules(wanted.stream().map(this::toRule).toList())
                    .build();
        });
    }

    @Override
    public RevokeSecurityGroupIngressResponse revokeSecurityGroupIngress(RevokeSecurityGroupIngressRequest request) {
        return call("RevokeSecurityGroupIngress", SimAws.Kind.WRITE, request, () -> {
            dryRun(request.dryRun());
            Group group = targetGroup(request.groupId(), request.groupName());
            List<Rule> toRevoke = new ArrayList<>();
            List<IpPermission> unknown = new ArrayList<>();
            if (request.hasSecurityGroupRuleIds() && !request.securityGroupRuleIds().isEmpty()) {
                for (String id : request.securityGroupRuleIds()) {
                    Rule rule = rules.get(id);
                    if (rule == null || rule.egress || !rule.groupId.equals(group.id)) {
                        throw error("InvalidSecurityGroupRuleId.NotFound", "The security group rule ID '" + id + "' does not exist");
                    }
                    toRevoke.add(rule);
                }
            } else {
                List<Rule> described = requestedRules(group, request.ipPermissions(), request.ipProtocol(), request.fromPort(),
                        request.toPort(), request.cidrIp());
                if (described.isEmpty()) {
                    throw error("MissingParameter", "Either SecurityGroupRuleIds or IpPermissions must be specified");
                }
                for (Rule spec : described) {
                    Rule existing = ingress(group).stream().filter(spec::sameRule).findFirst().orElse(null);
                    if (existing != null) {
                        toRevoke.add(existing);
                    } else if (vpcs.get(group.vpcId).isDefault) {
                        unknown.add(toPermission(List.of(spec)));
                    } else {
                        throw error("InvalidPermission.NotFound", "The specified rule does not exist in this security group.");
                    }
                }
            }
            toRevoke.forEach(r -> rules.remove(r.id));
            return RevokeSecurityGroupIngressResponse.builder()
                    .returnValue(true)
                    .unknownIpPermissions(unknown.isEmpty() ? null : unknown)
                    .revokedSecurityGroupRules(toRevoke.stream().map(r -> RevokedSecurityGroupRule.builder()
                            .securityGroupRuleId(r.id)
                            .groupId(r.groupId)
                            .isEgress(false)
                            .ipProtocol(r.protocol)
                            .fromPort(r.fromPort == null ? -1 : r.fromPort)
                            .toPort(r.toPort == null ? -1 : r.toPort)
                            .cidrIpv4(r.cidrIpv4)
                            .cidrIpv6(r.cidrIpv6)
                            .referencedGroupId(r.referencedGroupId)
                            .prefixListId(r.prefixListId)
                            .description(r.description)
                            .build()).toList())
                    .build();
        });
    }

    // ---- subnets -----------------------------------------------------------------------------------

    @Override
    public DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest request) {
        return call("DescribeSubnets", SimAws.Kind.READ, request, () -> {
            dryRun(request.dryRun());
            List<SubnetInfo> matching = new ArrayList<>();
            if (request.hasSubnetIds() && !request.subnetIds().isEmpty()) {
                for (String id : request.subnetIds()) {
                    SubnetInfo subnet = subnets.get(id);
                    if (subnet == null) {
                        throw error("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
                    }
                    matching.add(subnet);
                }
            } else {
                matching.addAll(subnets.values());
            }
            Predicate<SubnetInfo> filter = simpleFilter(request.filters(), Map.of(
                    "vpc-id", SubnetInfo::vpcId,
                    "subnet-id", SubnetInfo::id,
                    "availability-zone", SubnetInfo::zone,
                    "availability-zone-id", SubnetInfo::zoneId,
                    "cidr-block", SubnetInfo::cidr), n -> Map.of());
            SimAws.Page<SubnetInfo> page = aws.page(matching.stream().filter(filter).toList(), maxResults(request.maxResults()),
                    request.nextToken(), this::badToken);
            return DescribeSubnetsResponse.builder()
                    .subnets(page.items().stream().map(n -> Subnet.builder()
                            .subnetId(n.id())
                            .subnetArn("arn:aws:ec2:" + aws.region() + ":" + aws.account() + ":subnet/" + n.id())
                            .vpcId(n.vpcId())
                            .cidrBlock(n.cidr())
                            .availabilityZone(n.zone())
                            .availabilityZoneId(n.zoneId())
                            .state("available")
                            .ownerId(aws.account())
                            .mapPublicIpOnLaunch(false)
                            .build()).toList())
                    .nextToken(page.nextToken())
                    .build();
        });
    }

    // ---- VPC endpoint services (the provider side of PrivateLink) ----------------------------------

    @Override
    public CreateVpcEndpointServiceConfigurationResponse createVpcEndpointServiceConfiguration(
            CreateVpcEndpointServiceConfigurationRequest request) {
        return call("CreateVpcEndpointServiceConfiguration", SimAws.Kind.WRITE, request, () -> {
            dryRun(request.dryRun());
            if (request.hasGatewayLoadBalancerArns() && !request.gatewayLoadBalancerArns().isEmpty()) {
                throw error("InvalidParameter", "The simulator models endpoint services on Network Load Balancers only");
            }
            if (!request.hasNetworkLoadBalancerArns() || request.networkLoadBalancerArns().isEmpty()) {
                throw error("MissingParameter", "The request must contain the parameter NetworkLoadBalancerArns");
            }
            String token = request.clientToken();
            if (token != null && serviceTokens.containsKey(token) && endpointServices.containsKey(serviceTokens.get(token))) {
                // The same client token answers with the service the first request made (idempotency by client token).
                return CreateVpcEndpointServiceConfigurationResponse.builder()
                        .serviceConfiguration(toServiceConfiguration(endpointServices.get(serviceTokens.get(token))))
                        .clientToken(token)
                        .build();
            }
            for (String arn : request.networkLoadBalancerArns()) {
                checkNetworkLoadBalancer(arn);
                if (!endpointServicesOnLocked(arn).isEmpty()) {
                    throw error("InvalidParameter", "Load balancer " + arn + " is already associated with endpoint service "
                            + endpointServicesOnLocked(arn).get(0));
                }
            }
            Map<String, String> tags = tagsFor(request.tagSpecifications(), "vpc-endpoint-service");
            EndpointService service = new EndpointService();
            service.id = "vpce-svc-" + aws.newHexId(17);
            service.name = "com.amazonaws.vpce." + aws.region() + "." + service.id;
            service.loadBalancerArns.addAll(new TreeSet<>(request.networkLoadBalancerArns()));
            service.acceptanceRequired = request.acceptanceRequired() == null || request.acceptanceRequired();
            service.created = aws.clock().instant();
            service.tags.putAll(tags);
            endpointServices.put(service.id, service);
            if (token != null) {
                serviceTokens.put(token, service.id);
            }
            return CreateVpcEndpointServiceConfigurationResponse.builder()
                    .serviceConfiguration(toServiceConfiguration(service))
                    .clientToken(request.clientToken())
                    .build();
        });
    }

    @Override
    public DescribeVpcEndpointServiceConfigurationsResponse describeVpcEndpointServiceConfigurations(
            DescribeVpcEndpointServiceConfigurationsRequest request) {
        return call("DescribeVpcEndpointServiceConfigurations", SimAws.Kind.READ, request, () -> {
            dryRun(request.dryRun());
            List<EndpointService> matching = new ArrayList<>();
            if (request.hasServiceIds() && !request.serviceIds().isEmpty()) {
                for (String id : request.serviceIds()) {
                    matching.add(endpointService(id));
                }
            } else {
                matching.addAll(endpointServices.values());
            }
            Predicate<EndpointService> filter = simpleFilter(request.filters(), Map.of(
                    "service-name", e -> e.name,
                    "service-id", e -> e.id,
                    "service-state", this::serviceState), e -> e.tags);
            SimAws.Page<EndpointService> page = aws.page(matching.stream().filter(filter).toList(),
                    maxResults(request.maxResults()), request.nextToken(), this::badToken);
            return DescribeVpcEndpointServiceConfigurationsResponse.builder()
                    .serviceConfigurations(page.items().stream().map(this::toServiceConfiguration).toList())
                    .nextToken(page.nextToken())
                    .build();
        });
    }

    @Override
    public ModifyVpcEndpointServiceConfigurationResponse modifyVpcEndpointServiceConfiguration(
            ModifyVpcEndpointServiceConfigurationRequest request) {
        return call("ModifyVpcEndpointServiceConfiguration", SimAws.Kind.WRITE, request, () -> {
            dryRun(request.dryRun());
            EndpointService service = endpointService(required(request.serviceId(), "ServiceId"));
            List<String> adding = request.hasAddNetworkLoadBalancerArns() ? request.addNetworkLoadBalancerArns() : List.of();
            List<String> removing = request.hasRemoveNetworkLoadBalancerArns() ? request.removeNetworkLoadBalancerArns() : List.of();
            for (String arn : adding) {
                checkNetworkLoadBalancer(arn);
            }
            if ((!adding.isEmpty() || !removing.isEmpty()) && hasOpenConnections(service)) {
                throw error("ExistingVpcEndpointConnections", "Service " + service.id
                        + " has existing endpoint connections; its load balancers cannot be changed");
            }
            List<String> after = new ArrayList<>(service.loadBalancerArns);
            after.removeAll(removing);
            adding.stream().filter(a -> !after.contains(a)).forEach(after::add);
            if (after.isEmpty()) {
                throw error("InvalidParameter", "An endpoint service needs at least one load balancer");
            }
            if (request.acceptanceRequired() != null) {
                service.acceptanceRequired = request.acceptanceRequired();
            }
            service.loadBalancerArns.clear();
            service.loadBalancerArns.addAll(after);
            return ModifyVpcEndpointServiceConfigurationResponse.builder().returnValue(true).build();
        });
    }

    @Override
    public DeleteVpcEndpointServiceConfigurationsResponse deleteVpcEndpointServiceConfigurations(
            DeleteVpcEndpointServiceConfigurationsRequest request) {
        return call("DeleteVpcEndpointServiceConfigurations", SimAws.Kind.WRITE, request, () -> {
            dryRun(request.dryRun());
            if (!request.hasServiceIds() || request.serviceIds().isEmpty()) {
                throw error("MissingParameter", "The request must contain the parameter ServiceId");
            }
            List<UnsuccessfulItem> unsuccessful = new ArrayList<>();
            for (String id : request.serviceIds()) {
                EndpointService service = endpointServices.get(id);
                if (service == null) {
                    unsuccessful.add(unsuccessful(id, "InvalidVpcEndpointService.NotFound",
                            "The VpcEndpointService Id '" + id + "' does not exist"));
                } else if (hasOpenConnections(service)) {
                    unsuccessful.add(unsuccessful(id, "ExistingVpcEndpointConnections",
                            "Service has existing active VPC Endpoint connections!"));
                } else {
                    endpointServices.remove(id);
                    endpointConnections.values().removeIf(c -> c.serviceId.equals(id));
                }
            }
            return DeleteVpcEndpointServiceConfigurationsResponse.builder().unsuccessful(unsuccessful).build();
        });
    }

    @Override
    public ModifyVpcEndpointServicePermissionsResponse modifyVpcEndpointServicePermissions(
            ModifyVpcEndpointServicePermissionsRequest request) {
        return call("ModifyVpcEndpointServicePermissions", SimAws.Kind.WRITE, request, () -> {
            dryRun(request.dryRun());
            EndpointService service = endpointService(required(request.serviceId(), "ServiceId"));
            List<String> adding = request.hasAddAllowedPrincipals() ? request.addAllowedPrincipals() : List.of();
            List<String> removing = request.hasRemoveAllowedPrincipals() ? request.removeAllowedPrincipals() : List.of();
            for (String principal : adding) {
                principalType(principal);
            }
            List<AddedPrincipal> added = new ArrayList<>();
            for (String principal : adding) {
                String permissionId = service.principals.computeIfAbsent(principal, p -> "vpce-svc-perm-" + aws.newHexId(17));
                added.add(AddedPrincipal.builder()
                        .principal(principal).principalType(principalType(principal))
                        .servicePermissionId(permissionId).serviceId(service.id).build());
            }
            removing.forEach(service.principals::remove);
            return ModifyVpcEndpointServicePermissionsResponse.builder()
                    .returnValue(true)
                    .addedPrincipals(added.isEmpty() ? null : added)
                    .build();
        });
    }

    @Override
    public DescribeVpcEndpointServicePermissionsResponse describeVpcEndpointServicePermissions(
            DescribeVpcEndpointServicePermissionsRequest request) {
        return call("DescribeVpcEndpointServicePermissions", SimAws.Kind.READ, request, () -> {
            dryRun(request.dryRun());
            EndpointService service = endpointService(required(request.serviceId(), "ServiceId"));
            List<Map.Entry<String, String>> entries = List.copyOf(service.principals.entrySet());
            Predicate<Map.Entry<String, String>> filter = simpleFilter(request.filters(), Map.of(
                    "principal", Map.Entry::getKey,
                    "principal-type", e -> principalType(e.getKey())), e -> Map.of());
            SimAws.Page<Map.Entry<String, String>> page = aws.page(entries.stream().filter(filter).toList(),
                    maxResults(request.maxResults()), request.nextToken(), this::badToken);
            return DescribeVpcEndpointServicePermissionsResponse.builder()
                    .allowedPrincipals(page.items().stream().map(e -> AllowedPrincipal.builder()
                            .principal(e.getKey())
                            .principalType(principalType(e.getKey()))
                            .servicePermissionId(e.getValue())
                            .serviceId(service.id)
                            .build()).toList())
                    .nextToken(page.nextToken())
                    .build();
        });
    }

    @Override
    public DescribeVpcEndpointConnectionsResponse describeVpcEndpointConnections(DescribeVpcEndpointConnectionsRequest request) {
        return call("DescribeVpcEndpointConnections", SimAws.Kind.READ, request, () -> {
            dryRun(request.dryRun());
            Predicate<EndpointConnection> filter = simpleFilter(request.filters(), Map.of(
                    "service-id", c -> c.serviceId,
                    "vpc-endpoint-owner", c -> c.owner,
                    "vpc-endpoint-state", c -> c.state,
                    "vpc-endpoint-id", c -> c.endpointId), c -> Map.of());
            SimAws.Page<EndpointConnection> page = aws.page(endpointConnections.values().stream().filter(filter).toList(),
                    maxResults(request.maxResults()), request.nextToken(), this::badToken);
            return DescribeVpcEndpointConnectionsResponse.builder()
                    .vpcEndpointConnections(page.items().stream().map(c -> VpcEndpointConnection.builder()
                            .serviceId(c.serviceId)
                            .vpcEndpointId(c.endpointId)
                            .vpcEndpointConnectionId(c.connectionId)
                            .vpcEndpointOwner(c.owner)
                            .vpcEndpointState(c.state)
                            .creationTimestamp(c.created)
                            .networkLoadBalancerArns(endpointServices.containsKey(c.serviceId)
                                    ? endpointServices.get(c.serviceId).loadBalancerArns : List.of())
                            .build()).toList())
                    .nextToken(page.nextToken())
                    .build();
        });
    }

    @Override
    public AcceptVpcEndpointConnectionsResponse acceptVpcEndpointConnections(AcceptVpcEndpointConnectionsRequest request) {
        return call("AcceptVpcEndpointConnections", SimAws.Kind.WRITE, request, () -> {
            dryRun(request.dryRun());
            EndpointService service = endpointService(required(request.serviceId(), "ServiceId"));
            List<UnsuccessfulItem> unsuccessful = changeConnections(service, request.vpcEndpointIds(), Set.of("pendingAcceptance"),
                    "available");
            return AcceptVpcEndpointConnectionsResponse.builder().unsuccessful(unsuccessful).build();
        });
    }

    @Override
    public RejectVpcEndpointConnectionsResponse rejectVpcEndpointConnections(RejectVpcEndpointConnectionsRequest request) {
        return call("RejectVpcEndpointConnections", SimAws.Kind.WRITE, request, () -> {
            dryRun(request.dryRun());
            EndpointService service = endpointService(required(request.serviceId(), "ServiceId"));
            List<UnsuccessfulItem> unsuccessful = changeConnections(service, request.vpcEndpointIds(),
                    Set.of("pendingAcceptance", "available"), "rejected");
            return RejectVpcEndpointConnectionsResponse.builder().unsuccessful(unsuccessful).build();
        });
    }

    private List<UnsuccessfulItem> changeConnections(EndpointService service, List<String> endpointIds, Set<String> from, String to) {
        List<UnsuccessfulItem> unsuccessful = new ArrayList<>();
        for (String id : endpointIds == null ? List.<String>of() : endpointIds) {
            EndpointConnection connection = endpointConnections.get(id);
            if (connection == null || !connection.serviceId.equals(service.id)) {
                unsuccessful.add(unsuccessful(id, "InvalidVpcEndpoint.NotFound", "The Vpc Endpoint Id '" + id + "' does not exist"));
            } else if (!from.contains(connection.state)) {
                unsuccessful.add(unsuccessful(id, "InvalidState", "Endpoint " + id + " is in state " + connection.state));
            } else {
                connection.state = to;
            }
        }
        return unsuccessful;
    }

    private static UnsuccessfulItem unsuccessful(String id, String code, String message) {
        return UnsuccessfulItem.builder().resourceId(id)
                .error(UnsuccessfulItemError.builder().code(code).message(message).build()).build();
    }

    private EndpointService endpointService(String id) {
        EndpointService service = endpointServices.get(id);
        if (service == null) {
            throw error("InvalidVpcEndpointServiceId.NotFound", "The Vpc Endpoint Service Id '" + id + "' does not exist");
        }
        return service;
    }

    private void checkNetworkLoadBalancer(String arn) {
        LoadBalancerFacts facts = loadBalancers.loadBalancerLocked(arn);
        if (facts == null) {
            throw error("InvalidParameter", "Load balancer " + arn + " does not exist");
        }
        if (!facts.type().equals("network")) {
            throw error("InvalidParameter", "Load balancer " + arn + " is not a Network Load Balancer");
        }
    }

    private boolean hasOpenConnections(EndpointService service) {
        return endpointConnections.values().stream()
                .anyMatch(c -> c.serviceId.equals(service.id) && Set.of("available", "pendingAcceptance").contains(c.state));
    }

    /** Pending for the pending time after creation and while any of its load balancers is not active; then Available. */
    private String serviceState(EndpointService service) {
        boolean ready = !aws.clock().instant().isBefore(service.created.plus(endpointServicePendingTime))
                && service.loadBalancerArns.stream().allMatch(arn -> {
                    LoadBalancerFacts facts = loadBalancers.loadBalancerLocked(arn);
                    return facts != null && facts.active();
                });
        return ready ? "Available" : "Pending";
    }

    private boolean allowed(EndpointService service, String principalArn) {
        return service.principals.containsKey("*") || service.principals.containsKey(principalArn)
                || service.principals.containsKey("arn:aws:iam::" + accountOf(principalArn) + ":root");
    }

    private static String accountOf(String principalArn) {
        String[] parts = principalArn.split(":");
        return parts.length > 4 ? parts[4] : principalArn;
    }

    /** "*" is All; an IAM ARN ending in :root is an Account, :role/ a Role, :user/ a User; anything else is refused. */
    private String principalType(String principal) {
        if (principal.equals("*")) {
            return "All";
        }
        if (!principal.matches("arn:aws[a-z-]*:iam::\\d{12}:(root|role/[\\w+=,.@-]+|user/[\\w+=,.@-]+)")) {
            throw error("InvalidPrincipal", "Invalid Principal: '" + principal + "'");
        }
        return principal.endsWith(":root") ? "Account" : principal.contains(":role/") ? "Role" : "User";
    }

    private ServiceConfiguration toServiceConfiguration(EndpointService service) {
        List<String> zones = new ArrayList<>();
        List<String> zoneIds = new ArrayList<>();
        for (String arn : service.loadBalancerArns) {
            LoadBalancerFacts facts = loadBalancers.loadBalancerLocked(arn);
            if (facts != null) {
                facts.zones().stream().filter(z -> !zones.contains(z)).forEach(zones::add);
                facts.zoneIds().stream().filter(z -> !zoneIds.contains(z)).forEach(zoneIds::add);
            }
        }
        return ServiceConfiguration.builder()
                .serviceType(ServiceTypeDetail.builder().serviceType("Interface").build())
                .serviceId(service.id)
                .serviceName(service.name)
                .serviceState(serviceState(service))
                .availabilityZones(zones)
                .availabilityZoneIds(zoneIds)
                .acceptanceRequired(service.acceptanceRequired)
                .managesVpcEndpoints(false)
                .networkLoadBalancerArns(service.loadBalancerArns)
                .supportedIpAddressTypesWithStrings("ipv4")
                .baseEndpointDnsNames(service.id + "." + aws.region() + ".vpce.amazonaws.com")
                .tags(toTags(service.tags))
                .build();
    }

    /** A filter over named string attributes ({@code tag:key}, {@code tag-key} on {@code tags}); unknown names are refused. */
    private <T> Predicate<T> simpleFilter(List<Filter> filters, Map<String, Function<T, String>> attributes,
                                          Function<T, Map<String, String>> tags) {
        Predicate<T> result = t -> true;
        for (Filter filter : filters == null ? List.<Filter>of() : filters) {
            List<Pattern> values = globs(filter);
            String name = filter.name();
            Predicate<T> one;
            if (name.startsWith("tag:")) {
                String key = name.substring(4);
                one = t -> tags.apply(t).containsKey(key) && matchesAny(values, tags.apply(t).get(key));
            } else if (name.equals("tag-key")) {
                one = t -> tags.apply(t).keySet().stream().anyMatch(k -> matchesAny(values, k));
            } else if (attributes.containsKey(name)) {
                Function<T, String> attribute = attributes.get(name);
                one = t -> matchesAny(values, attribute.apply(t));
            } else {
                throw error("InvalidParameterValue", "The filter '" + name + "' is invalid");
            }
            result = result.and(one);
        }
        return result;
    }

    // ---- request decoding --------------------------------------------------------------------------

    private Group targetGroup(String groupId, String groupName) {
        if (groupId != null) {
            Group group = groups.get(groupId);
            if (group == null) {
                throw error("InvalidGroup.NotFound", "The security group '" + groupId + "' does not exist");
            }
            return group;
        }
        if (groupName != null) {
            Vpc defaultVpc = defaultVpc();
            return groups.values().stream()
                    .filter(g -> defaultVpc != null && g.vpcId.equals(defaultVpc.id) && g.name.equals(groupName))
                    .findFirst()
                    .orElseThrow(() -> error("InvalidGroup.NotFound", "The security group '" + groupName
                            + "' does not exist in default VPC '" + (defaultVpc == null ? "none" : defaultVpc.id) + "'"));
        }
        throw error("MissingParameter", "The request must contain the parameter groupId or groupName");
    }

    private List<Rule> requestedRules(Group group, List<IpPermission> permissions, String protocol, Integer from, Integer to, String cidrIp) {
        List<Rule> result = new ArrayList<>();
        if (cidrIp != null || protocol != null) {
            IpPermission legacy = IpPermission.builder().ipProtocol(protocol).fromPort(from).toPort(to)
                    .ipRanges(cidrIp == null ? List.of() : List.of(IpRange.builder().cidrIp(cidrIp).build())).build();
            permissions = permissions == null ? List.of(legacy) : concat(permissions, legacy);
        }
        for (IpPermission permission : permissions == null ? List.<IpPermission>of() : permissions) {
            String normalized = protocol(permission.ipProtocol());
            Integer fromPort = normalized.equals("-1") ? null : permission.fromPort();
            Integer toPort = normalized.equals("-1") ? null : permission.toPort();
            if (normalized.equals("tcp") || normalized.equals("udp")) {
                if (fromPort == null || toPort == null || fromPort < 0 || toPort > 65535 || fromPort > toPort) {
                    throw error("InvalidParameterValue", "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange");
                }
            }
            for (IpRange range : permission.ipRanges()) {
                Rule rule = rule(group, normalized, fromPort, toPort, range.description());
                rule.cidrIpv4 = normalizeCidr(range.cidrIp());
                result.add(rule);
            }
            for (Ipv6Range range : permission.ipv6Ranges()) {
                Rule rule = rule(group, normalized, fromPort, toPort, range.description());
                rule.cidrIpv6 = normalizeCidr(range.cidrIpv6());
                result.add(rule);
            }
            for (UserIdGroupPair pair : permission.userIdGroupPairs()) {
                if (pair.groupId() == null || !groups.containsKey(pair.groupId())) {
                    throw error("InvalidGroup.NotFound", "The security group '"
                            + (pair.groupId() != null ? pair.groupId() : pair.groupName()) + "' does not exist");
                }
                Rule rule = rule(group, normalized, fromPort, toPort, pair.description());
                rule.referencedGroupId = pair.groupId();
                result.add(rule);
            }
            for (PrefixListId prefixList : permission.prefixListIds()) {
                Rule rule = rule(group, normalized, fromPort, toPort, prefixList.description());
                rule.prefixListId = prefixList.prefixListId();
                result.add(rule);
            }
        }
        return result;
    }

    private static <T> List<T> concat(List<T> list, T item) {
        List<T> result = new ArrayList<>(list);
        result.add(item);
        return result;
    }

    private static Rule rule(Group group, String protocol, Integer from, Integer to, String description) {
        Rule rule = new Rule();
        rule.groupId = group.id;
        rule.protocol = protocol;
        rule.fromPort = from;
        rule.toPort = to;
        rule.description = description;
        return rule;
    }

    private String protocol(String given) {
        if (given == null) {
            throw error("MissingParameter", "The request must contain the parameter ipProtocol");
        }
        return switch (given.toLowerCase(Locale.ROOT)) {
            case "tcp", "6" -> "tcp";
            case "udp", "17" -> "udp";
            case "icmp", "1" -> "icmp";
            case "-1", "all" -> "-1";
            default -> throw error("InvalidParameterValue", "Invalid value '" + given + "' for IP protocol. Unknown protocol.");
        };
    }

    /** Validates a CIDR and clears host bits, as EC2 stores it. */
    String normalizeCidr(String cidr) {
        if (cidr == null) {
            throw error("InvalidParameterValue", "CIDR block null is malformed");
        }
        int slash = cidr.indexOf('/');
        try {
            if (slash < 0) {
                throw new IllegalArgumentException("no prefix length");
            }
            String address = cidr.substring(0, slash);
            int prefix = Integer.parseInt(cidr.substring(slash + 1));
            boolean v6 = address.contains(":");
            if (!v6 && (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                    || Arrays.stream(address.split("\\.")).anyMatch(octet -> Integer.parseInt(octet) > 255))) {
                throw new IllegalArgumentException("not an IPv4 address"); // checked here so InetAddress never resolves a name
            }
            byte[] bytes = InetAddress.getByName(address).getAddress();
            int bits = bytes.length * 8;
            if (prefix < 0 || prefix > bits || (v6 != (bytes.length == 16))) {
                throw new IllegalArgumentException("bad prefix");
            }
            BigInteger value = new BigInteger(1, bytes);
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
            byte[] masked = toBytes(value.and(mask), bytes.length);
            String text = v6 ? compressIpv6(masked) : InetAddress.getByAddress(masked).getHostAddress();
            return text + "/" + prefix;
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw error("InvalidParameterValue", "CIDR block " + cidr + " is malformed");
        }
    }

    private static byte[] toBytes(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    private static String compressIpv6(byte[] bytes) {
        int[] groups16 = new int[8];
        for (int i = 0; i < 8; i++) {
            groups16[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups16[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups16[j] == 0) {
                j++;
            }
            if (j - i > bestLength && j - i > 1) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups16[i]));
        }
        return out.toString();
    }

    private Map<String, String> tagsFor(List<TagSpecification> specifications, String resourceType) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (TagSpecification spec : specifications == null ? List.<TagSpecification>of() : specifications) {
            if (!resourceType.equals(spec.resourceTypeAsString())) {
                throw error("InvalidParameterValue", "'" + spec.resourceTypeAsString() + "' is not a valid taggable resource type for this operation.");
            }
            tags.putAll(validTags(spec.tags()));
        }
        return tags;
    }

    private Map<String, String> validTags(List<Tag> tags) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Tag tag : tags == null ? List.<Tag>of() : tags) {
            String key = tag.key();
            String value = tag.value() == null ? "" : tag.value();
            if (key == null || key.isEmpty() || key.length() > 127 || value.length() > 255) {
                throw error("InvalidParameterValue", "Tag keys must be 1-127 and values at most 255 characters: " + key);
            }
            if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw error("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
            }
            result.put(key, value);
        }
        return result;
    }

    private void dryRun(Boolean dryRun) {
        if (Boolean.TRUE.equals(dryRun)) {
            throw error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
        }
    }

    // ---- state helpers -----------------------------------------------------------------------------

    private Group newGroup(String vpcId, String name, String description) {
        if (!vpcs.containsKey(vpcId)) {
            throw new IllegalStateException("unknown simulated VPC " + vpcId);
        }
        Group group = new Group();
        group.id = "sg-" + aws.newHexId(17);
        group.arn = "arn:aws:ec2:" + aws.region() + ":" + aws.account() + ":security-group/" + group.id;
        group.name = name;
        group.description = description;
        group.vpcId = vpcId;
        groups.put(group.id, group);
        Rule egress = new Rule();
        egress.groupId = group.id;
        egress.egress = true;
        egress.protocol = "-1";
        egress.cidrIpv4 = "0.0.0.0/0";
        addRule(egress);
        return group;
    }

    private void addRule(Rule rule) {
        rule.id = "sgr-" + aws.newHexId(17);
        rules.put(rule.id, rule);
    }

    private List<Rule> ingress(Group group) {
        return rules.values().stream().filter(r -> r.groupId.equals(group.id) && !r.egress).toList();
    }

    private Vpc defaultVpc() {
        return vpcs.values().stream().filter(v -> v.isDefault).findFirst().orElse(null);
    }

    private static String describe(Rule rule) {
        String protocol = rule.protocol.equals("-1") ? "ALL" : rule.protocol.toUpperCase(Locale.ROOT);
        String ports = rule.fromPort == null ? "" : ", from port: " + rule.fromPort + ", to port: " + rule.toPort;
        return "peer: " + rule.peer() + ", " + protocol + ports + ", ALLOW";
    }

    // ---- filters and paging ------------------------------------------------------------------------

    private Predicate<Group> groupFilter(List<Filter> filters) {
        Predicate<Group> result = g -> true;
        for (Filter filter : filters == null ? List.<Filter>of() : filters) {
            List<Pattern> values = globs(filter);
            String name = filter.name();
            Predicate<Group> one;
            if (name.startsWith("tag:")) {
                String key = name.substring(4);
                one = g -> g.tags.containsKey(key) && matchesAny(values, g.tags.get(key));
            } else {
                one = switch (name) {
                    case "group-name" -> g -> matchesAny(values, g.name);
                    case "group-id" -> g -> matchesAny(values, g.id);
                    case "vpc-id" -> g -> matchesAny(values, g.vpcId);
                    case "description" -> g -> matchesAny(values, g.description);
                    case "owner-id" -> g -> matchesAny(values, aws.account());
                    case "tag-key" -> g -> g.tags.keySet().stream().anyMatch(k -> matchesAny(values, k));
                    case "tag-value" -> g -> g.tags.values().stream().anyMatch(v -> matchesAny(values, v));
                    default -> throw error("InvalidParameterValue", "The filter '" + name + "' is invalid");
                };
            }
            result = result.and(one);
        }
        return result;
    }

    private Predicate<Rule> ruleFilter(List<Filter> filters) {
        Predicate<Rule> result = r -> true;
        for (Filter filter : filters == null ? List.<Filter>of() : filters) {
            List<Pattern> values = globs(filter);
            String name = filter.name();
            Predicate<Rule> one;
            if (name.startsWith("tag:")) {
                String key = name.substring(4);
                one = r -> r.tags.containsKey(key) && matchesAny(values, r.tags.get(key));
            } else {
                one = switch (name) {
                    case "group-id" -> r -> matchesAny(values, r.groupId);
                    case "security-group-rule-id" -> r -> matchesAny(values, r.id);
                    case "tag-key" -> r -> r.tags.keySet().stream().anyMatch(k -> matchesAny(values, k));
                    default -> throw error("InvalidParameterValue", "The filter '" + name + "' is invalid");
                };
            }
            result = result.and(one);
        }
        return result;
    }

    /** EC2 filter values may use * and ? wildcards. */
    private List<Pattern> globs(Filter filter) {
        if (filter.name() == null || !filter.hasValues() || filter.values().isEmpty()) {
            throw error("InvalidParameterValue", "The filter '" + filter.name() + "' needs a name and at least one value");
        }
        return filter.values().stream().map(v -> {
            StringBuilder regex = new StringBuilder();
            for (char c : v.toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
            return Pattern.compile(regex.toString());
        }).toList();
    }

    private static boolean matchesAny(List<Pattern> patterns, String value) {
        return value != null && patterns.stream().anyMatch(p -> p.matcher(value).matches());
    }

    /** EC2: MaxResults 5..1000; without it all items are returned (the simulator still pages, see SimAws#pageSize). */
    private Integer maxResults(Integer requested) {
        if (requested == null) {
            return null;
        }
        if (requested < 5 || requested > 1000) {
            throw error("InvalidParameterValue", "Value ( " + requested + " ) for parameter maxResults is invalid. "
                    + "Expecting a value between 5 and 1000.");
        }
        return requested;
    }

    private AwsServiceException badToken(String token) {
        return error("InvalidPaginationToken", "The pagination token '" + token + "' is invalid.");
    }

    // ---- responses ---------------------------------------------------------------------------------

    private SecurityGroup toSecurityGroup(Group group) {
        List<Rule> all = rules.values().stream().filter(r -> r.groupId.equals(group.id)).toList();
        return SecurityGroup.builder()
                .groupId(group.id)
                .groupName(group.name)
                .description(group.description)
                .vpcId(group.vpcId)
                .ownerId(aws.account())
                .securityGroupArn(group.arn)
                .ipPermissions(permissions(all.stream().filter(r -> !r.egress).toList()))
                .ipPermissionsEgress(permissions(all.stream().filter(r -> r.egress).toList()))
                .tags(toTags(group.tags))
                .build();
    }

    /** Groups rules of the same protocol and ports into one IpPermission, as DescribeSecurityGroups shows them. */
    private List<IpPermission> permissions(List<Rule> list) {
        Map<String, List<Rule>> byPorts = new LinkedHashMap<>();
        list.forEach(r -> byPorts.computeIfAbsent(r.protocol + "/" + r.fromPort + "/" + r.toPort, k -> new ArrayList<>()).add(r));
        return byPorts.values().stream().map(this::toPermission).toList();
    }

    private IpPermission toPermission(List<Rule> same) {
        Rule first = same.get(0);
        return IpPermission.builder()
                .ipProtocol(first.protocol)
                .fromPort(first.fromPort)
                .toPort(first.toPort)
                .ipRanges(same.stream().filter(r -> r.cidrIpv4 != null)
                        .map(r -> IpRange.builder().cidrIp(r.cidrIpv4).description(r.description).build()).toList())
                .ipv6Ranges(same.stream().filter(r -> r.cidrIpv6 != null)
                        .map(r -> Ipv6Range.builder().cidrIpv6(r.cidrIpv6).description(r.description).build()).toList())
                .userIdGroupPairs(same.stream().filter(r -> r.referencedGroupId != null)
                        .map(r -> UserIdGroupPair.builder().groupId(r.referencedGroupId).userId(aws.account())
                                .description(r.description).build()).toList())
                .prefixListIds(same.stream().filter(r -> r.prefixListId != null)
                        .map(r -> PrefixListId.builder().prefixListId(r.prefixListId).description(r.description).build()).toList())
                .build();
    }

    private SecurityGroupRule toRule(Rule r) {
        return SecurityGroupRule.builder()
                .securityGroupRuleId(r.id)
                .securityGroupRuleArn("arn:aws:ec2:" + aws.region() + ":" + aws.account() + ":security-group-rule/" + r.id)
                .groupId(r.groupId)
                .groupOwnerId(aws.account())
                .isEgress(r.egress)
                .ipProtocol(r.protocol)
                .fromPort(r.fromPort == null ? -1 : r.fromPort)
                .toPort(r.toPort == null ? -1 : r.toPort)
                .cidrIpv4(r.cidrIpv4)
                .cidrIpv6(r.cidrIpv6)
                .prefixListId(r.prefixListId)
                .referencedGroupInfo(r.referencedGroupId == null ? null
                        : ReferencedSecurityGroup.builder().groupId(r.referencedGroupId).userId(aws.account()).build())
                .description(r.description)
                .tags(toTags(r.tags))
                .build();
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    // ---- errors ------------------------------------------------------------------------------------

    private <T> T call(String operation, SimAws.Kind kind, Object request, Supplier<T> body) {
        return aws.call("ec2", operation, kind, request, SimEc2::error, body);
    }

    private String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw error("MissingParameter", "The request must contain the parameter " + name);
        }
        return value;
    }

    static AwsServiceException error(String code, String message) {
        return error(code, message, 400);
    }

    static AwsServiceException error(String code, String message, int status) {
        return SimAws.build(Ec2Exception.builder(), "Ec2", code, message, status);
    }
}
