package com.auroracdc.local.sfn;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.errors.RebootTimeoutException;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** In-process handlers for harness-fixture.asl.json, each a plain Lambda RequestStreamHandler. */
final class FixtureHandlers {
    private FixtureHandlers() {
    }

    /** Adds 1 to {@code n}. */
    static RequestStreamHandler counter() {
        return (in, out, context) -> {
            ObjectNode state = (ObjectNode) read(in);
            state.put("n", state.path("n").asInt() + 1);
            Json.write(out, state);
        };
    }

    /** A Map item: a number, squared. */
    static RequestStreamHandler square() {
        return (in, out, context) -> {
            int value = read(in).asInt();
            Json.write(out, value * value);
        };
    }

    static RequestStreamHandler flaky() {
        return (in, out, context) -> {
            ObjectNode state = (ObjectNode) read(in);
            state.put("flaky", "ok");
            Json.write(out, state);
        };
    }

    /** Throws a named project error when asked to ({@code "fail": "reboot"}), a plain one for {@code "crash"}. */
    static RequestStreamHandler guarded() {
        return (in, out, context) -> {
            JsonNode state = read(in);
            switch (state.path("fail").asText("")) {
                case "reboot" -> throw new RebootTimeoutException(
                        "Cluster orders did not come back in-sync within 30 minutes. Check the RDS events, then run again.");
                case "crash" -> throw new IllegalStateException("boom", new IllegalArgumentException("root cause"));
                default -> Json.write(out, state);
            }
        };
    }

    private static JsonNode read(java.io.InputStream in) {
        try {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
