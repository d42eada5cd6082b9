package com.auroracdc.local.template;

import com.auroracdc.local.sfn.LocalArns;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The parts of template.yaml the local harness needs: the functions (logical ID, handler class) and the
 * state machines (definition file, DefinitionSubstitutions). Substitution values are resolved to local
 * stand-ins: a function's ARN is {@link LocalArns#function} of its <em>logical ID</em>, so the local
 * Lambda endpoint serves each function under its logical ID.
 */
public final class SamTemplate {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    /** The SSM parameter CloudFormation writes the stack settings to (settings/StackSettings). */
    public static final String STACK_SETTINGS_RESOURCE = "StackSettingsParameter";

    private final Path file;
    private final Map<String, Object> root;
    /** Stack parameter values of this deploy (by parameter name); the others take their Default. */
    private final Map<String, String> parameterValues;

    private SamTemplate(Path file, Map<String, Object> root, Map<String, String> parameterValues) {
        this.file = file;
        this.root = root;
        this.parameterValues = Map.copyOf(parameterValues);
    }

    /** The same template deployed with these stack parameter values (as {@code sam deploy --parameter-overrides}). */
    public SamTemplate withParameters(Map<String, String> values) {
        Map<String, String> merged = new LinkedHashMap<>(parameterValues);
        values.forEach((name, value) -> {
            if (!section("Parameters").containsKey(name)) {
                throw new IllegalArgumentException(name + " is not a parameter of " + file.getFileName());
            }
            merged.put(name, value);
        });
        return new SamTemplate(file, root, merged);
    }

    /** The name of the stack settings parameter, as CloudFormation creates it for the local stack. */
    public String stackSettingsParameterName() {
        return resolve(properties(resource(STACK_SETTINGS_RESOURCE, "stack settings")).get("Name"), STACK_SETTINGS_RESOURCE);
    }

    /** The value CloudFormation writes to the stack settings parameter on a deploy with this template's parameters. */
    public String stackSettingsValue() {
        return resolve(properties(resource(STACK_SETTINGS_RESOURCE, "stack settings")).get("Value"), STACK_SETTINGS_RESOURCE);
    }

    /**
     * A function's environment variables as CloudFormation sets them (Globals.Function first, the function's own
     * over them), each value still unresolved: what SAM hashes to name the version the alias points to.
     */
    public Map<String, Object> environmentVariables(String function) {
        Map<String, Object> variables = new LinkedHashMap<>(variables(globalsFunction()));
        variables.putAll(variables(properties(resource(function, "environment"))));
        return variables;
    }

    /**
     * Each key of the stack settings parameter's JSON (an environment variable name, e.g. REBOOT_POLICY) and the
     * stack parameter whose value it carries.
     */
    public Map<String, String> stackSettingsSources() {
        Object value = properties(resource(STACK_SETTINGS_RESOURCE, "stack settings")).get("Value");
        List<?> sub = (List<?>) ((Map<?, ?>) value).get("Fn::Sub");
        Map<String, Object> variables = cast((Map<?, ?>) sub.get(1));
        Matcher entry = Pattern.compile("\"(\\w+)\":\"\\$\\{(\\w+)}\"").matcher(String.valueOf(sub.get(0)));
        Map<String, String> sources = new LinkedHashMap<>();
        while (entry.find()) {
            Set<String> parameters = parametersReferencedBy(variables.get(entry.group(2)));
            if (parameters.size() != 1) {
                throw new IllegalStateException("Stack setting " + entry.group(1) + " should carry exactly one stack parameter: "
                        + parameters);
            }
            sources.put(entry.group(1), parameters.iterator().next());
        }
        return sources;
    }

