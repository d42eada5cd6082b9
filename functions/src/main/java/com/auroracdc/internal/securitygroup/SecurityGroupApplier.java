package com.auroracdc.internal.securitygroup;

import com.auroracdc.errors.ClusterBusyException;
import com.auroracdc.errors.ClusterNotFoundException;
import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.errors.NotYetVisibleException;
import com.auroracdc.errors.QuotaExceededException;
import com.auroracdc.internal.securitygroup.SecurityGroupChange.AttachGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupChange.AuthorizeIngress;
import com.auroracdc.internal.securitygroup.SecurityGroupChange.CreateGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupChange.RevokeIngress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;

/**
 * Performs exactly the planned changes, one AWS call each, and touches nothing but the dedicated group
 * and the cluster's list of groups. AWS's own quota errors become {@link QuotaExceededException}.
 */
public final class SecurityGroupApplier implements Consumer<SecurityGroupChange> {
    private static final Set<String> RULES_LIMIT_CODES = Set.of("RulesPerSecurityGroupLimitExceeded");
    private static final Set<String> GROUPS_PER_VPC_CODES = Set.of("SecurityGroupLimitExceeded");
    private static final Set<String> GROUPS_PER_INTERFACE_CODES = Set.of(
            "SecurityGroupsPerInstanceLimitExceeded", "SecurityGroupsPerInterfaceLimitExceeded");

    private final Ec2Client ec2;
    private final RdsClient rds;
    private String groupId;
    private boolean createdHere;

    /** @param existingGroupId the dedicated group's id when it already exists, else null */
    public SecurityGroupApplier(Ec2Client ec2, RdsClient rds, String existingGroupId) {
        this.ec2 = ec2;
        this.rds = rds;
        this.groupId = existingGroupId;
    }

    /** The dedicated group's id: the existing one, or the one created by this applier. */
    public String groupId() {
        return groupId;
    }

    @Override
    public void accept(SecurityGroupChange change) {
        switch (change) {
            case CreateGroup create -> create(create);
            case RevokeIngress revoke -> revoke(revoke);
            case AuthorizeIngress authorize -> authorize(authorize);
            case AttachGroup attach -> attach(attach);
        }
    }

