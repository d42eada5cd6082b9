package com.auroracdc.errors;

/**
 * A security group with the name the automation uses for a cluster's dedicated group already exists in the
 * cluster's VPC but was not created by the automation (it lacks the managed-by tag). The automation never
 * adopts or modifies a group it does not own.
 */
public final class SecurityGroupConflictException extends AutopilotException {
    public SecurityGroupConflictException(String message) {
        super(message);
    }
}
