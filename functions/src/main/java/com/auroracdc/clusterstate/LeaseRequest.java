package com.auroracdc.clusterstate;

import com.auroracdc.cluster.SetupContext;
import com.auroracdc.stage.StageResult;

/** What the setup state machine's RenewLease state passes: the context and the Reboot stage's latest decision. */
public record LeaseRequest(SetupContext context, StageResult reboot) {
}
