package com.auroracdc.internal.securitygroup;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/**
 * Every EC2 read {@link SecurityGroupObserver} makes. Two implementations answer the same questions: {@link
 * #direct}, fresh per setup invocation, and the drift batch's, which reads the dedicated groups of
 * a whole batch, and their rules, with one call each.
 */
public interface SecurityGroupReads {
    /** The setup stage's reads: each asked of EC2 when needed (every page), nothing kept. */
    static SecurityGroupReads direct(Ec2Client ec2) {
        return new DirectSecurityGroupReads(ec2);
    }

    /**
     * The group with this exact name in this VPC, if any (names are unique per VPC).
     *
     * @param vpcId null only when the cluster's VPC is unknown (no instance to tell it): then the first of that name
     */
    Optional<SecurityGroup> named(String groupName, String vpcId);

    /** The rules of this group and of no other, inbound and outbound. */
    List<SecurityGroupRule> rules(String groupId);
}
