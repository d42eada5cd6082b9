package com.auroracdc.local.sim;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.execution.ExecutionAuthority;
import com.auroracdc.execution.ExecutionEndedHandler;
import com.auroracdc.execution.StepFunctionsExecutions;
import com.auroracdc.inspect.InspectHandler;
import com.auroracdc.parametergroup.ParameterGroupHandler;
import com.auroracdc.publication.PgConnector;
import com.auroracdc.publication.PreflightHandler;
import com.auroracdc.publication.PublicationHandler;
import com.auroracdc.reboot.AwaitRebootHandler;
import com.auroracdc.reboot.RebootHandler;
import com.auroracdc.report.ReportHandler;
import com.auroracdc.securitygroup.SecurityGroupHandler;
import com.auroracdc.settings.StackSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The setup's functions as a deployed stack wires them, against a simulated account: one authority over the stack's
 * table and Step Functions (both simulated, on the simulator's clock), the stack settings from the SSM parameter,
 * each handler keyed by its template.yaml logical id. Every composition that runs the setup on the simulator (the
 * local runner, the attacker suite, the orchestration tests) takes its handlers from here.
 */
public final class SimFunctions {
    private SimFunctions() {
    }

    /** The execution authority every simulated function shares, for executions of this setup state machine. */
    public static ExecutionAuthority authority(SimAws sim, String setupStateMachineArn) {
        return new ExecutionAuthority(StateTable.of(sim), new StepFunctionsExecutions(sim.sfn(), setupStateMachineArn),
                sim.clock());
    }

    /** The setup's functions, by logical id; {@code connector} reaches the database functions' PostgreSQL. */
    public static Map<String, RequestStreamHandler> setup(SimAws sim, String setupStateMachineArn, StackSettings stack,
                                                          PgConnector connector) {
        ExecutionAuthority authority = authority(sim, setupStateMachineArn);
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        handlers.put("InspectFunction", new InspectHandler(sim.rds(), stack, authority, null));
        handlers.put("PreflightFunction", new PreflightHandler(sim.rds(), sim.secretsManager(), connector, authority));
        handlers.put("ParameterGroupFunction", new ParameterGroupHandler(sim.rds(), authority));
        handlers.put("SecurityGroupFunction", new SecurityGroupHandler(sim.rds(), sim.ec2(), authority));
        handlers.put("RebootFunction", new RebootHandler(sim.rds(), authority));
        handlers.put("AwaitRebootFunction", new AwaitRebootHandler(sim.rds(), authority));
        handlers.put("PublicationFunction", new PublicationHandler(sim.rds(), sim.secretsManager(), connector, authority));
        handlers.put("ReportFunction", new ReportHandler(sim.rds(), sim.eventBridge(), authority));
        handlers.put("ExecutionEndedFunction", new ExecutionEndedHandler(authority));
        return handlers;
    }
}
