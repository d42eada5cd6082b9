package com.auroracdc.internal.securitygroup;

import com.auroracdc.errors.ClusterBusyException;
import com.auroracdc.errors.ClusterNotFoundException;
import com.auroracdc.errors.NotYetVisibleException;
import com.auroracdc.internal.securitygroup.SecurityGroupRemoval.DeleteGroup;
import com.auroracdc.internal.securitygroup.SecurityGroupRemoval.DetachGroup;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;

/** Applies a {@link SecurityGroupTeardownPlanner} plan, one change per call. */
public final class SecurityGroupRemover implements Consumer<SecurityGroupRemoval> {
    private final Ec2Client ec2;
    private final RdsClient rds;

    public SecurityGroupRemover(Ec2Client ec2, RdsClient rds) {
        this.ec2 = ec2;
        this.rds = rds;
    }

    @Override
    public void accept(SecurityGroupRemoval change) {
        switch (change) {
            case DetachGroup detach -> detach(detach);
            case DeleteGroup delete -> delete(delete);
        }
    }

    private void detach(DetachGroup change) {
        try {
            // As when attaching: Aurora applies security groups at once, and ApplyImmediately would also push the
            // customer's own pending modifications out of their maintenance window.
            rds.modifyDBCluster(r -> r.dbClusterIdentifier(change.clusterId()).vpcSecurityGroupIds(change.keptGroupIds()));
        } catch (DbClusterNotFoundException e) {
            throw new ClusterNotFoundException("DB cluster " + change.clusterId() + " disappeared while its security groups"
                    + " were being updated. Nothing else was changed by this step.", e);
        } catch (InvalidDbClusterStateException e) {
            throw new ClusterBusyException("DB cluster " + change.clusterId() + " cannot take a security group change right"
                    + " now (" + e.awsErrorDetails().errorMessage() + "). Run the teardown again once it is available.", e);
        }
    }

    private void delete(DeleteGroup change) {
        try {
            ec2.deleteSecurityGroup(r -> r.groupId(change.groupId()));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if ("InvalidGroup.NotFound".equals(code)) {
                return; // deleted by an attempt whose answer was lost: the change has taken effect
            }
            if ("DependencyViolation".equals(code)) {
                // The cluster's network interfaces let go of a removed group a little after ModifyDBCluster returns.
                throw new NotYetVisibleException("Security group " + change.groupName() + " (" + change.groupId() + ") is"
                        + " still in use (DependencyViolation): the cluster's network interfaces have not let go of it yet,"
                        + " or another group's rule or another resource refers to it. The state machine tries again"
                        + " shortly; if it persists, find what uses it with aws ec2 describe-network-interfaces --filters"
                        + " Name=group-id,Values=" + change.groupId() + ".", e);
            }
            throw e;
        }
    }
}