    /** The stack parameters a CloudFormation value refers to (Ref, and ${Name} in Sub), at any depth. */
    public Set<String> parametersReferencedBy(Object value) {
        Set<String> found = new TreeSet<>();
        Map<String, Object> parameters = section("Parameters");
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, argument) -> {
                if ("Ref".equals(key) && parameters.containsKey(String.valueOf(argument))) {
                    found.add(String.valueOf(argument));
                } else if ("Fn::Sub".equals(key)) {
                    Matcher variable = SUB_VARIABLE.matcher(String.valueOf(argument instanceof List<?> l ? l.get(0) : argument));
                    while (variable.find()) {
                        if (parameters.containsKey(variable.group(1))) {
                            found.add(variable.group(1));
                        }
                    }
                    if (argument instanceof List<?> l && l.size() > 1) {
                        found.addAll(parametersReferencedBy(l.get(1)));
                    }
                } else {
                    found.addAll(parametersReferencedBy(argument));
                }
            });
        } else if (value instanceof List<?> list) {
            list.forEach(item -> found.addAll(parametersReferencedBy(item)));
        }
        return found;
    }

    private static Map<String, Object> variables(Map<String, Object> properties) {
        Object environment = properties.get("Environment");
        Object variables = environment instanceof Map<?, ?> map ? map.get("Variables") : null;
        return variables instanceof Map<?, ?> map ? cast(map) : Map.of();
    }

    public static SamTemplate load(Path file) {
        LoaderOptions options = new LoaderOptions();
        try (Reader reader = Files.newBufferedReader(file)) {
            Object parsed = new Yaml(new CloudFormationConstructor(options)).load(reader);
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(file + " is not a YAML mapping");
            }
            return new SamTemplate(file, cast(map), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** @param timeoutSeconds the function's Timeout, else Globals.Function.Timeout, else Lambda's default 3 */
    public record Function(String logicalId, String handler, int timeoutSeconds) {
        /** The handler class name, from {@code Handler: com.x.FooHandler::handleRequest}. */
        public String handlerClass() {
            return handler == null ? null : handler.split("::")[0];
        }
    }

    public record StateMachine(String logicalId, Path definitionFile, Map<String, Object> rawSubstitutions) {
    }

    /** {@code AWS::Serverless::Function} and {@code AWS::Lambda::Function} resources, in template order. */
    public List<Function> functions() {
        List<Function> functions = new ArrayList<>();
        resources().forEach((id, resource) -> {
            String type = String.valueOf(resource.get("Type"));
            if (type.equals("AWS::Serverless::Function") || type.equals("AWS::Lambda::Function")) {
                Object handler = properties(resource).get("Handler");
                if (handler == null) {
                    handler = globalsFunction().get("Handler");
                }
                Object timeout = properties(resource).getOrDefault("Timeout", globalsFunction().getOrDefault("Timeout", 3));
                functions.add(new Function(id, handler == null ? null : handler.toString(),
                        Integer.parseInt(timeout.toString())));
            }
        });
        return functions;
    }

    /** {@code AWS::Serverless::StateMachine} resources with a {@code DefinitionUri} file. */
    public List<StateMachine> stateMachines() {
        List<StateMachine> machines = new ArrayList<>();
        resources().forEach((id, resource) -> {
            if ("AWS::Serverless::StateMachine".equals(resource.get("Type"))) {
                Map<String, Object> properties = properties(resource);
                Object uri = properties.get("DefinitionUri");
                Path definition = uri instanceof String s ? file.toAbsolutePath().getParent().resolve(s).normalize() : null;
                Object substitutions = properties.getOrDefault("DefinitionSubstitutions", Map.of());
                machines.add(new StateMachine(id, definition, substitutions instanceof Map<?, ?> m ? cast(m) : Map.of()));
            }
        });
        return machines;
    }

    public Optional<StateMachine> stateMachine(String logicalId) {
        return stateMachines().stream().filter(m -> m.logicalId().equals(logicalId)).findFirst();
    }

    /** The state machine's DefinitionSubstitutions with local values (see the class comment). */
    public Map<String, String> localSubstitutions(StateMachine machine) {
        Map<String, String> values = new LinkedHashMap<>();
        machine.rawSubstitutions().forEach((name, value) -> values.put(name, resolve(value, name)));
        return values;
    }

    /** A CloudFormation value with local stand-ins for references: Ref, GetAtt, Sub, Join, plain scalars. */
    public String resolve(Object value, String where) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> entry = map.entrySet().iterator().next();
            Object argument = entry.getValue();
            switch (String.valueOf(entry.getKey())) {
                case "Ref" -> {
                    return ref(String.valueOf(argument), where);
                }
                case "Fn::GetAtt" -> {
                    List<?> parts = argument instanceof List<?> list ? list : List.of(String.valueOf(argument).split("\\.", 2));
                    return getAtt(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)), where);
                }
                case "Fn::Sub" -> {
                    return sub(argument, where);
                }
                case "Fn::Join" -> {
                    List<?> parts = (List<?>) argument;
                    List<String> items = new ArrayList<>();
                    if (parts.get(1) instanceof List<?> list) {
                        for (Object item : list) {
                            items.add(resolve(item, where));
                        }
                    } else { // a CommaDelimitedList parameter: its elements
                        String list = resolve(parts.get(1), where);
                        if (!list.isEmpty()) {
                            items.addAll(List.of(list.split(",", -1)));
                        }
                    }
                    return String.join(String.valueOf(parts.get(0)), items);
                }
                case "Fn::Base64" -> {
                    return Base64.getEncoder().encodeToString(
                            resolve(argument, where).getBytes(StandardCharsets.UTF_8));
                }
                default -> { /* unsupported below */ }
            }
        }
        throw new IllegalArgumentException("Cannot resolve " + value + " (" + where + ") locally: use a plain value, "
                + "Ref, GetAtt, Sub, Join or Base64.");
    }

    private String ref(String name, String where) {
        switch (name) {
            case "AWS::Region" -> {
                return LocalArns.REGION;
            }
            case "AWS::AccountId" -> {
                return LocalArns.ACCOUNT;
            }
            case "AWS::Partition" -> {
                return "aws";
            }
            case "AWS::StackName" -> {
                return "local";
            }
            case "AWS::URLSuffix" -> {
                return "amazonaws.com";
            }
            default -> { /* a parameter or a resource */ }
        }
        Map<String, Object> parameters = section("Parameters");
        if (parameters.containsKey(name)) {
            if (parameterValues.containsKey(name)) {
                return parameterValues.get(name);
            }
            Object parameter = parameters.get(name);
            Object defaultValue = parameter instanceof Map<?, ?> p ? p.get("Default") : null;
            return defaultValue == null ? "" : defaultValue.toString();
        }
        if (name.endsWith(".Alias")) { // SAM: !Ref Function.Alias -> the AutoPublishAlias ARN
            String function = name.substring(0, name.length() - ".Alias".length());
            return LocalArns.function(function) + ":" + aliasName(function);
        }
        Map<String, Object> resource = resource(name, where);
        String type = String.valueOf(resource.get("Type"));
        return switch (type) {
            case "AWS::Serverless::Function", "AWS::Lambda::Function", "AWS::Logs::LogGroup", "AWS::IAM::Role" -> name;
            case "AWS::SQS::Queue" -> "https://sqs." + LocalArns.REGION + ".amazonaws.com/" + LocalArns.ACCOUNT + "/" + name;
            default -> arn(name, type);
        };
    }

    private String getAtt(String name, String attribute, String where) {
        Map<String, Object> resource = resource(name, where);
        String type = String.valueOf(resource.get("Type"));
        return switch (attribute) {
            case "Arn", "TopicArn", "StateMachineArn" -> arn(name, type);
            case "Name", "TopicName", "QueueName", "StateMachineName" -> name;
            default -> throw new IllegalArgumentException("Cannot resolve GetAtt " + name + "." + attribute + " (" + where
                    + ") locally.");
        };
    }

    private String arn(String name, String type) {
        String region = LocalArns.REGION;
        String account = LocalArns.ACCOUNT;
        return switch (type) {
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> LocalArns.function(name);
            case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" -> LocalArns.stateMachine(name);
            case "AWS::SNS::Topic" -> "arn:aws:sns:" + region + ":" + account + ":" + name;
            case "AWS::SQS::Queue" -> "arn:aws:sqs:" + region + ":" + account + ":" + name;
            case "AWS::Logs::LogGroup" -> "arn:aws:logs:" + region + ":" + account + ":log-group:" + name + ":*";
            case "AWS::IAM::Role" -> "arn:aws:iam::" + account + ":role/" + name;
            case "AWS::Events::EventBus" -> "arn:aws:events:" + region + ":" + account + ":event-bus/" + name;
            case "AWS::Events::Rule" -> "arn:aws:events:" + region + ":" + account + ":rule/" + name;
            case "AWS::SecretsManager::Secret" -> "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + name;
            default -> {
                String[] parts = type.split("::");
                String service = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "unknown";
                yield "arn:aws:" + service + ":" + region + ":" + account + ":" + name;
            }
        };
    }

    private String sub(Object argument, String where) {
        String text;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> list) {
            text = String.valueOf(list.get(0));
            variables = list.size() > 1 && list.get(1) instanceof Map<?, ?> m ? cast(m) : Map.of();
        } else {
            text = String.valueOf(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String value;
            if (variables.containsKey(variable)) {
                value = resolve(variables.get(variable), where);
            } else if (variable.contains(".") && !variable.startsWith("AWS::") && !variable.endsWith(".Alias")) {
                String[] parts = variable.split("\\.", 2);
                value = getAtt(parts[0], parts[1], where);
            } else {
                value = ref(variable, where);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString().replace("${!", "${");
    }

    private String aliasName(String function) {
        Object alias = properties(resource(function, "alias")).get("AutoPublishAlias");
        if (alias == null) {
            alias = globalsFunction().get("AutoPublishAlias");
        }
        return alias == null ? "live" : alias.toString();
    }

    private Map<String, Object> resource(String name, String where) {
        Object resource = resources().get(name);
        if (!(resource instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + " refers to " + name + ", which is neither a parameter nor a resource of "
                    + file.getFileName());
        }
        return cast(map);
    }

    /** Every resource by logical ID, as parsed (CloudFormation short forms become {"Ref": x}, {"Fn::Sub": x}, ...). */
    public Map<String, Map<String, Object>> resources() {
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        section("Resources").forEach((id, value) -> {
            if (value instanceof Map<?, ?> map) {
                resources.put(id, cast(map));
            }
        });
        return resources;
    }

    private Map<String, Object> globalsFunction() {
        Object function = section("Globals").get("Function");
        return function instanceof Map<?, ?> map ? cast(map) : Map.of();
    }

    /** A top-level section: Parameters, Globals, Resources, Outputs, ... */
    public Map<String, Object> section(String name) {
        Object section = root.get(name);
        return section instanceof Map<?, ?> map ? cast(map) : Map.of();
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        Object properties = resource.get("Properties");
        return properties instanceof Map<?, ?> map ? cast(map) : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** Reads CloudFormation short forms ({@code !Ref X}, {@code !GetAtt X.Arn}, {@code !Sub ...}) as their long forms. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor(LoaderOptions options) {
            super(options);
            this.yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    String key = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = tag.equals("GetAtt") ? List.of(scalar.getValue().split("\\.", 2)) : scalar.getValue();
                    } else if (node instanceof SequenceNode sequence) {
                        List<Object> items = new ArrayList<>();
                        for (Node item : sequence.getValue()) {
                            items.add(constructObject(item));
                        }
                        value = items;
                    } else {
                        Map<Object, Object> entries = new LinkedHashMap<>();
                        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
                            entries.put(constructObject(tuple.getKeyNode()), constructObject(tuple.getValueNode()));
                        }
                        value = entries;
                    }
                    return Map.of(key, value);
                }
            });
        }
    }
}