    private void create(CreateGroup change) {
        List<Tag> tags = DedicatedGroup.tags(change.clusterId()).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        try {
            groupId = ec2.createSecurityGroup(CreateSecurityGroupRequest.builder()
                    .groupName(change.groupName())
                    .description(DedicatedGroup.description(change.clusterId()))
                    .vpcId(change.vpcId())
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP).tags(tags).build())
                    .build())
                    .groupId();
            createdHere = true;
        } catch (Ec2Exception e) {
            if (GROUPS_PER_VPC_CODES.contains(code(e))) {
                throw new QuotaExceededException("EC2 refused to create security group " + change.groupName() + " in "
                        + change.vpcId() + ": the VPC has reached its security group quota (Amazon VPC quota"
                        + " 'VPC security groups per Region', default 2,500). Delete unused security groups or raise the quota"
                        + " in Service Quotas, then run the setup again. AWS said: " + message(e), e);
            }
            throw e;
        }
    }

    private void revoke(RevokeIngress change) {
        ec2.revokeSecurityGroupIngress(RevokeSecurityGroupIngressRequest.builder()
                .groupId(resolve(change.groupId()))
                .securityGroupRuleIds(change.rule().ruleId())
                .build());
    }

    private void authorize(AuthorizeIngress change) {
        IngressRule rule = change.rule();
        IpPermission.Builder permission = IpPermission.builder().ipProtocol("tcp").fromPort(rule.port()).toPort(rule.port());
        switch (rule.kind()) {
            case IPV4_CIDR -> permission.ipRanges(IpRange.builder().cidrIp(rule.source()).description(rule.ruleDescription()).build());
            case IPV6_CIDR -> permission.ipv6Ranges(Ipv6Range.builder().cidrIpv6(rule.source()).description(rule.ruleDescription()).build());
            case SECURITY_GROUP -> permission.userIdGroupPairs(UserIdGroupPair.builder().groupId(rule.source())
                    .description(rule.ruleDescription()).build());
        }
        var request = AuthorizeSecurityGroupIngressRequest.builder()
                .groupId(resolve(change.groupId()))
                .ipPermissions(permission.build())
                .build();
        try {
            ec2.authorizeSecurityGroupIngress(request);
        } catch (Ec2Exception e) {
            if (RULES_LIMIT_CODES.contains(code(e))) {
                throw new QuotaExceededException("EC2 refused to add inbound " + rule.summary() + " to " + change.groupName()
                        + ": the group has reached the rules quota (Amazon VPC quota 'Inbound or outbound rules per security"
                        + " group', default 60, counted separately for IPv4 and IPv6). Reduce egressCidrs to Materialize's"
                        + " current egress addresses (SELECT * FROM mz_egress_ips), or raise the quota in Service Quotas and set "
                        + SecurityGroupLimits.RULES_VARIABLE + ", then run the setup again. AWS said: " + message(e), e);
            }
            if ("InvalidPermission.Duplicate".equals(code(e))) {
                return; // the rule is there already (added since we looked): that is the desired state
            }
            if (isGroupNotFound(e) && rule.kind() == IngressRule.SourceKind.SECURITY_GROUP
                    && message(e).contains(rule.source())) {
                throw new InvalidSettingException(DesiredAccess.LAMBDA_SECURITY_GROUP_VARIABLE, "The database function's"
                        + " security group " + rule.source() + " does not exist in this account and region. Set the stack"
                        + " parameter DatabaseFunctionSecurityGroupId to the group of the Publication function.");
            }
            if (isGroupNotFound(e) && createdHere) {
                throw new NotYetVisibleException("Security group " + change.groupName() + " was just created but EC2 does not"
                        + " show it yet; the state machine retries this stage, which then adds the remaining rules.", e);
            }
            throw e;
        }
    }

    private void attach(AttachGroup change) {
        List<String> groups = new ArrayList<>(change.currentGroupIds());
        String ours = resolve(change.groupId());
        if (!groups.contains(ours)) {
            groups.add(ours);
        }
        try {
            // No ApplyImmediately: for Aurora, security groups apply at once anyway, and true would also
            // push the customer's own pending modifications out of their maintenance window.
            rds.modifyDBCluster(ModifyDbClusterRequest.builder()
                    .dbClusterIdentifier(change.clusterId())
                    .vpcSecurityGroupIds(groups)
                    .build());
        } catch (DbClusterNotFoundException e) {
            throw new ClusterNotFoundException("DB cluster " + change.clusterId() + " disappeared while its security groups"
                    + " were being updated. Check the identifier and region, then start the setup again.", e);
        } catch (InvalidDbClusterStateException e) {
            throw new ClusterBusyException("DB cluster " + change.clusterId() + " cannot take a security group change right"
                    + " now (" + message(e) + "). Wait until it is available, then run the setup again.", e);
        } catch (AwsServiceException e) {
            if (GROUPS_PER_INTERFACE_CODES.contains(code(e)) || looksLikeGroupsLimit(e)) {
                throw new QuotaExceededException("AWS refused to add security group " + change.groupName() + " to cluster "
                        + change.clusterId() + ", which has " + change.currentGroupIds().size() + " groups ("
                        + String.join(", ", change.currentGroupIds()) + "): too many security groups for the cluster's network"
                        + " interfaces (Amazon VPC quota 'Security groups per network interface', default 5). Remove a security"
                        + " group the cluster no longer needs, or raise the quota in Service Quotas and set "
                        + SecurityGroupLimits.GROUPS_VARIABLE + ", then run the setup again. AWS said: " + message(e), e);
            }
            throw e;
        }
    }

    private String resolve(String plannedGroupId) {
        String id = plannedGroupId != null ? plannedGroupId : groupId;
        if (id == null) {
            throw new IllegalStateException("The plan changes the dedicated security group before creating it");
        }
        return id;
    }

    private static boolean isGroupNotFound(Ec2Exception e) {
        return "InvalidGroup.NotFound".equals(code(e));
    }

    /** RDS has no dedicated error code for too many VPC security groups; recognise its wording. */
    private static boolean looksLikeGroupsLimit(AwsServiceException e) {
        String text = message(e).toLowerCase(Locale.ROOT);
        boolean aboutGroups = text.contains("securitygroup") || text.contains("security group");
        return aboutGroups && (text.contains("limit") || text.contains("maximum") || text.contains("quota"));
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String message(AwsServiceException e) {
        String text = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return text != null ? text : String.valueOf(e.getMessage());
    }
}
