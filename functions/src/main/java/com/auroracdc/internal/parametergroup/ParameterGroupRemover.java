package com.auroracdc.internal.parametergroup;

import com.auroracdc.errors.ClusterBusyException;
import com.auroracdc.errors.ClusterNotFoundException;
import com.auroracdc.errors.ParameterGroupNotFoundException;
import com.auroracdc.internal.parametergroup.ParameterGroupRemoval.DeleteGroup;
import com.auroracdc.internal.parametergroup.ParameterGroupRemoval.RestoreGroup;
import java.util.function.Consumer;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbParameterGroupStateException;

/** Applies a {@link ParameterGroupTeardown} plan, one change per call. */
public final class ParameterGroupRemover implements Consumer<ParameterGroupRemoval> {
    private final RdsClient rds;

    public ParameterGroupRemover(RdsClient rds) {
        this.rds = rds;
    }

    @Override
    public void accept(ParameterGroupRemoval change) {
        switch (change) {
            case RestoreGroup restore -> restore(restore);
            case DeleteGroup delete -> delete(delete);
        }
    }

    private void restore(RestoreGroup change) {
        try {
            rds.modifyDBCluster(r -> r.dbClusterIdentifier(change.clusterIdentifier())
                    .dbClusterParameterGroupName(change.toGroup()).applyImmediately(true));
        } catch (InvalidDbClusterStateException e) {
            throw new ClusterBusyException("Cluster " + change.clusterIdentifier() + " cannot be modified right now ("
                    + e.awsErrorDetails().errorMessage() + "). Run the teardown again once it is available.", e);
        } catch (DbClusterNotFoundException e) {
            throw new ClusterNotFoundException("DB cluster " + change.clusterIdentifier() + " no longer exists.", e);
        } catch (DbParameterGroupNotFoundException e) {
            throw new ParameterGroupNotFoundException("Parameter group " + change.toGroup() + " disappeared before the"
                    + " cluster could go back to it. The cluster stays on " + change.fromGroup() + "; associate the group it"
                    + " should use, then run the teardown again.", e);
        }
    }

    private void delete(DeleteGroup change) {
        try {
            rds.deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(change.groupName()));
        } catch (DbParameterGroupNotFoundException e) {
            return; // deleted by an attempt whose answer was lost: the change has taken effect
        } catch (InvalidDbParameterGroupStateException e) {
            throw new ClusterBusyException("Parameter group " + change.groupName() + " cannot be deleted right now ("
                    + e.awsErrorDetails().errorMessage() + "): a cluster still uses it. Run the teardown again once no"
                    + " cluster does.", e);
        }
    }
}
