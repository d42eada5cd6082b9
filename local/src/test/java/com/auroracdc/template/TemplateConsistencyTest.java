package com.auroracdc.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The state machines, the template and the code agree on which functions exist and what they run. */
class TemplateConsistencyTest {
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{(\\w+)}");
    private final Template template = Template.load();

    /** Functions an EventBridge rule of the template invokes (its target's Arn is the function's alias). */
    private Set<String> ruleTargets() {
        Set<String> targets = new HashSet<>();
        template.resources().forEach((name, resource) -> {
            Map<String, Object> definition = Template.map(resource);
            if ("AWS::Events::Rule".equals(definition.get("Type"))) {
                for (Object target : (java.util.List<?>) Template.map(definition.get("Properties")).get("Targets")) {
                    Object arn = Template.map(target).get("Arn");
                    if (arn instanceof Map<?, ?> ref && ref.get("Ref") instanceof String alias && alias.endsWith(".Alias")) {
                        targets.add(alias.substring(0, alias.length() - ".Alias".length()));
                    }
                }
            }
        });
        return targets;
    }

    @Test
    void everyTaskResource_mapsToAFunctionOfTheTemplate() throws Exception {
        Set<String> referenced = new HashSet<>();
        for (Map.Entry<String, Object> machine : stateMachines().entrySet()) {
            Map<String, Object> properties = Template.map(Template.map(machine.getValue()).get("Properties"));
            Map<String, Object> substitutions = Template.map(properties.get("DefinitionSubstitutions"));
            JsonNode definition = Json.MAPPER.readTree(Files.readString(Template.ROOT.resolve((String) properties.get("DefinitionUri"))));
            for (String resource : taskResources(definition)) {
                Matcher m = SUBSTITUTION.matcher(resource);
                assertThat(m.matches()).as("Task resource %s in %s is a substitution", resource, machine.getKey()).isTrue();
                Object value = substitutions.get(m.group(1));
                assertThat(value).as("substitution %s of %s", m.group(1), machine.getKey()).isNotNull();
                String ref = (String) Template.map(value).get("Ref");
                assertThat(ref).as("%s refers to a function alias", m.group(1)).endsWith(".Alias");
                String function = ref.substring(0, ref.length() - ".Alias".length());
                assertThat(template.functions()).as("function %s", function).containsKey(function);
                referenced.add(function);
            }
        }
        referenced.addAll(ruleTargets());
        assertThat(referenced).as("functions no state machine calls and no rule targets").containsAll(template.functions().keySet());
    }

    @Test
    void everyHandler_isAStreamHandlerOfTheJar() throws Exception {
        for (var function : template.functions().entrySet()) {
            String handler = (String) function.getValue().get("Handler");
            assertThat(handler).as(function.getKey()).endsWith("::handleRequest");
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
            assertThat(RequestStreamHandler.class).as(function.getKey()).isAssignableFrom(type);
            type.getConstructor(); // Lambda needs the no-argument constructor
        }
    }

    @Test
    void everyDefinitionSubstitution_isUsedByItsDefinition() throws Exception {
        for (Object machine : stateMachines().values()) {
            Map<String, Object> properties = Template.map(Template.map(machine).get("Properties"));
            String definition = Files.readString(Template.ROOT.resolve((String) properties.get("DefinitionUri")));
            Template.map(properties.get("DefinitionSubstitutions")).keySet()
                    .forEach(key -> assertThat(definition).as("substitution %s", key).contains("${" + key + "}"));
        }
    }

    private Map<String, Object> stateMachines() {
        Map<String, Object> machines = new java.util.LinkedHashMap<>();
        template.resources().forEach((name, resource) -> {
            if ("AWS::Serverless::StateMachine".equals(resource.get("Type"))) {
                machines.put(name, resource);
            }
        });
        assertThat(machines).isNotEmpty();
        return machines;
    }

    /** Task resources of every state, nested Map/Parallel branches included. */
    private static Set<String> taskResources(JsonNode definition) {
        Set<String> resources = new HashSet<>();
        definition.path("States").forEach(state -> {
            if ("Task".equals(state.path("Type").asText())) {
                resources.add(state.path("Resource").asText());
            }
            Stream.concat(Stream.of(state.path("ItemProcessor"), state.path("Iterator")),
                    java.util.stream.StreamSupport.stream(state.path("Branches").spliterator(), false))
                    .filter(JsonNode::isObject).forEach(nested -> resources.addAll(taskResources(nested)));
        });
        return resources;
    }
}
