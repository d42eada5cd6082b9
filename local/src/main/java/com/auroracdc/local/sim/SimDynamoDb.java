package com.auroracdc.local.sim;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Simulated DynamoDB, exactly the subset the automation calls on its cluster-state table: PutItem, UpdateItem
 * ({@code SET} and {@code REMOVE} of whole attributes), DeleteItem, GetItem and TransactWriteItems (Put, Update,
 * Delete, ConditionCheck), on tables with a string partition and sort key.
 *
 * <p>Semantics modelled (local/FIDELITY.md cites the pages): a condition expression is evaluated against the
 * item's current state atomically with the write, and a false one fails the call with
 * ConditionalCheckFailedException (carrying the old item when asked with ReturnValuesOnConditionCheckFailure
 * ALL_OLD) and writes nothing; UpdateItem creates a missing item unless its condition refuses; GetItem with
 * ConsistentRead sees every write that succeeded before it, without ConsistentRead it may return the item as it
 * was before a write made within the last second. TransactWriteItems (1 to {@value #MAX_TRANSACT_ITEMS} actions,
 * no two on one item) checks every condition against the state before it and then writes all or nothing: a false
 * condition cancels it with TransactionCanceledException, whose cancellation reasons are index-aligned with the
 * request's actions. TTL deletes nothing here: AWS deletes expired items "within a few days", so correct code
 * never relies on the deletion.
 *
 * <p>Only this grammar of expressions is understood ({@code #n} an ExpressionAttributeNames placeholder, {@code :v}
 * an ExpressionAttributeValues placeholder, any whitespace between tokens):
 * <pre>
 * condition  ::= and-term ( OR and-term )*               AND binds tighter than OR
 * and-term   ::= primary ( AND primary )*
 * primary    ::= ( condition ) | attribute_exists(#n) | attribute_not_exists(#n) | #n comparator :v
 * comparator ::= = | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=       ordering needs an S or N value; = and &lt;&gt; also take BOOL, NULL
 * update     ::= clause [ clause ]                         at most one SET and one REMOVE, in either order
 * clause     ::= SET #n = :v ( , #n = :v )* | REMOVE #n ( , #n )*
 * </pre>
 * Anything else (NOT, BETWEEN, IN, other functions, bare attribute names, document paths, ADD, DELETE, arithmetic)
 * fails loudly with IllegalArgumentException naming the expression, so a new expression in the code cannot pass
 * tests on a guess of what DynamoDB would do.
 */
public final class SimDynamoDb implements DynamoDbClient {
    /** AWS's limit on the actions of one TransactWriteItems call. */
    static final int MAX_TRANSACT_ITEMS = 100;
    private static final Duration STALE_WINDOW = Duration.ofSeconds(1);
    private static final Pattern TOKEN = Pattern.compile("#\\w+|:\\w+|[A-Za-z_]\\w*|<>|<=|>=|[=<>(),]");
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");

    private record Table(String hashKey, String rangeKey, Map<List<String>, Version> items) {
    }

    /** An item's current value (null once deleted) and the one before it, with when it changed. */
    private record Version(Map<String, AttributeValue> current, Map<String, AttributeValue> previous, Instant changedAt) {
    }

    /**
     * One item operation, validated and parsed before anything is written: the item it targets, its condition (on
     * the item as stored, empty when missing), and what it leaves there ({@code change} returns null to delete; a
     * null {@code change} writes nothing, as a ConditionCheck).
     */
    private record Action(String tableName, Table table, List<String> key, Predicate<Map<String, AttributeValue>> condition,
                          ReturnValuesOnConditionCheckFailure returnOld, UnaryOperator<Map<String, AttributeValue>> change) {
    }

    private final SimAws aws;
    private final Map<String, Table> tables = new HashMap<>();

    SimDynamoDb(SimAws aws) {
        this.aws = aws;
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }

    // ---- simulator controls (not AWS API) ----------------------------------------------------------

    /** Makes a table exist, as the stack's template does (partition and sort key, both strings). */
    public void createTable(String name, String hashKey, String rangeKey) {
        aws.locked(() -> tables.putIfAbsent(name, new Table(hashKey, rangeKey, new LinkedHashMap<>())));
    }

    /** Every item of a table as it is now, in insertion order. */
    public List<Map<String, AttributeValue>> items(String table) {
        return aws.locked(() -> table(table).items().values().stream().map(Version::current)
                .filter(Objects::nonNull).toList());
    }

    // ---- API ---------------------------------------------------------------------------------------

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return aws.call("dynamodb", "PutItem", SimAws.Kind.STATE, request, SimDynamoDb::error, (Supplier<PutItemResponse>) () -> {
            apply(put(request.tableName(), request.item(), request.conditionExpression(), request.expressionAttributeNames(),
                    request.expressionAttributeValues(), request.returnValuesOnConditionCheckFailure()));
            return PutItemResponse.builder().build();
        });
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return aws.call("dynamodb", "UpdateItem", SimAws.Kind.STATE, request, SimDynamoDb::error, (Supplier<UpdateItemResponse>) () -> {
            apply(update(request.tableName(), request.key(), request.updateExpression(), request.conditionExpression(),
                    request.expressionAttributeNames(), request.expressionAttributeValues(), request.returnValuesOnConditionCheckFailure()));
            return UpdateItemResponse.builder().build();
        });
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return aws.call("dynamodb", "DeleteItem", SimAws.Kind.STATE, request, SimDynamoDb::error, (Supplier<DeleteItemResponse>) () -> {
            // deleting a missing item succeeds and changes nothing
            apply(delete(request.tableName(), request.key(), request.conditionExpression(), request.expressionAttributeNames(),
                    request.expressionAttributeValues(), request.returnValuesOnConditionCheckFailure()));
            return DeleteItemResponse.builder().build();
        });
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return aws.call("dynamodb", "GetItem", SimAws.Kind.READ, request, SimDynamoDb::error, (Supplier<GetItemResponse>) () -> {
            Table table = table(request.tableName());
            Version version = table.items().get(key(table, request.key()));
            Map<String, AttributeValue> item = version == null ? null
                    : Boolean.TRUE.equals(request.consistentRead()) || version.changedAt().plus(STALE_WINDOW).isBefore(aws.clock().instant())
                    ? version.current() : version.previous();
            // AWS leaves Item out of the response when there is none (the SDK then reports hasItem() false).
            return item == null ? GetItemResponse.builder().build() : GetItemResponse.builder().item(item).build();
        });
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return aws.call("dynamodb", "TransactWriteItems", SimAws.Kind.STATE, request, SimDynamoDb::error,
                (Supplier<TransactWriteItemsResponse>) () -> {
                    List<TransactWriteItem> items = request.transactItems();
                    if (items.isEmpty() || items.size() > MAX_TRANSACT_ITEMS) {
                        throw error("ValidationException", "1 validation error detected: Value at 'transactItems' failed to satisfy"
                                + " constraint: Member must have length less than or equal to " + MAX_TRANSACT_ITEMS
                                + " and greater than or equal to 1 (it has " + items.size() + ")", 400);
                    }
                    List<Action> actions = items.stream().map(this::action).toList();
                    Set<List<Object>> targets = new HashSet<>();
                    for (Action action : actions) {
                        if (!targets.add(List.of(action.tableName(), action.key()))) {
                            throw error("ValidationException", "Transaction request cannot include multiple operations on one item", 400);
                        }
                    }
                    // Every condition sees the state before the transaction; nothing is written unless all of them hold.
                    List<Map<String, AttributeValue>> before = actions.stream().map(a -> current(a.table(), a.key())).toList();
                    List<CancellationReason> reasons = new ArrayList<>();
                    for (int i = 0; i < actions.size(); i++) {
                        reasons.add(holds(actions.get(i), before.get(i)) ? CancellationReason.builder().code("None").build()
                                : CancellationReason.builder().code("ConditionalCheckFailed").message("The conditional request failed")
                                .item(oldItemAsked(actions.get(i).returnOld(), before.get(i))).build());
                    }
                    if (reasons.stream().anyMatch(r -> !r.code().equals("None"))) {
                        throw canceled(reasons);
                    }
                    for (int i = 0; i < actions.size(); i++) {
                        write(actions.get(i), before.get(i));
                    }
                    return TransactWriteItemsResponse.builder().build();
                });
    }

    // ---- the actions (called with the simulator's lock held) --------------------------------------

    private Action put(String tableName, Map<String, AttributeValue> item, String condition, Map<String, String> names,
                       Map<String, AttributeValue> values, ReturnValuesOnConditionCheckFailure returnOld) {
        Table table = table(tableName);
        Map<String, AttributeValue> written = new TreeMap<>(item);
        return new Action(tableName, table, key(table, item), condition(condition, names, values), returnOld, old -> written);
    }

    private Action update(String tableName, Map<String, AttributeValue> key, String update, String condition,
                          Map<String, String> names, Map<String, AttributeValue> values, ReturnValuesOnConditionCheckFailure returnOld) {
        Table table = table(tableName);
        List<String> itemKey = key(table, key);
        Predicate<Map<String, AttributeValue>> holds = condition(condition, names, values);
        UnaryOperator<Map<String, AttributeValue>> change = updateExpression(update, names, values, table);
        return new Action(tableName, table, itemKey, holds, returnOld, old -> change.apply(old == null ? key : old));
    }

    private Action delete(String tableName, Map<String, AttributeValue> key, String condition, Map<String, String> names,
                          Map<String, AttributeValue> values, ReturnValuesOnConditionCheckFailure returnOld) {
        Table table = table(tableName);
        return new Action(tableName, table, key(table, key), condition(condition, names, values), returnOld, old -> null);
    }

    /** A TransactWriteItems member, which must hold exactly one of Put, Update, Delete and ConditionCheck. */
    private Action action(TransactWriteItem item) {
        if (Stream.of(item.put(), item.update(), item.delete(), item.conditionCheck()).filter(Objects::nonNull).count() != 1) {
            throw error("ValidationException", "TransactItems can only contain one of Check, Put, Update or Delete", 400);
        }
        if (item.put() != null) {
            Put put = item.put();
            return put(put.tableName(), put.item(), put.conditionExpression(), put.expressionAttributeNames(),
                    put.expressionAttributeValues(), put.returnValuesOnConditionCheckFailure());
        }
        if (item.update() != null) {
            Update update = item.update();
            return update(update.tableName(), update.key(), update.updateExpression(), update.conditionExpression(),
                    update.expressionAttributeNames(), update.expressionAttributeValues(), update.returnValuesOnConditionCheckFailure());
        }
        if (item.delete() != null) {
            Delete delete = item.delete();
            return delete(delete.tableName(), delete.key(), delete.conditionExpression(), delete.expressionAttributeNames(),
                    delete.expressionAttributeValues(), delete.returnValuesOnConditionCheckFailure());
        }
        ConditionCheck check = item.conditionCheck();
        if (check.conditionExpression() == null) {
            throw error("ValidationException", "1 validation error detected: Value null at 'conditionCheck.conditionExpression'"
                    + " failed to satisfy constraint: Member must not be null", 400);
        }
        Table table = table(check.tableName());
        return new Action(check.tableName(), table, key(table, check.key()), condition(check.conditionExpression(),
                check.expressionAttributeNames(), check.expressionAttributeValues()), check.returnValuesOnConditionCheckFailure(), null);
    }

    /** A single-item write: its condition against the item as stored, then the write, or ConditionalCheckFailed and nothing. */
    private void apply(Action action) {
        Map<String, AttributeValue> old = current(action.table(), action.key());
        if (!holds(action, old)) {
            var builder = ConditionalCheckFailedException.builder().item(oldItemAsked(action.returnOld(), old));
            throw (ConditionalCheckFailedException) SimAws.build(builder, "DynamoDb", "ConditionalCheckFailedException",
                    "The conditional request failed", 400);
        }
        write(action, old);
    }

    private static boolean holds(Action action, Map<String, AttributeValue> old) {
        return action.condition().test(old == null ? Map.of() : old);
    }

    /** The item a failed condition reports: the one stored, when ALL_OLD was asked and there is one. */
    private static Map<String, AttributeValue> oldItemAsked(ReturnValuesOnConditionCheckFailure returnOld, Map<String, AttributeValue> old) {
        return returnOld == ReturnValuesOnConditionCheckFailure.ALL_OLD ? old : null;
    }

    private void write(Action action, Map<String, AttributeValue> old) {
        if (action.change() == null) {
            return;
        }
        Map<String, AttributeValue> item = action.change().apply(old);
        action.table().items().put(action.key(), new Version(item == null ? null : Map.copyOf(item), old, aws.clock().instant()));
    }

    private static TransactionCanceledException canceled(List<CancellationReason> reasons) {
        String codes = String.join(", ", reasons.stream().map(CancellationReason::code).toList());
        return (TransactionCanceledException) SimAws.build(TransactionCanceledException.builder().cancellationReasons(reasons),
                "DynamoDb", "TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]", 400);
    }

    // ---- helpers (called with the simulator's lock held) ------------------------------------------

    private Table table(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw error("ResourceNotFoundException", "Requested resource not found", 400);
        }
        return table;
    }

    private static List<String> key(Table table, Map<String, AttributeValue> item) {
        AttributeValue hash = item.get(table.hashKey());
        AttributeValue range = item.get(table.rangeKey());
        if (hash == null || hash.s() == null || range == null || range.s() == null) {
            throw error("ValidationException", "One or more parameter values were invalid: Missing the key "
                    + (hash == null || hash.s() == null ? table.hashKey() : table.rangeKey()) + " in the item", 400);
        }
        return List.of(hash.s(), range.s());
    }

    private static Map<String, AttributeValue> current(Table table, List<String> key) {
        Version version = table.items().get(key);
        return version == null ? null : version.current();
    }

    // ---- expressions -------------------------------------------------------------------------------

    /** A condition or update expression cut into tokens, read left to right by the parsers below. */
    private static final class Tokens {
        private final String what;
        private final String text;
        private final List<String> tokens = new ArrayList<>();
        private int next;

        Tokens(String what, String text) {
            this.what = what;
            this.text = text;
            Matcher matcher = TOKEN.matcher(text);
            int at = 0;
            while (true) {
                while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                if (at == text.length()) {
                    break;
                }
                if (!matcher.region(at, text.length()).lookingAt()) {
                    throw refused("an unexpected character at '" + text.substring(at) + "'");
                }
                tokens.add(matcher.group());
                at = matcher.end();
            }
        }

        String peek() {
            return next < tokens.size() ? tokens.get(next) : null;
        }

        boolean atEnd() {
            return next == tokens.size();
        }

        boolean accept(String token) {
            if (!token.equals(peek())) {
                return false;
            }
            next++;
            return true;
        }

        void expect(String token) {
            if (!accept(token)) {
                throw refusedHere("'" + token + "' expected");
            }
        }

        /** The next token, which must start with {@code prefix} ("#" for a name placeholder, ":" for a value). */
        String take(String prefix, String expected) {
            String token = peek();
            if (token == null || !token.startsWith(prefix)) {
                throw refusedHere(expected + " expected");
            }
            next++;
            return token;
        }

        IllegalArgumentException refusedHere(String why) {
            return refused(why + " at " + (atEnd() ? "the end" : "'" + peek() + "'"));
        }

        IllegalArgumentException refused(String why) {
            return new IllegalArgumentException("SimDynamoDb does not model the " + what + " '" + text + "' (" + why
                    + "): add it, with the AWS page that defines it, before the code relies on it");
        }
    }

    /** The condition as a test of the item as stored (empty when there is none); no expression always holds. */
    private static Predicate<Map<String, AttributeValue>> condition(String expression, Map<String, String> names,
                                                                    Map<String, AttributeValue> values) {
        return expression == null ? item -> true : new ConditionParser(expression, names, values).parse();
    }

    /** Recursive descent over the condition grammar of the class comment; placeholders are resolved as they are read. */
    private static final class ConditionParser {
        private final Tokens tokens;
        private final Map<String, String> names;
        private final Map<String, AttributeValue> values;

        ConditionParser(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
            this.tokens = new Tokens("condition expression", expression);
            this.names = names;
            this.values = values;
        }

        Predicate<Map<String, AttributeValue>> parse() {
            Predicate<Map<String, AttributeValue>> condition = disjunction();
            if (!tokens.atEnd()) {
                throw tokens.refusedHere("AND, OR, ')' or the end expected");
            }
            return condition;
        }

        /** AND binds tighter than OR: OR joins whole AND-terms. */
        private Predicate<Map<String, AttributeValue>> disjunction() {
            return joined("OR", this::conjunction, Predicate::or);
        }

        private Predicate<Map<String, AttributeValue>> conjunction() {
            return joined("AND", this::primary, Predicate::and);
        }

        /** {@code operand ( keyword operand )*}, joined left to right. */
        private Predicate<Map<String, AttributeValue>> joined(String keyword, Supplier<Predicate<Map<String, AttributeValue>>> operand,
                                                              BinaryOperator<Predicate<Map<String, AttributeValue>>> join) {
            Predicate<Map<String, AttributeValue>> condition = operand.get();
            while (tokens.accept(keyword)) {
                condition = join.apply(condition, operand.get());
            }
            return condition;
        }

        private Predicate<Map<String, AttributeValue>> primary() {
            if (tokens.accept("(")) {
                Predicate<Map<String, AttributeValue>> condition = disjunction();
                tokens.expect(")");
                return condition;
            }
            for (boolean exists : new boolean[] {true, false}) {
                if (tokens.accept(exists ? "attribute_exists" : "attribute_not_exists")) {
                    tokens.expect("(");
                    String attribute = name(tokens.take("#", "an attribute name placeholder (#name)"), names);
                    tokens.expect(")");
                    return item -> item.containsKey(attribute) == exists;
                }
            }
            String attribute = name(tokens.take("#", "'(', attribute_exists, attribute_not_exists or an attribute name"
                    + " placeholder (#name)"), names);
            String comparator = tokens.peek();
            if (!COMPARATORS.contains(comparator)) {
                throw tokens.refusedHere("a comparator (= <> < <= > >=) expected");
            }
            tokens.accept(comparator);
            AttributeValue value = value(tokens.take(":", "a value placeholder (:value)"), values);
            boolean ordered = value.type() == AttributeValue.Type.S || value.type() == AttributeValue.Type.N;
            boolean equality = comparator.equals("=") || comparator.equals("<>");
            if (!ordered && !(equality && (value.type() == AttributeValue.Type.BOOL || value.type() == AttributeValue.Type.NUL))) {
                throw tokens.refused("'" + comparator + "' with a value of type " + value.type());
            }
            return item -> compare(item.get(attribute), comparator, value);
        }
    }

    /**
     * {@code actual comparator expected}. A missing attribute, or one of another type, equals nothing and is ordered
     * against nothing, so only {@code <>} holds. N compares numerically, S by the bytes of its UTF-8 encoding.
     */
    private static boolean compare(AttributeValue actual, String comparator, AttributeValue expected) {
        if (actual == null || actual.type() != expected.type()) {
            return comparator.equals("<>");
        }
        int order = switch (expected.type()) {
            case N -> new BigDecimal(actual.n()).compareTo(new BigDecimal(expected.n()));
            case S -> Arrays.compareUnsigned(actual.s().getBytes(StandardCharsets.UTF_8), expected.s().getBytes(StandardCharsets.UTF_8));
            default -> actual.equals(expected) ? 0 : 1; // BOOL, NULL: only = and <> get here
        };
        return switch (comparator) {
            case "=" -> order == 0;
            case "<>" -> order != 0;
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            case ">=" -> order >= 0;
            default -> throw new IllegalStateException(comparator);
        };
    }

    /**
     * The update expression as a change of the item (the key alone when it is missing): attributes set, then removed.
     * The same attribute twice, or a key attribute, is refused as DynamoDB refuses it.
     */
    private static UnaryOperator<Map<String, AttributeValue>> updateExpression(String expression, Map<String, String> names,
                                                                             Map<String, AttributeValue> values, Table table) {
        Tokens tokens = new Tokens("update expression", expression == null ? "" : expression);
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        List<String> remove = new ArrayList<>();
        Set<String> clauses = new HashSet<>();
        do {
            String clause = tokens.peek();
            if (!("SET".equals(clause) || "REMOVE".equals(clause)) || !clauses.add(clause)) {
                throw tokens.refusedHere("SET or REMOVE, each at most once, expected");
            }
            tokens.accept(clause);
            do {
                String attribute = name(tokens.take("#", "an attribute name placeholder (#name)"), names);
                if (set.containsKey(attribute) || remove.contains(attribute)) {
                    throw error("ValidationException", "Invalid UpdateExpression: Two document paths overlap with each other;"
                            + " must remove or rewrite one of these paths; path one: [" + attribute + "], path two: ["
                            + attribute + "]", 400);
                }
                if (attribute.equals(table.hashKey()) || attribute.equals(table.rangeKey())) {
                    throw error("ValidationException", "One or more parameter values were invalid: Cannot update attribute "
                            + attribute + ". This attribute is part of the key", 400);
                }
                if (clause.equals("SET")) {
                    tokens.expect("=");
                    set.put(attribute, value(tokens.take(":", "a value placeholder (:value)"), values));
                } else {
                    remove.add(attribute);
                }
            } while (tokens.accept(","));
        } while (!tokens.atEnd());
        return item -> {
            Map<String, AttributeValue> updated = new TreeMap<>(item);
            updated.putAll(set);
            remove.forEach(updated::remove);
            return updated;
        };
    }

    private static String name(String placeholder, Map<String, String> names) {
        String name = names == null ? null : names.get(placeholder);
        if (name == null) {
            throw error("ValidationException", "Value provided in ExpressionAttributeNames unused in expressions or"
                    + " undefined: " + placeholder, 400);
        }
        return name;
    }

    private static AttributeValue value(String placeholder, Map<String, AttributeValue> values) {
        AttributeValue value = values == null ? null : values.get(placeholder);
        if (value == null) {
            throw error("ValidationException", "An expression attribute value used in expression is not defined;"
                    + " attribute value: " + placeholder, 400);
        }
        return value;
    }

    static AwsServiceException error(String code, String message, int status) {
        AwsServiceException.Builder builder = switch (code) {
            case "ConditionalCheckFailedException" -> ConditionalCheckFailedException.builder();
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder();
            case "TransactionCanceledException" -> TransactionCanceledException.builder();
            default -> DynamoDbException.builder();
        };
        return SimAws.build(builder, "DynamoDb", code, message, status);
    }
}
