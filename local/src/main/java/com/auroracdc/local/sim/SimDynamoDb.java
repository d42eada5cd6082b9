package com.auroracdc.local.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Simulated DynamoDB, exactly the subset the automation calls on its cluster-state table: PutItem, UpdateItem
 * ({@code SET} of whole attributes), DeleteItem and GetItem, on tables with a string partition and sort key.
 *
 * <p>Semantics modelled (local/FIDELITY.md cites the pages): a condition expression is evaluated against the
 * item's current state atomically with the write, and a false one fails the call with
 * ConditionalCheckFailedException (carrying the old item when asked with ReturnValuesOnConditionCheckFailure
 * ALL_OLD) and writes nothing; UpdateItem creates a missing item unless its condition refuses; GetItem with
 * ConsistentRead sees every write that succeeded before it, without ConsistentRead it may return the item as it
 * was before a write made within the last second. TTL deletes nothing here: AWS deletes expired items "within a
 * few days", so correct code never relies on the deletion.
 *
 * <p>Only the condition expressions the automation uses are understood: terms {@code attribute_not_exists(#n)},
 * {@code #n = :v} and {@code #n < :v} joined by {@code OR}. Anything else fails loudly, so a new expression in
 * the code cannot pass tests on a guess of what DynamoDB would do.
 */
public final class SimDynamoDb implements DynamoDbClient {
    private static final Duration STALE_WINDOW = Duration.ofSeconds(1);
    private static final Pattern NOT_EXISTS = Pattern.compile("attribute_not_exists\\((#\\w+)\\)");
    private static final Pattern COMPARISON = Pattern.compile("(#\\w+) (=|<) (:\\w+)");
    private static final Pattern SET = Pattern.compile("SET (#\\w+ = :\\w+(?:, #\\w+ = :\\w+)*)");

    private record Table(String hashKey, String rangeKey, Map<List<String>, Version> items) {
    }

    /** An item's current value (null once deleted) and the one before it, with when it changed. */
    private record Version(Map<String, AttributeValue> current, Map<String, AttributeValue> previous, Instant changedAt) {
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
                .filter(java.util.Objects::nonNull).toList());
    }

    // ---- API ---------------------------------------------------------------------------------------

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return aws.call("dynamodb", "PutItem", SimAws.Kind.STATE, request, SimDynamoDb::error, (Supplier<PutItemResponse>) () -> {
            Table table = table(request.tableName());
            List<String> key = key(table, request.item());
            check(request.conditionExpression(), request.expressionAttributeNames(), request.expressionAttributeValues(),
                    current(table, key), request.returnValuesOnConditionCheckFailure());
            write(table, key, new TreeMap<>(request.item()));
            return PutItemResponse.builder().build();
        });
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return aws.call("dynamodb", "UpdateItem", SimAws.Kind.STATE, request, SimDynamoDb::error, (Supplier<UpdateItemResponse>) () -> {
            Table table = table(request.tableName());
            List<String> key = key(table, request.key());
            Map<String, AttributeValue> old = current(table, key);
            check(request.conditionExpression(), request.expressionAttributeNames(), request.expressionAttributeValues(),
                    old, request.returnValuesOnConditionCheckFailure());
            Map<String, AttributeValue> updated = new TreeMap<>(old == null ? request.key() : old);
            Matcher set = SET.matcher(request.updateExpression() == null ? "" : request.updateExpression());
            if (!set.matches()) {
                throw unsupported("update expression", request.updateExpression());
            }
            for (String assignment : set.group(1).split(", ")) {
                String[] sides = assignment.split(" = ");
                updated.put(name(sides[0], request.expressionAttributeNames()), value(sides[1], request.expressionAttributeValues()));
            }
            write(table, key, updated);
            return UpdateItemResponse.builder().build();
        });
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return aws.call("dynamodb", "DeleteItem", SimAws.Kind.STATE, request, SimDynamoDb::error, (Supplier<DeleteItemResponse>) () -> {
            Table table = table(request.tableName());
            List<String> key = key(table, request.key());
            check(request.conditionExpression(), request.expressionAttributeNames(), request.expressionAttributeValues(),
                    current(table, key), request.returnValuesOnConditionCheckFailure());
            write(table, key, null); // deleting a missing item succeeds and changes nothing
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

    private void write(Table table, List<String> key, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> before = current(table, key);
        table.items().put(key, new Version(item == null ? null : Map.copyOf(item), before, aws.clock().instant()));
    }

    private static void check(String expression, Map<String, String> names, Map<String, AttributeValue> values,
                              Map<String, AttributeValue> item, ReturnValuesOnConditionCheckFailure returnOld) {
        if (expression == null) {
            return;
        }
        boolean holds = false;
        for (String term : expression.split(" OR ")) {
            holds |= evaluate(term.strip(), names, values, item == null ? Map.of() : item);
        }
        if (!holds) {
            var builder = ConditionalCheckFailedException.builder();
            if (returnOld == ReturnValuesOnConditionCheckFailure.ALL_OLD && item != null) {
                builder.item(item);
            }
            throw (ConditionalCheckFailedException) SimAws.build(builder, "DynamoDb", "ConditionalCheckFailedException",
                    "The conditional request failed", 400);
        }
    }

    private static boolean evaluate(String term, Map<String, String> names, Map<String, AttributeValue> values,
                                    Map<String, AttributeValue> item) {
        Matcher notExists = NOT_EXISTS.matcher(term);
        if (notExists.matches()) {
            return !item.containsKey(name(notExists.group(1), names));
        }
        Matcher comparison = COMPARISON.matcher(term);
        if (!comparison.matches()) {
            throw unsupported("condition expression term", term);
        }
        AttributeValue actual = item.get(name(comparison.group(1), names));
        AttributeValue expected = value(comparison.group(3), values);
        if (actual == null) {
            return false; // a comparison with a missing attribute is false
        }
        if (comparison.group(2).equals("=")) {
            return actual.equals(expected);
        }
        if (actual.n() == null || expected.n() == null) {
            throw unsupported("'<' on a non-number", term);
        }
        return new java.math.BigDecimal(actual.n()).compareTo(new java.math.BigDecimal(expected.n())) < 0;
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

    private static UnsupportedOperationException unsupported(String what, String text) {
        return new UnsupportedOperationException("SimDynamoDb does not model the " + what + " '" + text + "': add it,"
                + " with the AWS page that defines it, before the code relies on it");
    }

    static AwsServiceException error(String code, String message, int status) {
        AwsServiceException.Builder builder = switch (code) {
            case "ConditionalCheckFailedException" -> ConditionalCheckFailedException.builder();
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder();
            default -> DynamoDbException.builder();
        };
        return SimAws.build(builder, "DynamoDb", code, message, status);
    }
}
