package com.auroracdc.drift;

import com.auroracdc.aws.AwsClients;
import com.auroracdc.execution.ClusterState;
import com.auroracdc.execution.DynamoDbClusterState;
import com.auroracdc.settings.StackSettings;
import com.auroracdc.stage.JsonHandler;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/** Drift step 2a (per batch): control-plane observe and plan for each cluster; read-only. */
public final class CheckControlPlaneHandler extends JsonHandler<BatchInput, BatchCheck> {
    /** Built per invocation from the stack settings as the last deploy set them. */
    private final Supplier<ControlPlaneCheck> check;

    public CheckControlPlaneHandler() {
        this(AwsClients.rds(), AwsClients.ec2(),
                DynamoDbClusterState.fromEnvironment(AwsClients.dynamoDb(), System.getenv()),
                StackSettings.lambda());
    }

    public CheckControlPlaneHandler(RdsClient rds,
                                    Ec2Client ec2,
                                    ClusterState state,
                                    StackSettings stack) {
        this(perInvocation(rds, ec2, state, stack, new RunCache.Holder()));
    }

    /** A check per invocation (the stack settings of that call), all sharing this container's run cache. */
    private static Supplier<ControlPlaneCheck> perInvocation(
            RdsClient rds, Ec2Client ec2,
            ClusterState state, StackSettings stack,
            RunCache.Holder cache) {
        return stack.perInvocation(environment -> DriftAreas.controlPlane(rds, ec2, state, environment, cache));
    }

    public CheckControlPlaneHandler(ControlPlaneCheck check) {
        this(() -> check);
    }

    /** @param check called once per invocation (e.g. {@code StackSettings.perInvocation}) */
    public CheckControlPlaneHandler(Supplier<ControlPlaneCheck> check) {
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
        return check.get().check(input);
    }
}
