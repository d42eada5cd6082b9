package com.auroracdc.local.sim;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
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
import software.amazon.awssdk.services.ec2.model.ReferencedSecurityGroup;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressResponse;
import software.amazon.awssdk.services.ec2.model.RevokedSecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * Simulated EC2 security groups (VPC only). Modeled as AWS documents it: one rule per CIDR / referenced
 * group / prefix list; CIDRs with host bits set are stored masked (10.0.0.28/29 becomes 10.0.0.24/29);
 * duplicates fail the whole call with {@code InvalidPermission.Duplicate}; at most 60 inbound rules per
 * group (IPv4 and IPv6 counted separately, group references count for both) else
 * {@code RulesPerSecurityGroupLimitExceeded}; revoking a rule that does not exist in a non-default VPC
 * fails with {@code InvalidPermission.NotFound} and revokes nothing; group names are only usable as
 * identifiers in the default VPC (use the {@code group-name} + {@code vpc-id} filters elsewhere).
 * {@code DeleteSecurityGroup} fails with {@code DependencyViolation} while a network interface is in the group (here:
 * a simulated RDS cluster lists it, see {@link InterfaceHolders}) or another group's rule references it, and with
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
    private volatile int rulesPerGroupQuota = 60;
    private volatile InterfaceHolders interfaceHolders = groupId -> false;

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

    /** Tells DeleteSecurityGroup what has network interfaces in a group (SimRds, at construction). */
    void interfaceHolders(InterfaceHolders holders) {
        this.interfaceHolders = Objects.requireNonNull(holders);
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
            boolean interfaces = interfaceHolders.holdInterfacesIn(group.id);
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
