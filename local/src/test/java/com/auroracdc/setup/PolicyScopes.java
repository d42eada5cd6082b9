package com.auroracdc.setup;

import com.auroracdc.template.Template;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The IAM statements of template.yaml as a deployed stack would hold them (every {@code Fn::If} decided by the
 * stack's parameter values, {@code AWS::NoValue} dropped), and which of them grant a sensitive action without a
 * scope: neither a named resource nor a condition.
 *
 * <p>Sensitive: every action that changes something, plus the two reads that hand out a secret
 * ({@code secretsmanager:GetSecretValue}, {@code kms:Decrypt}). Named: a resource ARN that names something or a
 * name prefix ({@code cluster-pg:mz-cdc-*}, {@code vpc/${DatabaseFunctionVpcId}}, a parameter's value such as
 * {@code secret:team/*}, a resource reference), not a whole resource type ({@code cluster:*}, {@code security-group/*},
 * {@code *}).
 */
final class PolicyScopes {
    private static final Pattern READ_ONLY = Pattern.compile("[a-z0-9-]+:(Describe|List|Get)[A-Za-z0-9]*");
    private static final List<String> SECRET_READS = List.of("secretsmanager:GetSecretValue", "kms:Decrypt");
    /** {@code *}, or an ARN whose resource part is a bare type: {@code cluster:*}, {@code security-group/*}. */
    private static final Pattern TYPED_ARN = Pattern.compile("(arn:[^:]*:[^:]*:[^:]*:[^:]*:[A-Za-z-]+[:/]).*");
    private static final Map<String, String> PSEUDO_PARAMETERS = Map.of("${AWS::Partition}", "aws",
            "${AWS::Region}", "us-east-1", "${AWS::AccountId}", "123456789012", "${AWS::StackName}", "autopilot");
    private static final Pattern WHOLE_TYPE = Pattern.compile("\\*|arn:[^:]*:[^:]*:[^:]*:[^:]*:([A-Za-z-]+[:/])?\\*");

    /** One statement of one resource's policies, as the stack holds it. */
    record Statement(String owner, String sid, List<String> actions, List<String> resources, Object condition) {
        String id() {
            return owner + "/" + sid;
        }

        /** The same statement widened to whole resource types ({@code cluster-pg:mz-cdc-*} to {@code cluster-pg:*}), no condition. */
        Statement withoutScope() {
            return new Statement(owner, sid, actions, resources.stream()
                    .map(r -> r.matches(TYPED_ARN.pattern()) ? r.replaceFirst(TYPED_ARN.pattern(), "$1*") : "*").toList(), null);
        }
    }

    private final Map<String, Object> parameters;
    private final Map<String, Object> conditions;
    /** The CommaDelimitedList parameters: a Ref to one is its elements. */
    private final Set<String> lists;

    private PolicyScopes(Map<String, Object> parameters, Map<String, Object> conditions, Set<String> lists) {
        this.parameters = parameters;
        this.conditions = conditions;
        this.lists = lists;
    }

    /** The template's statements with these parameter values (the others at their defaults). */
    static List<Statement> statements(Template template, Map<String, String> values) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        Set<String> lists = new HashSet<>();
        template.section("Parameters").forEach((name, definition) -> {
            parameters.put(name, values.getOrDefault(name, String.valueOf(Template.map(definition).get("Default"))));
            if ("CommaDelimitedList".equals(Template.map(definition).get("Type"))) {
                lists.add(name);
            }
        });
        PolicyScopes scopes = new PolicyScopes(parameters, template.section("Conditions"), lists);
        List<Statement> statements = new ArrayList<>();
        template.resources().forEach((name, resource) -> {
            Object type = resource.get("Type");
            if ("AWS::Serverless::Function".equals(type) || "AWS::Serverless::StateMachine".equals(type)) {
                for (Object policy : Template.list(Template.map(resource.get("Properties")).get("Policies"))) {
                    for (Object raw : Template.list(Template.map(policy).get("Statement"))) {
                        Object statement = scopes.resolve(raw);
                        if (statement instanceof Map<?, ?> map) {
                            statements.add(scopes.statement(name, Template.map(map)));
                        }
                    }
                }
            }
        });
        return statements;
    }

    /** The statements that grant a sensitive action with neither a named resource nor a condition. */
    static List<Statement> unscoped(List<Statement> statements) {
        return statements.stream().filter(PolicyScopes::sensitive).filter(s -> !scoped(s)).toList();
    }

    static boolean sensitive(Statement statement) {
        return statement.actions().stream().anyMatch(a -> !READ_ONLY.matcher(a).matches() || SECRET_READS.contains(a));
    }

    static boolean scoped(Statement statement) {
        return statement.condition() != null
                || statement.resources().stream().noneMatch(r -> WHOLE_TYPE.matcher(r).matches());
    }

    private Statement statement(String owner, Map<String, Object> statement) {
        List<String> actions = Template.list(statement.get("Action")).stream().map(String::valueOf).toList();
        List<String> resources = Template.list(statement.get("Resource")).stream().flatMap(r -> texts(r).stream()).toList();
        return new Statement(owner, String.valueOf(statement.get("Sid")), actions, resources, statement.get("Condition"));
    }

    /** A resource as text: a Ref to a parameter as its value (a list's as its elements), others as {@link #text}. */
    private List<String> texts(Object resource) {
        if (resource instanceof Map<?, ?> map && map.containsKey("Ref") && parameters.containsKey(String.valueOf(map.get("Ref")))) {
            String name = String.valueOf(map.get("Ref"));
            String value = String.valueOf(parameters.get(name));
            return lists.contains(name) ? List.of(value.split(",")) : List.of(value);
        }
        return List.of(text(resource));
    }

    /** A resource as text: a Fn::Sub template as written, a Ref to a resource as the name it refers to. */
    private static String text(Object resource) {
        if (resource instanceof Map<?, ?> map && map.containsKey("Fn::Sub")) {
            String text = String.valueOf(Template.list(map.get("Fn::Sub")).getFirst());
            for (var pseudo : PSEUDO_PARAMETERS.entrySet()) {
                text = text.replace(pseudo.getKey(), pseudo.getValue());
            }
            return text;
        }
        if (resource instanceof Map<?, ?> map && map.containsKey("Ref")) {
            return "${" + map.get("Ref") + "}";
        }
        return String.valueOf(resource);
    }

    /** Decides every Fn::If, drops AWS::NoValue; leaves other intrinsics as they are. */
    private Object resolve(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Fn::If")) {
                List<Object> branches = Template.list(map.get("Fn::If"));
                return resolve(condition(String.valueOf(branches.get(0))) ? branches.get(1) : branches.get(2));
            }
            if (map.size() == 1 && "AWS::NoValue".equals(map.get("Ref"))) {
                return null;
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach((key, v) -> {
                Object r = resolve(v);
                if (r != null) {
                    resolved.put(String.valueOf(key), r);
                }
            });
            return resolved;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::resolve).filter(Objects::nonNull).toList();
        }
        return value;
    }

    private boolean condition(String name) {
        return (Boolean) evaluate(conditions.get(name));
    }

    /** Fn::Equals, Fn::Not, Fn::Or, Fn::And, Condition, Ref (a parameter's value) and Fn::Join of one value. */
    private Object evaluate(Object expression) {
        if (!(expression instanceof Map<?, ?> map) || map.size() != 1) {
            return expression;
        }
        var entry = map.entrySet().iterator().next();
        List<Object> args = Template.list(entry.getValue());
        return switch (String.valueOf(entry.getKey())) {
            case "Fn::Equals" -> String.valueOf(evaluate(args.get(0))).equals(String.valueOf(evaluate(args.get(1))));
            case "Fn::Not" -> !(Boolean) evaluate(args.getFirst());
            case "Fn::Or" -> args.stream().anyMatch(a -> (Boolean) evaluate(a));
            case "Fn::And" -> args.stream().allMatch(a -> (Boolean) evaluate(a));
            case "Condition" -> condition(String.valueOf(entry.getValue()));
            case "Ref" -> parameters.get(String.valueOf(entry.getValue()));
            case "Fn::Join" -> String.valueOf(evaluate(args.get(1)));
            default -> throw new IllegalArgumentException("cannot evaluate " + entry.getKey() + " in a template condition");
        };
    }
}
