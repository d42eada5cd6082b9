package com.auroracdc.lambda;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.drift.BatchCheck;
import com.auroracdc.internal.drift.BatchInput;
import com.auroracdc.internal.drift.check.ControlPlaneCheck;
import com.auroracdc.internal.execution.DynamoDbClusterState;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.privatelink.HostResolver;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.PrimeByInvoking;
import java.util.function.Supplier;

/** Drift step 2a (per batch): control-plane observe and plan for each cluster; read-only. */
@PrimeByInvoking
public final class CheckControlPlaneHandler extends JsonHandler<BatchInput, BatchCheck> {
    /** Built per invocation from the stack settings as the last deploy set them. */
    private final Supplier<ControlPlaneCheck> check;

    public CheckControlPlaneHandler() {
        this(DriftFunctions.controlPlaneCheck(AwsClients.rds(), AwsClients.ec2(), AwsClients.elbv2(), HostResolver.system(),
                DynamoDbClusterState.fromEnvironment(AwsClients.dynamoDb(), System.getenv()), StackSettings.lambda(),
                MaterializeAccess.lambda()));
    }

    CheckControlPlaneHandler(Supplier<ControlPlaneCheck> check) {
        super(BatchInput.class);
        this.check = check;
    }

    @Override
    public BatchCheck handle(BatchInput input) {
        return check.get().check(input);
    }
}
