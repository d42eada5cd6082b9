package com.auroracdc.internal.parametergroup;

import com.auroracdc.errors.ClusterBusyException;
import com.auroracdc.errors.ClusterNotFoundException;
import com.auroracdc.errors.ParameterGroupConflictException;
import com.auroracdc.errors.ParameterGroupNotFoundException;
import com.auroracdc.errors.QuotaExceededException;
import com.auroracdc.errors.UnsupportedParameterValueException;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.AssociateGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.CopyGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.CreateGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupChange.SetParameters;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.CopyDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.CreateDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupQuotaExceededException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbParameterGroupStateException;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

/** Performs exactly one planned change per call: one RDS mutating call each. */
public final class ParameterGroupApplier {
    private static final Set<String> REJECTED_VALUE_CODES = Set.of("InvalidParameterValue", "InvalidParameterCombination");

    private final RdsClient rds;

    public ParameterGroupApplier(RdsClient rds) {
        this.rds = rds;
    }

    public void apply(ParameterGroupChange change) {
        switch (change) {
            case CreateGroup create -> create(create);
            case CopyGroup copy -> copy(copy);
            case SetParameters set -> set(set);
            case AssociateGroup associate -> associate(associate);
        }
    }

    private void create(CreateGroup change) {
        try {
            rds.createDBClusterParameterGroup(CreateDbClusterParameterGroupRequest.builder().dbClusterParameterGroupName(change.groupName())
                    .dbParameterGroupFamily(change.family())
                    .description(change.groupDescription())
                    .tags(tags(change.tags())).build());
        } catch (DbParameterGroupAlreadyExistsException e) {
            throw alreadyExists(change.groupName(), e);
        } catch (DbParameterGroupQuotaExceededException e) {
            throw quota(change.groupName(), e);
        }
    }

    private void copy(CopyGroup change) {
        try {
            rds.copyDBClusterParameterGroup(CopyDbClusterParameterGroupRequest.builder().sourceDBClusterParameterGroupIdentifier(change.sourceGroup())
                    .targetDBClusterParameterGroupIdentifier(change.groupName())
                    .targetDBClusterParameterGroupDescription(change.groupDescription())
                    .tags(tags(change.tags())).build());
        } catch (DbParameterGroupAlreadyExistsException e) {
            throw alreadyExists(change.groupName(), e);
        } catch (DbParameterGroupQuotaExceededException e) {
            throw quota(change.groupName(), e);
        } catch (DbParameterGroupNotFoundException e) {
            throw new ParameterGroupNotFoundException("Parameter group " + change.sourceGroup() + " disappeared "
                    + "before it could be copied to " + change.groupName() + ". Run the setup again.", e);
        }
    }

    private void set(SetParameters change) {
        List<Parameter> parameters = change.settings().stream()
                .map(s -> Parameter.builder().parameterName(s.name()).parameterValue(s.to())
                        .applyMethod(ApplyMethod.PENDING_REBOOT).build())
                .toList();
        try {
            rds.modifyDBClusterParameterGroup(ModifyDbClusterParameterGroupRequest.builder()
                    .dbClusterParameterGroupName(change.groupName()).parameters(parameters).build());
        } catch (DbParameterGroupNotFoundException e) {
            throw new ParameterGroupNotFoundException("Parameter group " + change.groupName() + " disappeared while "
                    + "it was being modified. Run the setup again.", e);
        } catch (InvalidDbParameterGroupStateException e) {
            throw new ClusterBusyException("Parameter group " + change.groupName() + " cannot be modified right now ("
                    + e.awsErrorDetails().errorMessage() + "). Retry in a few minutes.", e);
        } catch (RdsException e) {
            if (e.awsErrorDetails() != null && REJECTED_VALUE_CODES.contains(e.awsErrorDetails().errorCode())) {
                throw new UnsupportedParameterValueException("RDS rejected " + change.settings() + " in parameter group "
                        + change.groupName() + ": " + e.awsErrorDetails().errorMessage() + ". Set these parameters by "
                        + "hand to values RDS accepts (at least the planned ones), then run again.", e);
            }
            throw e;
        }
    }

    private void associate(AssociateGroup change) {
        try {
            rds.modifyDBCluster(ModifyDbClusterRequest.builder().dbClusterIdentifier(change.clusterIdentifier())
                    .dbClusterParameterGroupName(change.groupName())
                    .applyImmediately(true).build());
        } catch (InvalidDbClusterStateException e) {
            throw new ClusterBusyException("Cluster " + change.clusterIdentifier() + " cannot be modified right now ("
                    + e.awsErrorDetails().errorMessage() + "). Wait until it is available and run again.", e);
        } catch (DbClusterNotFoundException e) {
            throw new ClusterNotFoundException("DB cluster " + change.clusterIdentifier() + " no longer exists.", e);
        } catch (DbParameterGroupNotFoundException e) {
            throw new ParameterGroupNotFoundException("Parameter group " + change.groupName() + " disappeared before "
                    + "it could be associated with " + change.clusterIdentifier() + ". Run the setup again.", e);
        }
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }

    private static ParameterGroupConflictException alreadyExists(String name, RuntimeException e) {
        return new ParameterGroupConflictException("Cluster parameter group " + name + " was created by someone else "
                + "after this stage looked (another run?). Run the setup again: it reuses the group if it carries our "
                + "tags.", e);
    }

    private static QuotaExceededException quota(String name, RuntimeException e) {
        return new QuotaExceededException("Cannot create cluster parameter group " + name + ": the account's quota of "
                + "DB cluster parameter groups is reached. Delete unused cluster parameter groups or ask for a higher "
                + "'DB cluster parameter groups' quota in Service Quotas, then run again.", e);
    }
}
