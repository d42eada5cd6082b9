package com.auroracdc.lambda;

import com.auroracdc.internal.cluster.ClusterBinding;
import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.drift.DriftConfig;
import com.auroracdc.internal.drift.check.AdminDatabaseConnector;
import com.auroracdc.internal.drift.check.ControlPlaneCheck;
import com.auroracdc.internal.drift.check.DatabaseCheck;
import com.auroracdc.internal.drift.check.DriftAreas;
import com.auroracdc.internal.drift.check.RunCache;
import com.auroracdc.internal.drift.list.ClusterLister;
import com.auroracdc.internal.drift.report.DriftReporter;
import com.auroracdc.internal.execution.ClusterState;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.privatelink.HostResolver;
import com.auroracdc.internal.privatelink.PrivateLinkReads;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.internal.settings.StackSettings;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The drift functions, one step each: how Lambda wires them (each handler's no-argument constructor calls in here)
 * and the one way the local runner and the tests build them. Each step is built per invocation from the stack
 * settings as the last deploy set them ({@link StackSettings#perInvocation}), or is fixed by the caller.
 */
public final class DriftFunctions {
    private DriftFunctions() {
    }

    public static ListTaggedClustersHandler listTaggedClusters(Supplier<ClusterLister> lister) {
        return new ListTaggedClustersHandler(lister);
    }

    public static CheckControlPlaneHandler checkControlPlane(Supplier<ControlPlaneCheck> check) {
        return new CheckControlPlaneHandler(check);
    }

    /** @param check the database check the settings of one invocation configure */
    public static CheckDatabasesHandler checkDatabases(RdsClient rds, StackSettings stack,
                                                       Function<Map<String, String>, DatabaseCheck> check) {
        return new CheckDatabasesHandler(databaseCheck(rds, stack, check));
    }

    public static CheckDatabasesHandler checkDatabases(ClusterBinding binding, DatabaseCheck check) {
        CheckDatabasesHandler.Wiring wiring = new CheckDatabasesHandler.Wiring(binding, check);
        return new CheckDatabasesHandler(() -> wiring);
    }

    public static ReportDriftHandler reportDrift(Supplier<DriftReporter> reporter) {
        return new ReportDriftHandler(reporter);
    }

    public static SummarizeDriftHandler summarizeDrift(String namespace, Consumer<String> metrics, Clock clock) {
        return new SummarizeDriftHandler(namespace, metrics, clock);
    }

    static Supplier<ClusterLister> lister(RdsClient rds, StackSettings stack) {
        return stack.perInvocation(environment -> new ClusterLister(rds, new SettingsResolver(environment),
                DriftConfig.fromEnvironment(environment)));
    }

    /** @param elbv2 and {@code dns}: the PrivateLink stage's reads, for clusters on networkPath privatelink */
    static Supplier<ControlPlaneCheck> controlPlaneCheck(RdsClient rds, Ec2Client ec2, ElasticLoadBalancingV2Client elbv2,
                                                         HostResolver dns, ClusterState state, StackSettings stack,
                                                         MaterializeAccess materialize) {
        RunCache.Holder cache = new RunCache.Holder(); // one per container: its batches of one run share the reads
        PrivateLinkReads privateLink = PrivateLinkReads.direct(elbv2, ec2, rds, dns);
        return stack.perInvocation(environment -> DriftAreas.controlPlane(rds, ec2, state, environment, cache, materialize,
                privateLink));
    }

    static Supplier<CheckDatabasesHandler.Wiring> databaseCheck(RdsClient rds, SecretStore secrets,
                                                                StackSettings stack) {
        return databaseCheck(rds, stack, environment -> {
            DriftConfig config = DriftConfig.fromEnvironment(environment);
            PgConnector connector = DriftAreas.pgConnector(config);
            return new DatabaseCheck(new AdminDatabaseConnector(secrets, connector),
                    DriftAreas.databaseAreas(config, System.out::println, secrets, connector), config.databaseParallelism());
        });
    }

    private static Supplier<CheckDatabasesHandler.Wiring> databaseCheck(
            RdsClient rds, StackSettings stack, Function<Map<String, String>, DatabaseCheck> check) {
        return stack.perInvocation(environment ->
                new CheckDatabasesHandler.Wiring(ClusterBinding.fromEnvironment(rds, environment), check.apply(environment)));
    }

    static Supplier<DriftReporter> reporter(RdsClient rds, EventBridgeClient events, SfnClient sfn,
                                            StackSettings stack) {
        return stack.perInvocation(environment -> new DriftReporter(rds, events, sfn,
                DriftConfig.fromEnvironment(environment), System.out::println, System.err::println, Clock.systemUTC()));
    }
}
