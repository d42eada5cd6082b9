package com.auroracdc.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.materialize.ReplicationPassword;
import com.auroracdc.internal.materialize.SourceStage;
import com.auroracdc.internal.privatelink.HostResolver;
import com.auroracdc.internal.publication.PublicationStage;
import com.auroracdc.internal.securitygroup.SecurityGroupLimits;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.lambda.AwaitRebootHandler;
import com.auroracdc.lambda.ExecutionEndedHandler;
import com.auroracdc.lambda.InspectHandler;
import com.auroracdc.lambda.ParameterGroupHandler;
import com.auroracdc.lambda.PreflightHandler;
import com.auroracdc.lambda.PublicationHandler;
import com.auroracdc.lambda.RebootHandler;
import com.auroracdc.lambda.ReportHandler;
import com.auroracdc.lambda.SecurityGroupHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The setup's functions as a deployed stack wires them, keyed by their template.yaml logical ids: the one composition
 * every caller outside Lambda (laptop mode, the simulator, the tests) takes its handlers from. In Lambda each handler's
 * no-argument constructor makes the same choices from the function's own environment.
 */
public final class SetupFunctions {
    private SetupFunctions() {
    }

    /**
     * @param stack       the stack settings as the functions read them (the SSM parameter, or fixed values)
     * @param authority   the one execution authority every function shares
     * @param connector   how the database functions reach PostgreSQL
     * @param environment the functions' own variables (template.yaml Globals): the security-group quotas
     */
    public static Map<String, RequestStreamHandler> of(AwsApis aws, StackSettings stack, ExecutionAuthority authority,
                                                       PgConnector connector, Map<String, String> environment) {
        return of(aws, stack, authority, connector, environment, MaterializeAccess.withDefaultTrust(aws.secretsManager()));
    }

    /** As above; {@code materialize} opens Materialize's SQL API (a stand-in's trust, locally). */
    public static Map<String, RequestStreamHandler> of(AwsApis aws, StackSettings stack, ExecutionAuthority authority,
                                                       PgConnector connector, Map<String, String> environment,
                                                       MaterializeAccess materialize) {
        return of(aws, stack, authority, connector, environment, materialize, HostResolver.system());
    }

    /** As above; {@code dns} resolves the writer's instance endpoint to its private address (the simulator's, locally). */
    public static Map<String, RequestStreamHandler> of(AwsApis aws, StackSettings stack, ExecutionAuthority authority,
                                                       PgConnector connector, Map<String, String> environment,
                                                       MaterializeAccess materialize, HostResolver dns) {
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        handlers.put("InspectFunction", new InspectHandler(aws.rds(), stack, authority, null));
        handlers.put("PreflightFunction", new PreflightHandler(aws.rds(), stage(aws, connector), authority));
        handlers.put("PrivateLinkFunction", new PrivateLinkHandler(aws.rds(), aws.elbv2(), aws.ec2(), dns, authority));
        handlers.put("ParameterGroupFunction", new ParameterGroupHandler(aws.rds(), authority));
        handlers.put("SecurityGroupFunction", new SecurityGroupHandler(aws.rds(), aws.ec2(), authority,
                () -> SecurityGroupLimits.fromEnvironment(environment), materialize));
        handlers.put("RebootFunction", new RebootHandler(aws.rds(), authority));
        handlers.put("AwaitRebootFunction", new AwaitRebootHandler(aws.rds(), authority));
        handlers.put("PublicationFunction", new PublicationHandler(aws.rds(), stage(aws, connector), authority));
        ReplicationPassword passwords = new ReplicationPassword(aws.secretsManager());
        handlers.put("MaterializeSourceFunction", new MaterializeSourceHandler(aws.rds(), authority,
                new SourceStage(materialize, passwords, aws.ec2())));
        handlers.put("AwaitSourceFunction", new AwaitSourceHandler(aws.rds(), authority,
                new SourceStage(materialize, passwords)));
        handlers.put("ReportFunction", new ReportHandler(aws.rds(), aws.eventBridge(), authority));
        handlers.put("ExecutionEndedFunction", new ExecutionEndedHandler(authority));
        handlers.put("RetargetFunction", new RetargetHandler(aws.rds(), aws.elbv2(), aws.ec2(), dns, authority,
                System.out::println));
        return handlers;
    }

    /** The database stage Preflight and Publication run (each function its own, as each Lambda function has). */
    private static PublicationStage stage(AwsApis aws, PgConnector connector) {
        return new PublicationStage(new SecretStore(aws.secretsManager()), connector);
    }
}
