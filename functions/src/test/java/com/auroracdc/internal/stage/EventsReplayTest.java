package com.auroracdc.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.execution.Purpose;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.execution.TeardownOptions;
import com.auroracdc.internal.inspect.InspectRequest;
import com.auroracdc.internal.inspect.SetupRequest;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.privatelink.RetargetRequest;
import com.auroracdc.internal.report.ReportRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every file in events/ reads as the input of the handler it is for, through the same JSON mapping the
 * handlers use, and nothing in events/ is left without a reader.
 */
class EventsReplayTest {
    private static final Path EVENTS = Path.of("../events");
    private static final Map<String, Class<?>> INPUTS = Map.of(
            "inspect-input.json", InspectRequest.class,
            "stage-input.json", StageInput.class,
            "report-failure-input.json", ReportRequest.class,
            "execution-ended.json", com.auroracdc.internal.execution.ExecutionStatusChange.class);
    /** Execution inputs and events the state machines receive, rather than a handler. */
    private static final Set<String> EXECUTION_INPUTS = Set.of("tag-change.json", "manual-input.json", "scheduled-event.json",
            "drift-manual-input.json", "teardown-input.json");
    /** Events the automation sends, as examples for rules (each checked against the sender by its own test). */
    private static final Set<String> SENT_EVENTS = Set.of("drift-detected.json");
    /** Events an EventBridge rule delivers to a function (its untrusted input, parsed by the function's own reader). */
    private static final Set<String> RULE_EVENTS = Set.of("rds-failover.json");

    @Test
    void everyEventFile_hasAKnownReader() throws Exception {
        try (var files = Files.list(EVENTS)) {
            Set<String> names = files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
            Set<String> unknown = names.stream().filter(n -> !INPUTS.containsKey(n) && !EXECUTION_INPUTS.contains(n) && !SENT_EVENTS.contains(n)
                            && !RULE_EVENTS.contains(n))
                    .collect(Collectors.toSet());
            assertThat(unknown).as("event files no test reads").isEmpty();
        }
    }

    @Test
    void ruleEvents_parseAsTheFunctionReadsThem() throws Exception {
        var failover = RetargetRequest.parse(Json.MAPPER.readTree(Files.readString(EVENTS.resolve("rds-failover.json"))));
        assertThat(failover.clusterId()).isEqualTo("orders-prod");
        assertThat(failover.eventId()).isEqualTo("RDS-EVENT-0071");
    }

    @Test
    void handlerInputs_deserialiseAndRoundTrip() throws Exception {
        for (var entry : INPUTS.entrySet()) {
            Object value = Json.read(Files.readString(EVENTS.resolve(entry.getKey())), entry.getValue());
            assertThat(Json.read(Json.write(value), entry.getValue())).as(entry.getKey()).isEqualTo(value);
        }
    }

    @Test
    void executionInputs_parseAsSetupRequests() throws Exception {
        for (String name : new String[] {"tag-change.json", "manual-input.json"}) {
            var request = SetupRequest.parse(Json.MAPPER.readTree(Files.readString(EVENTS.resolve(name))), "materialize:cdc");
            assertThat(request.clusterIdentifier()).as(name).isEqualTo("orders-prod");
        }
        var teardown = SetupRequest.parse(Json.MAPPER.readTree(Files.readString(EVENTS.resolve("teardown-input.json"))),
                "materialize:cdc", null, Purpose.TEARDOWN);
        assertThat(teardown.teardown()).isEqualTo(new TeardownOptions(false, false, false));
        assertThat(teardown.overrides()).as("the teardown's options are no settings").isEmpty();
        var inspect = Json.read(Files.readString(EVENTS.resolve("inspect-input.json")), InspectRequest.class);
        assertThat(SetupRequest.parse(inspect.input(), "materialize:cdc").clusterIdentifier()).isEqualTo("orders-prod");
    }
}
