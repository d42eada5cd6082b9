package com.auroracdc.report;

import com.auroracdc.clusterstate.ClusterStateTable;
import com.auroracdc.clusterstate.SetupRecord;
import com.auroracdc.inspect.SetupRequest;
import com.auroracdc.securitygroup.SecurityGroupHandler;
import com.auroracdc.settings.Setting;
import com.auroracdc.settings.SettingOrigin;
import com.auroracdc.settings.SettingsResolver;
import com.auroracdc.stage.StageResult;
import java.util.Map;
import java.util.TreeMap;

/**
 * Report's last step for an applied (non-dry-run) execution: store what it did as the cluster's run history and,
 * when it succeeded, as the desired state ({@link SetupRecord}); then release the cluster's lock, whatever happened.
 */
final class RunRecorder {
    private final ClusterStateTable state;
    private final SettingsResolver resolver;

    RunRecorder(ClusterStateTable state, SettingsResolver resolver) {
        this.state = state;
        this.resolver = resolver;
    }

    void recordAndRelease(ReportRequest request, SetupReport report) {
        if (report.dryRun() || report.cluster() == null) {
            return; // a dry run holds no lock and applied nothing; an input naming no cluster took no lock
        }
        try {
            if (request.context() != null) {
                boolean succeeded = !SetupReporter.FAILED.equals(report.status());
                SetupRecord previous = succeeded ? state.record(report.cluster()).orElse(null) : null;
                state.storeRun(record(request, report, previous), succeeded);
            }
        } finally {
            // Last, so the next setup of this cluster starts from the record just written.
            state.releaseLock(report.cluster(), request.executionId());
        }
    }

    SetupRecord record(ReportRequest request, SetupReport report, SetupRecord previous) {
        var context = request.context();
        Map<String, String> tags = context.cluster().tags();
        Map<String, SettingOrigin> settings = new TreeMap<>();
        Map<String, String> tagsSeen = new TreeMap<>();
        resolver.origins(tags, SetupRequest.parse(request.input(), resolver.triggerTagKey()).overrides())
                .forEach((setting, origin) -> settings.put(setting.inputKey(), origin));
        for (Setting setting : Setting.values()) {
            if (setting.tagKey() != null && tags.containsKey(setting.tagKey())) {
                tagsSeen.put(setting.inputKey(), tags.get(setting.tagKey()));
            }
        }
        String parameterGroup = fact(request.parameterGroup(), "parameterGroup");
        String before = context.cluster().clusterParameterGroup();
        String replaced = parameterGroup != null && before != null && !before.equals(parameterGroup) ? before
                : previous == null ? null : previous.resources().replacedParameterGroup();
        var resources = new SetupRecord.Resources(parameterGroup, replaced,
                fact(request.securityGroup(), SecurityGroupHandler.SECURITY_GROUP_ID_FACT),
                fact(request.publication(), "publicationName"), fact(request.publication(), "replicationUser"),
                fact(request.publication(), "replicationSecretArn"), fact(request.publication(), "databaseName"));
        return new SetupRecord(context.cluster().identifier(), request.executionId(), context.startedAt(),
                state.clock().instant().toString(), report.status(), report.error(), settings, tagsSeen, resolver.stackValues(),
                resources);
    }

    private static String fact(StageResult stage, String name) {
        return stage == null ? null : stage.facts().get(name);
    }
}
