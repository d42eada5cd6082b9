package com.auroracdc.reboot;

import com.auroracdc.cluster.SetupContext;
import com.auroracdc.stage.StageResult;

/**
 * Input of {@link RebootHandler}: the execution state as the state machine passes it.
 *
 * @param parameterGroup the parameter-group stage's result: what it changed is what the writer needs a reboot for
 * @param reboot         this stage's previous result in the same execution (null on the first decision)
 * @param recheck        {@value #LOGICAL_REPLICATION_OFF} when the database stage found the writer without logical
 *                       replication after the reboots; null otherwise
 */
public record RebootInput(SetupContext context, StageResult parameterGroup, StageResult reboot, String recheck) {
    public static final String LOGICAL_REPLICATION_OFF = "logical-replication-off";

    /** The parameter-group stage changed the group in this execution (in a dry run: plans to). */
    boolean parametersChanged() {
        if (parameterGroup == null) {
            return false;
        }
        return !(context.dryRun() ? parameterGroup.planned() : parameterGroup.applied()).isEmpty();
    }

    boolean writerWithoutLogicalReplication() {
        return LOGICAL_REPLICATION_OFF.equals(recheck);
    }
}
