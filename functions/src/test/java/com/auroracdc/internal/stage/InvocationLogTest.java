package com.auroracdc.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.LockTimeoutException;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class InvocationLogTest {
    private static final String EXECUTION =
            "arn:aws:states:us-east-1:123456789012:execution:aurora-cdc-setup:5b0c1b9e-52a4-8e4b-7f0e-3f3a1b2c4d5e";

    /** A stage handler whose handle is given by the test. */
    static final class SampleHandler extends JsonHandler<StageInput, StageResult> {
        private final Function<StageInput, StageResult> stage;

        SampleHandler(Function<StageInput, StageResult> stage) {
            super(StageInput.class);
            this.stage = stage;
        }

        @Override
        public StageResult handle(StageInput input) {
            InvocationLog.noteCluster("orders-prod"); // what a stage's verified execution names
            return stage.apply(input);
        }
    }

    @Test
    void handleRequest_whenTheStageSucceeds_logsOneInfoLineWithClusterExecutionAndCounts() throws Exception {
        var handler = new SampleHandler(in -> new StageResult("parameterGroup", false, List.of("create group", "associate"),
                List.of("create group"), List.of("shared group"), Map.of("password", "s3cr3t-value")));

        RecordingContext context = new RecordingContext();
        handler.handleRequest(sampleInput(), new ByteArrayOutputStream(), context);
        List<String> lines = context.lines();

        assertThat(lines).hasSize(1);
        JsonNode line = Json.MAPPER.readTree(lines.getFirst());
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("requestId").asText()).isEqualTo(RecordingContext.REQUEST_ID);
        assertThat(line.path("stage").asText()).isEqualTo("Sample");
        assertThat(line.path("cluster").asText()).isEqualTo("orders-prod");
        assertThat(line.path("executionId").asText()).isEqualTo(EXECUTION);
        assertThat(line.path("planned").asInt()).isEqualTo(2);
        assertThat(line.path("applied").asInt()).isEqualTo(1);
        assertThat(line.path("warnings").asInt()).isEqualTo(1);
        assertThat(line.path("durationMs").isIntegralNumber()).isTrue();
        assertThat(line.path("outcome").asText()).isEqualTo("succeeded");
        assertThat(line.has("error")).isFalse();
        assertThat(lines.getFirst()).as("facts and descriptions stay out of the log").doesNotContain("s3cr3t-value")
                .doesNotContain("create group");
    }

    @Test
    void handleRequest_whenTheStageFails_logsTheErrorNameAtErrorLevelWithoutItsMessageAndRethrows() {
        var handler = new SampleHandler(in -> {
            throw new LockTimeoutException("lock held by password=hunter2");
        });

        RecordingContext context = new RecordingContext();
        assertThatThrownBy(() -> handler.handleRequest(sampleInput(), new ByteArrayOutputStream(), context))
                .isInstanceOf(LockTimeoutException.class);
        List<String> lines = context.lines();

        assertThat(lines).singleElement().satisfies(line -> assertThat(line)
                .contains("\"level\":\"ERROR\"").contains("\"outcome\":\"failed\"").contains("\"error\":\"LockTimeoutException\"")
                .contains("\"cluster\":\"orders-prod\"").doesNotContain("hunter2"));
    }

    @Test
    void handleRequest_whenTheInputIsNotJson_logsTheFailureWithoutACluster() {
        var handler = new SampleHandler(in -> null);
        RecordingContext context = new RecordingContext();

        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream("{not json".getBytes()),
                new ByteArrayOutputStream(), context));

        assertThat(context.lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("\"error\":\"InvalidInputException\"").doesNotContain("\"cluster\""));
    }

    @Test
    void write_inLambda_printsTheJsonObjectItselfOnStdout() {
        InvocationLog line = InvocationLog.of("Inspect", "req-1", null, null, null, 5);
        RecordingContext context = new RecordingContext();

        List<String> printed;
        try (Stdout stdout = Stdout.capture()) {
            line.write(context, true);
            printed = stdout.lines();
        }

        assertThat(printed).containsExactly(line.toJson());
        assertThat(printed.getFirst()).startsWith("{\"level\":\"INFO\",\"requestId\":\"req-1\",\"stage\":\"Inspect\"");
        assertThat(context.lines()).as("not through the runtime's logger, which would nest it as a string").isEmpty();
    }

    private static InputStream sampleInput() throws IOException {
        return new ByteArrayInputStream(JsonHandler.class.getResourceAsStream("/priming/StageInput.json").readAllBytes());
    }
}
