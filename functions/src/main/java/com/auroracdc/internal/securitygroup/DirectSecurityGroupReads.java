package com.auroracdc.internal.securitygroup;

import com.auroracdc.internal.aws.Pages;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/** The security-group reads of one setup invocation, each asked of EC2 when needed (every page), nothing kept. */
final class DirectSecurityGroupReads implements SecurityGroupReads {
    private final Ec2Client ec2;

    DirectSecurityGroupReads(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public Optional<SecurityGroup> named(String groupName, String vpcId) {
        List<Filter> filters = vpcId == null ? List.of(Filter.builder().name("group-name").values(groupName).build())
                : List.of(Filter.builder().name("group-name").values(groupName).build(),
                        Filter.builder().name("vpc-id").values(vpcId).build());
        return Pages.all(token -> ec2.describeSecurityGroups(DescribeSecurityGroupsRequest.builder()
                                .filters(filters).nextToken(token).build()),
                        DescribeSecurityGroupsResponse::nextToken, DescribeSecurityGroupsResponse::securityGroups).stream()
                .filter(g -> groupName.equals(g.groupName()) && (vpcId == null || vpcId.equals(g.vpcId()))).findFirst();
    }

    @Override
    public List<SecurityGroupRule> rules(String groupId) {
        return Pages.all(token -> ec2.describeSecurityGroupRules(DescribeSecurityGroupRulesRequest.builder()
                                .filters(Filter.builder().name("group-id").values(groupId).build())
                                .nextToken(token).build()),
                        DescribeSecurityGroupRulesResponse::nextToken, DescribeSecurityGroupRulesResponse::securityGroupRules)
                .stream().filter(rule -> groupId.equals(rule.groupId())).toList();
    }
}
