package com.auroracdc.local.checks;

import com.auroracdc.internal.json.Json;
import com.auroracdc.local.sfn.NodeTools;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** asl-validator 4, plus what the local interpreter cannot run, over definitions (substitutions applied). */
final class AslCheck {
    private AslCheck() {
    }

    record Result(String name, boolean valid, List<String> errors) {
    }

    /** @param definitions name -> definition text with every substitution applied */
    static Map<String, Result> validate(Map<String, String> definitions) {
        ArrayNode entries = Json.MAPPER.createArrayNode();
        definitions.forEach((name, text) -> {
            try {
                entries.addObject().put("name", name).set("definition", Json.MAPPER.readTree(text));
            } catch (JsonProcessingException e) {
                throw new AssertionError(name + " is not JSON: " + e.getOriginalMessage(), e);
            }
        });
        Command result = Command.run(NodeTools.sfnDirectory(), Json.write(entries),
                List.of(NodeTools.node(), "check-asl.mjs"));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("check-asl.mjs failed (exit " + result.exitCode() + "): " + result.stderr());
        }
        Map<String, Result> results = new LinkedHashMap<>();
        try {
            for (JsonNode item : Json.MAPPER.readTree(result.stdout())) {
                List<String> errors = new ArrayList<>();
                item.path("errors").forEach(error -> errors.add(error.asText()));
                results.put(item.get("name").asText(), new Result(item.get("name").asText(), item.get("valid").asBoolean(), errors));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("check-asl.mjs printed something else than JSON: " + result.stdout(), e);
        }
        return results;
    }
}
