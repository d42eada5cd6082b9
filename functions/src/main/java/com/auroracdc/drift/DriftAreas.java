package com.auroracdc.drift;

import com.auroracdc.settings.SettingsResolver;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/** Which areas the drift check covers: the one place a stage's observe-and-plan is plugged in. */
public final class DriftAreas {
    private DriftAreas() {
    }

    public static ControlPlaneCheck controlPlane(RdsClient rds, Ec2Client ec2, Map<String, String> environment) {
        return new ControlPlaneCheck(rds, ec2, new SettingsResolver(environment), controlPlaneAreas(environment));
    }

    public static List<ControlPlaneDrift> controlPlaneAreas(Map<String, String> environment) {
        return List.of(new ParameterGroupDrift(), SecurityGroupDrift.fromEnvironment(environment));
    }

    public static List<DatabaseDrift> databaseAreas(DriftConfig config, Consumer<String> metrics) {
        return List.of(new SlotHealthDrift(config.thresholds(), config.metricsNamespace(), metrics));
    }
}
