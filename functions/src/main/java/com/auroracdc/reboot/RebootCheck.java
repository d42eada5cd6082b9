package com.auroracdc.reboot;

import com.auroracdc.cluster.SetupContext;
import com.auroracdc.stage.StageResult;

/** Input of {@link AwaitRebootHandler}: the context and the reboot stage's result (which holds the deadline). */
public record RebootCheck(SetupContext context, StageResult reboot) {
}
