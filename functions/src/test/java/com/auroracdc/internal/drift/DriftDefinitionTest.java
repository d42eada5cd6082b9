package com.auroracdc.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** statemachine/drift.asl.json keeps the promises the drift check makes at scale. */
class DriftDefinitionTest {
    private static final Path DEFINITION = Path.of("../statemachine/drift.asl.json");
    /** The Lambda service errors AWS advises retrying ("Handle Lambda service exceptions"), and throttling. */
    private static final List<String> LAMBDA_ERRORS = List.of("Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException");

    private static JsonNode definition() throws Exception {
        return Json.MAPPER.readTree(Files.readString(DEFINITION));
    }

    private static Map<String, JsonNode> states(JsonNode machine) {
        Map<String, JsonNode> states = new java.util.LinkedHashMap<>();
        machine.path("States").properties().forEach(e -> {
            states.put(e.getKey(), e.getValue());
            if (e.getValue().has("ItemProcessor")) {
                states.putAll(states(e.getValue().get("ItemProcessor")));
            }
        });
        return states;
    }

    @Test
    void everyTask_hasTimeoutAndRetriesLambdaServiceErrorsWithBackoffAndJitter() throws Exception {
        List<String> tasks = new ArrayList<>();
        states(definition()).forEach((name, state) -> {
            if (!"Task".equals(state.path("Type").asText())) {
                return;
            }
            tasks.add(name);
            assertThat(state.path("TimeoutSeconds").asInt()).as(name).isBetween(30, 900);
            JsonNode retry = state.path("Retry").get(0);
            List<String> errors = new ArrayList<>();
            retry.path("ErrorEquals").forEach(e -> errors.add(e.asText()));
            assertThat(errors).as(name).containsExactlyInAnyOrderElementsOf(LAMBDA_ERRORS);
            assertThat(retry.path("BackoffRate").asDouble()).as(name).isGreaterThan(1);
            assertThat(retry.path("JitterStrategy").asText()).as(name).isEqualTo("FULL");
            assertThat(retry.path("MaxAttempts").asInt()).as(name).isGreaterThanOrEqualTo(3);
        });
        assertThat(tasks).containsExactlyInAnyOrder("ListTaggedClusters", "CheckControlPlane", "CheckDatabases",
                "ReportBatch", "Summarize");
    }

    @Test
    void everyTaskInsideTheMap_catchesEverything_soOneBatchNeverFailsTheRun() throws Exception {
        JsonNode map = definition().path("States").path("CheckBatches");
        assertThat(map.path("Type").asText()).isEqualTo("Map");
        assertThat(map.path("MaxConcurrencyPath").asText()).isEqualTo("$.maxConcurrency.value");
        states(map.path("ItemProcessor")).forEach((name, state) -> {
            if ("Task".equals(state.path("Type").asText())) {
                assertThat(state.path("Catch").get(0).path("ErrorEquals").get(0).asText()).as(name).isEqualTo("States.ALL");
            }
        });
    }

    @Test
    void substitutions_areTheFiveFunctionsAndTheConcurrency() throws Exception {
        Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(Files.readString(DEFINITION));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).containsExactly("CheckControlPlaneFunctionArn", "CheckDatabasesFunctionArn", "DriftConcurrency",
                "ListTaggedClustersFunctionArn", "ReportDriftFunctionArn", "SummarizeDriftFunctionArn");
        assertThat(definition().path("QueryLanguage").asText()).isEqualTo("JSONPath");
    }
}
