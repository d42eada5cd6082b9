package com.auroracdc.template;

import com.auroracdc.local.template.SamTemplate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** template.yaml as plain data for the consistency tests, read by the harness's {@link SamTemplate}. */
public final class Template {
    public static final Path ROOT = Path.of("..");

    private final SamTemplate template;

    private Template(SamTemplate template) {
        this.template = template;
    }

    public static Template load() {
        return new Template(SamTemplate.load(ROOT.resolve("template.yaml")));
    }

    public Map<String, Object> section(String name) {
        return template.section(name);
    }

    public Map<String, Map<String, Object>> resources() {
        return template.resources();
    }

    /** Each AWS::Serverless::Function's Properties, by logical ID. */
    public Map<String, Map<String, Object>> functions() {
        Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        resources().forEach((name, resource) -> {
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                functions.put(name, map(resource.get("Properties")));
            }
        });
        return functions;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value == null ? List.of() : value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }
}
