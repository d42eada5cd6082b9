package com.auroracdc.local.sfn;

import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One local execution: the definition (with its {@code ${...}} substitutions), the input, and how to
 * shorten time. Build with {@link #builder(String)} or {@link #builder(Path)}.
 *
 * @param definition          the ASL text as in statemachine/*.asl.json, placeholders included
 * @param waitMillis          how long every Wait state lasts, instead of its Seconds/Timestamp (shortened, not skipped)
 * @param waitMillisByState   per-state overrides of {@code waitMillis}
 * @param retryIntervalMillis the interval before every retry, instead of IntervalSeconds x BackoffRate;
 *                            null keeps the definition's real intervals
 * @param timeout             the harness gives up (aborts the execution and throws) after this long
 */
public record ExecutionRequest(String definition, Map<String, String> substitutions, JsonNode input,
                               String stateMachineName, String executionName, long waitMillis,
                               Map<String, Long> waitMillisByState, Long retryIntervalMillis, Duration timeout,
                               ExecutionListener listener) {

    public ExecutionRequest {
        Objects.requireNonNull(definition, "definition");
        substitutions = Map.copyOf(substitutions);
        waitMillisByState = Map.copyOf(waitMillisByState);
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(listener, "listener");
    }

    public static Builder builder(String definition) {
        return new Builder(definition);
    }

    public static Builder builder(Path definitionFile) {
        try {
            String name = definitionFile.getFileName().toString().replaceFirst("\\.asl\\.json$|\\.json$", "");
            return new Builder(Files.readString(definitionFile)).stateMachineName(name);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the state machine definition " + definitionFile, e);
        }
    }

    /** The definition with every substitution applied. */
    public String substitutedDefinition() {
        return DefinitionSubstitutions.apply(definition, substitutions);
    }

    public static final class Builder {
        private final String definition;
        private final Map<String, String> substitutions = new LinkedHashMap<>();
        private JsonNode input = Json.MAPPER.createObjectNode();
        private String stateMachineName = "local";
        private String executionName;
        private long waitMillis = 10;
        private final Map<String, Long> waitMillisByState = new LinkedHashMap<>();
        private Long retryIntervalMillis = 10L;
        private Duration timeout = Duration.ofMinutes(5);
        private ExecutionListener listener = ExecutionListener.none();

        private Builder(String definition) {
            this.definition = definition;
        }

        public Builder substitution(String name, String value) {
            substitutions.put(name, value);
            return this;
        }

        public Builder substitutions(Map<String, String> values) {
            substitutions.putAll(values);
            return this;
        }

        public Builder input(JsonNode value) {
            this.input = value;
            return this;
        }

        /** JSON text. */
        public Builder input(String json) {
            try {
                this.input = Json.MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("The execution input is not JSON: " + e.getOriginalMessage(), e);
            }
            return this;
        }

        /** Any value Jackson can write (a record, a map). */
        public Builder inputValue(Object value) {
            this.input = Json.MAPPER.valueToTree(value);
            return this;
        }

        /** Used in {@code $$.StateMachine} and the execution ARN; defaults to the definition file's name. */
        public Builder stateMachineName(String name) {
            this.stateMachineName = name;
            return this;
        }

        /** {@code $$.Execution.Name}; defaults to a random {@code local-...} name. */
        public Builder executionName(String name) {
            this.executionName = name;
            return this;
        }

        public Builder waitMillis(long millis) {
            this.waitMillis = millis;
            return this;
        }

        public Builder waitMillis(String waitStateName, long millis) {
            waitMillisByState.put(waitStateName, millis);
            return this;
        }

        public Builder retryIntervalMillis(long millis) {
            this.retryIntervalMillis = millis;
            return this;
        }

        /** Keep the definition's own Retry intervals (IntervalSeconds, BackoffRate, MaxDelaySeconds). */
        public Builder realRetryIntervals() {
            this.retryIntervalMillis = null;
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public Builder listener(ExecutionListener value) {
            this.listener = value;
            return this;
        }

        public ExecutionRequest build() {
            String name = executionName != null ? executionName : "local-" + UUID.randomUUID().toString().substring(0, 8);
            return new ExecutionRequest(definition, substitutions, input, stateMachineName, name, waitMillis,
                    waitMillisByState, retryIntervalMillis, timeout, listener);
        }
    }
}
