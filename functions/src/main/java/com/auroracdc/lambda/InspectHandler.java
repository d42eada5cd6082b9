package com.auroracdc.lambda;

import com.auroracdc.errors.ClusterBusyException;
import com.auroracdc.errors.InvalidInputException;
import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.ExecutionContext;
import com.auroracdc.internal.execution.Purpose;
import com.auroracdc.internal.execution.RecordedInput;
import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.inspect.ClusterInspector;
import com.auroracdc.internal.inspect.InspectRequest;
import com.auroracdc.internal.inspect.SetupRequest;
import com.auroracdc.internal.settings.Setting;
import com.auroracdc.internal.settings.SettingOrigin;
import com.auroracdc.internal.settings.SettingsResolver;
import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.PrimeByInvoking;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Stage 1 of both state machines: binds the execution, as a setup or a teardown by the state machine it runs in. It reads the stack settings once (that version serves the whole execution), resolves
 * the settings (input &gt; recorded input &gt; tag &gt; stack), describes the cluster and refuses what cannot be set
 * up; only then, and only for a run that may change something, takes the cluster's lease, in the same atomic write
 * that stores the execution's context under its token. Every later stage reads that context, never its payload.
 */
@PrimeByInvoking
public final class InspectHandler extends JsonHandler<InspectRequest, SetupContext> {
    private final RdsClient rds;
    private final StackSettings stack;
    private final ExecutionAuthority authority;
    /** The region this function runs in: a tag change event naming a cluster elsewhere is refused. Null: not checked. */
    private final String region;

    public InspectHandler() {
        this(AwsClients.rds(), StackSettings.lambda(), ExecutionAuthority.lambda(), System.getenv("AWS_REGION"));
    }

    /** @param region the function's region ({@code AWS_REGION}), or null not to compare a tag event's region with it */
    InspectHandler(RdsClient rds, StackSettings stack, ExecutionAuthority authority, String region) {
        super(InspectRequest.class);
        this.rds = rds;
        this.stack = stack;
        this.authority = authority;
        this.region = region;
    }

    @Override
    public SetupContext handle(InspectRequest request) {
        if (request == null || request.execution() == null) {
            throw new InvalidInputException("Inspect takes {\"input\": <execution input>, \"execution\": {\"executionId\": ...,"
                    + " \"token\": ...}} as the setup state machine passes it; compare with events/inspect-input.json.");
        }
        StackSettings.Snapshot settings = stack.snapshot();
        SettingsResolver resolver = new SettingsResolver(settings.values());
        // The state machine the execution runs in decides what it is for; begin() confirms it with Step Functions.
        Purpose purpose = authority.purposeOf(request.execution().executionId());
        SetupRequest asked = SetupRequest.parse(request.input(), resolver.triggerTagKey(), region, purpose);
        SetupRecord record = authority.state().record(asked.clusterIdentifier()).orElse(null);
        Map<String, JsonNode> overrides = RecordedInput.overrides(asked.overrides(), record);
        ClusterInspector.Inspection inspection;
        try {
            inspection = new ClusterInspector(rds, resolver)
                    .inspect(new SetupRequest(asked.clusterIdentifier(), asked.dryRun(), overrides, null, asked.teardown()));
        } catch (ClusterBusyException busy) {
            // Another setup rebooting the cluster is the likeliest reason it looks busy, and the clearer error.
            throw authority.heldByAnother(asked.clusterIdentifier(), request.execution().executionId()).orElseThrow(() -> busy);
        }
        if (asked.clusterArn() != null && !asked.clusterArn().equalsIgnoreCase(inspection.cluster().arn())) {
            throw new InvalidInputException("The tag change event names cluster " + asked.clusterArn() + ", but the cluster"
                    + " of that name here is " + inspection.cluster().arn() + ": the event was not delivered for this"
                    + " account and region. Nothing was changed. Start the setup with the stack of the cluster's own"
                    + " account and region.");
        }
        Map<String, String> tags = inspection.cluster().tags();
        Instant startedAt = request.startedAt() == null ? authority.clock().instant() : Instant.parse(request.startedAt());
        ExecutionContext context = new ExecutionContext(request.execution().executionId(), inspection.cluster().identifier(),
                startedAt.toString(), asked.dryRun(), settings.values(), settings.version(), asked.overrides(),
                inspection.settings(), origins(resolver, tags, overrides), tagsSeen(tags), inspection.cluster(),
                inspection.warnings(), Map.of(), Map.of(), Map.of(), asked.teardown());
        // Last: the lease is taken only once every check has passed.
        authority.begin(request.execution(), request.input(), context);
        return context.setup();
    }

    private static Map<String, SettingOrigin> origins(SettingsResolver resolver, Map<String, String> tags,
                                                      Map<String, JsonNode> overrides) {
        Map<String, SettingOrigin> origins = new TreeMap<>();
        resolver.origins(tags, overrides).forEach((setting, origin) -> origins.put(setting.inputKey(), origin));
        return origins;
    }

    private static Map<String, String> tagsSeen(Map<String, String> tags) {
        Map<String, String> seen = new TreeMap<>();
        for (Setting setting : Setting.values()) {
            if (setting.tagKey() != null && tags.containsKey(setting.tagKey())) {
                seen.put(setting.inputKey(), tags.get(setting.tagKey()));
            }
        }
        return seen;
    }
}
