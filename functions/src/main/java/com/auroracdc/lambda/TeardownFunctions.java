package com.auroracdc.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.materialize.MaterializeTeardown;
import com.auroracdc.internal.publication.DatabaseTeardown;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The teardown's own functions as a deployed stack wires them, keyed by their template.yaml logical ids. The teardown
 * state machine also runs the setup's Inspect, Reboot, AwaitReboot and Report functions ({@link SetupFunctions}),
 * which serve both state machines; together they share one execution authority, so one lease per cluster keeps a
 * setup and a teardown of it apart.
 */
public final class TeardownFunctions {
    private TeardownFunctions() {
    }

    /**
     * @param connector   how the database function reaches PostgreSQL
     * @param materialize how the Materialize function opens Materialize's SQL API
     */
    public static Map<String, RequestStreamHandler> of(AwsApis aws, ExecutionAuthority authority, PgConnector connector,
                                                       MaterializeAccess materialize) {
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        handlers.put("TeardownMaterializeFunction", new TeardownMaterializeHandler(aws.rds(), authority,
                new MaterializeTeardown(materialize)));
        handlers.put("TeardownPrivateLinkFunction", new TeardownPrivateLinkHandler(aws.rds(), aws.elbv2(), aws.ec2(), authority));
        handlers.put("TeardownDatabaseFunction", new TeardownDatabaseHandler(aws.rds(),
                new DatabaseTeardown(new SecretStore(aws.secretsManager()), connector), authority));
        handlers.put("TeardownSecurityGroupFunction", new TeardownSecurityGroupHandler(aws.rds(), aws.ec2(), authority));
        handlers.put("TeardownParameterGroupFunction", new TeardownParameterGroupHandler(aws.rds(), authority));
        return handlers;
    }
}
