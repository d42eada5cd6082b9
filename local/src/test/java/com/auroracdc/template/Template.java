package com.auroracdc.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** template.yaml read as plain data; CloudFormation short forms ({@code !Ref x}) become {@code {"Ref": x}}. */
public final class Template {
    public static final Path ROOT = Path.of("..");

    private final Map<String, Object> document;

    private Template(Map<String, Object> document) {
        this.document = document;
    }

    public static Template load() {
        try {
            return new Template(new Yaml(new CloudFormationConstructor()).load(Files.readString(ROOT.resolve("template.yaml"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A top-level section: Parameters, Globals, Resources, Outputs, ... */
    public Map<String, Object> section(String name) {
        return map(document.get(name));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) document.get("Resources");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value == null ? List.of() : value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    public Map<String, Map<String, Object>> functions() {
        Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        resources().forEach((name, resource) -> {
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                functions.put(name, map(resource.get("Properties")));
            }
        });
        return functions;
    }

    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            for (String function : List.of("Ref", "Sub", "GetAtt", "If", "Not", "Equals", "Join", "Select", "Split",
                    "FindInMap", "Base64", "Cidr", "GetAZs", "ImportValue", "And", "Or", "Condition", "Transform")) {
                yamlConstructors.put(new Tag("!" + function), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value = switch (node) {
                            case ScalarNode scalar -> scalar.getValue();
                            case SequenceNode sequence -> constructSequence(sequence);
                            case MappingNode mapping -> constructMapping(mapping);
                            default -> null;
                        };
                        return Map.of(function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function, value);
                    }
                });
            }
        }
    }
}
