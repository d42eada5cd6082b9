package com.auroracdc.drift;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.settings.SettingsResolver;
import com.auroracdc.stage.JsonHandler;

/** Drift step 2a (per batch): control-plane observe and plan for each cluster; read-only. */
public final class CheckControlPlaneHandler extends JsonHandler<BatchInput, BatchCheck> {
    private final ControlPlaneCheck check;

    public CheckControlPlaneHandler() {
        this(DriftAreas.controlPlane(AwsClients.rds(), AwsClients.ec2(),
                com.auroracdc.clusterstate.ClusterStateTable.fromEnvironment(AwsClients.dynamoDb(), System.getenv()), System.getenv()));
    }

    public CheckControlPlaneHandler(ControlPlaneCheck check) {
        super(BatchInput.class);
        this.check = check;
    }

    /** Every outside call of this step goes through its SDK clients: SnapStart priming may run it offline. */
    @Override
    protected boolean primeByInvoking() {
        return true;
    }

    @Override
    public BatchCheck handle(BatchInput input) {
        return check.check(input);
    }
}
