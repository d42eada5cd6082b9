package com.auroracdc.internal.drift.check;

import com.auroracdc.internal.database.PgConnector;
import com.auroracdc.internal.database.SecretStore;
import com.auroracdc.internal.database.Timeouts;
import com.auroracdc.internal.drift.DriftConfig;
import com.auroracdc.internal.execution.ClusterState;
import com.auroracdc.internal.materialize.MaterializeAccess;
import com.auroracdc.internal.parametergroup.ParameterGroupPlanner;
import com.auroracdc.internal.privatelink.PrivateLinkReads;
import com.auroracdc.internal.settings.SettingsResolver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/** Which areas the drift check covers: the one place a stage's observe-and-plan is plugged in. */
public final class DriftAreas {
    private DriftAreas() {
    }

    public static ControlPlaneCheck controlPlane(RdsClient rds, Ec2Client ec2, ClusterState state,
                                                 Map<String, String> environment, RunCache.Holder cache,
                                                 MaterializeAccess materialize, PrivateLinkReads privateLink) {
        return new ControlPlaneCheck(rds, ec2, new SettingsResolver(environment),
                controlPlaneAreas(environment, materialize, privateLink), Map.of(), state, cache);
    }

    /**
     * @param materialize how the security group's check reads Materialize's egress addresses (MaterializeMode egress, source)
     * @param privateLink the PrivateLink stage's reads: only clusters on networkPath privatelink are read through them
     */
    public static List<ControlPlaneDrift> controlPlaneAreas(Map<String, String> environment, MaterializeAccess materialize,
                                                            PrivateLinkReads privateLink) {
        return List.of(new ParameterGroupDrift(ParameterGroupPlanner.InPlace.fromEnvironment(environment)),
                SecurityGroupDrift.fromEnvironment(environment, materialize),
                new PrivateLinkDrift(privateLink),
                new MaterializeSourceDrift(environment, materialize));
    }

    /** Slots first: they need only the catalog, so they are reported even when the publication check fails. */
    public static List<DatabaseDrift> databaseAreas(DriftConfig config, Consumer<String> metrics, SecretStore secrets,
                                                    PgConnector connector) {
        return List.of(new SlotHealthDrift(config.thresholds(), config.metricsNamespace(), metrics),
                new PublicationDrift(secrets, connector));
    }

    /** The connector the database check uses: the publication stage's, with the drift check's connect timeout. */
    public static PgConnector pgConnector(DriftConfig config) {
        Timeouts defaults = Timeouts.defaults();
        return new PgConnector(new Timeouts(config.connectTimeout(), Duration.ofSeconds(60), Duration.ofSeconds(30),
                defaults.lock(), defaults.proof()));
    }
}
