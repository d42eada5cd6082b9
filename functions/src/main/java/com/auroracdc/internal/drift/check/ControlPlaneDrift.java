package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.drift.Finding;
import java.util.List;

/**
 * One area of the setup that the drift check compares with the desired state through AWS APIs: it runs
 * that stage's observe and plan, never its apply, and turns each planned change into a finding. It reads
 * through {@link BatchObservation} and {@link RunCache} so its calls are shared by the batch and the run.
 * An exception fails only this area of this cluster and becomes a finding.
 */
public interface ControlPlaneDrift {
    /** For messages: e.g. "parameter group". */
    String area();

    List<Finding> check(ObservedCluster cluster);
}
