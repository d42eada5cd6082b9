package com.auroracdc.local.sim;

import static com.auroracdc.local.sim.AwsErrors.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class SimDynamoDbTest {
    private static final Pattern NAME_PLACEHOLDER = Pattern.compile("#(\\w+)");

    private final SimAws sim = SimAws.create();
    private final SimDynamoDb dynamoDb = sim.dynamoDb();

    SimDynamoDbTest() {
        dynamoDb.createTable("t", "cluster", "item");
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static Map<String, AttributeValue> key(String item) {
        return Map.of("cluster", s("orders"), "item", s(item));
    }

    private static Map<String, AttributeValue> key() {
        return key("lock");
    }

    private static Map<String, AttributeValue> item(String item, String holder) {
        return Map.of("cluster", s("orders"), "item", s(item), "holder", s(holder));
    }

    private static Map<String, AttributeValue> item(String holder) {
        return item("lock", holder);
    }

    /** Every {@code #name} of the expression, standing for the attribute {@code name}. */
    private static Map<String, String> names(String expression) {
        Map<String, String> names = new HashMap<>();
        Matcher matcher = NAME_PLACEHOLDER.matcher(expression);
        while (matcher.find()) {
            names.put(matcher.group(), matcher.group(1));
        }
        return names;
    }

    /** The item as stored now (consistent read), or null. */
    private Map<String, AttributeValue> stored(String item) {
        var response = dynamoDb.getItem(r -> r.tableName("t").key(key(item)).consistentRead(true));
        return response.hasItem() ? response.item() : null;
    }

    /** Whether {@code expression} holds on an item holding exactly {@code attributes}: a put conditioned on it succeeds. */
    private boolean holds(Map<String, AttributeValue> attributes, String expression, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> probe = new HashMap<>(attributes);
        probe.putAll(key("probe"));
        dynamoDb.putItem(r -> r.tableName("t").item(probe));
        try {
            dynamoDb.putItem(r -> r.tableName("t").item(probe).conditionExpression(expression)
                    .expressionAttributeNames(names(expression)).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName("t").item(item)).build();
    }

    private static TransactWriteItem holderCheck(String item, String me, ReturnValuesOnConditionCheckFailure returnOld) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName("t").key(key(item)).conditionExpression("#h = :me")
                .expressionAttributeNames(Map.of("#h", "holder")).expressionAttributeValues(Map.of(":me", s(me)))
                .returnValuesOnConditionCheckFailure(returnOld)).build();
    }

    private static TransactWriteItem setDocument(String item, String document) {
        return TransactWriteItem.builder().update(u -> u.tableName("t").key(key(item)).updateExpression("SET #d = :d")
                .expressionAttributeNames(Map.of("#d", "document")).expressionAttributeValues(Map.of(":d", s(document)))).build();
    }

    private void transact(TransactWriteItem... items) {
        dynamoDb.transactWriteItems(r -> r.transactItems(items));
    }

    private static List<String> codes(TransactionCanceledException e) {
        return e.cancellationReasons().stream().map(CancellationReason::code).toList();
    }

    // ---- single-item calls --------------------------------------------------------------------------

    @Test
    void putItem_whenTheConditionFails_writesNothingAndReturnsTheOldItem() {
        dynamoDb.putItem(r -> r.tableName("t").item(item("a")));
        assertThatThrownBy(() -> dynamoDb.putItem(r -> r.tableName("t").item(item("b"))
                .conditionExpression("attribute_not_exists(#h) OR #h = :me").expressionAttributeNames(Map.of("#h", "holder"))
                .expressionAttributeValues(Map.of(":me", s("b")))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                        e -> assertThat(e.item().get("holder").s()).isEqualTo("a"));
        assertThat(stored("lock").get("holder").s()).isEqualTo("a");
    }

    @Test
    void putItem_whenTheConditionFailsWithoutAllOld_returnsNoItem() {
        dynamoDb.putItem(r -> r.tableName("t").item(item("a")));
        assertThatThrownBy(() -> dynamoDb.putItem(r -> r.tableName("t").item(item("b")).conditionExpression("#h = :me")
                .expressionAttributeNames(Map.of("#h", "holder")).expressionAttributeValues(Map.of(":me", s("b")))))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> assertThat(e.hasItem()).isFalse());
    }

    @Test
    void updateItem_whenTheItemIsMissingAndTheConditionNamesIt_createsNothing() {
        assertThatThrownBy(() -> dynamoDb.updateItem(r -> r.tableName("t").key(key()).updateExpression("SET #h = :me")
                .conditionExpression("#h = :me").expressionAttributeNames(Map.of("#h", "holder"))
                .expressionAttributeValues(Map.of(":me", s("a")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(dynamoDb.items("t")).isEmpty();
    }

    @Test
    void getItem_whenNotConsistent_mayReturnTheItemAsItWasBeforeARecentWrite() {
        dynamoDb.putItem(r -> r.tableName("t").item(item("a")));
        sim.clock().advance(Duration.ofSeconds(5));
        dynamoDb.putItem(r -> r.tableName("t").item(item("b")));
        assertThat(dynamoDb.getItem(r -> r.tableName("t").key(key())).item().get("holder").s()).isEqualTo("a");
        assertThat(dynamoDb.getItem(r -> r.tableName("t").key(key()).consistentRead(true)).item().get("holder").s()).isEqualTo("b");
        sim.clock().advance(Duration.ofSeconds(2));
        assertThat(dynamoDb.getItem(r -> r.tableName("t").key(key())).item().get("holder").s()).isEqualTo("b");
    }

    @Test
    void anyCall_whenTheTableIsMissing_failsWithResourceNotFound() {
        assertThatThrownBy(() -> dynamoDb.getItem(r -> r.tableName("nope").key(key()))).isInstanceOf(ResourceNotFoundException.class);
    }

    // ---- TransactWriteItems ---------------------------------------------------------------------------

    @Test
    void transactWriteItems_whenAConditionCheckFails_writesNothingAndReportsReasonsIndexAligned() {
        dynamoDb.putItem(r -> r.tableName("t").item(item("a")));
        dynamoDb.putItem(r -> r.tableName("t").item(Map.of("cluster", s("orders"), "item", s("record"), "document", s("v1"))));

        assertThatThrownBy(() -> transact(put(item("run#1", "b")), setDocument("record", "v2"),
                holderCheck("lock", "b", null)))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(codes(e)).containsExactly("None", "None", "ConditionalCheckFailed");
                    assertThat(e.cancellationReasons().get(2).message()).isEqualTo("The conditional request failed");
                    assertThat(e.cancellationReasons().get(2).hasItem()).isFalse();
                    assertThat(e.getMessage()).contains("[None, None, ConditionalCheckFailed]");
                })
                .satisfies(errorCode("TransactionCanceledException", 400));
        assertThat(stored("run#1")).isNull();
        assertThat(stored("record").get("document").s()).isEqualTo("v1");
    }

    @Test
    void transactWriteItems_whenSeveralConditionsFail_reportsEachOfThem() {
        dynamoDb.putItem(r -> r.tableName("t").item(item("a")));
        dynamoDb.putItem(r -> r.tableName("t").item(item("other", "a")));

        assertThatThrownBy(() -> transact(holderCheck("lock", "b", null), put(item("run#1", "b")), holderCheck("other", "b", null)))
                .isInstanceOfSatisfying(TransactionCanceledException.class,
                        e -> assertThat(codes(e)).containsExactly("ConditionalCheckFailed", "None", "ConditionalCheckFailed"));
        assertThat(stored("run#1")).isNull();
    }

    @Test
    void transactWriteItems_withAllOld_returnsTheOldItemInItsReason() {
        dynamoDb.putItem(r -> r.tableName("t").item(item("a")));
        TransactWriteItem conditionalPut = TransactWriteItem.builder().put(p -> p.tableName("t").item(item("run#1", "b"))
                .conditionExpression("attribute_not_exists(#h)").expressionAttributeNames(Map.of("#h", "holder"))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();

        assertThatThrownBy(() -> transact(conditionalPut, holderCheck("lock", "b", ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(codes(e)).containsExactly("None", "ConditionalCheckFailed");
                    assertThat(e.cancellationReasons().get(0).hasItem()).isFalse();
                    assertThat(e.cancellationReasons().get(1).item()).isEqualTo(item("a"));
                });
    }

    @Test
    void transactWriteItems_whenEveryConditionHolds_appliesEveryAction() {
        dynamoDb.putItem(r -> r.tableName("t").item(item("a")));
        dynamoDb.putItem(r -> r.tableName("t").item(Map.of("cluster", s("orders"), "item", s("record"), "document", s("v1"),
                "draft", s("x"))));
        dynamoDb.putItem(r -> r.tableName("t").item(item("stale", "a")));
        TransactWriteItem setAndRemove = TransactWriteItem.builder().update(u -> u.tableName("t").key(key("record"))
                .updateExpression("SET #d = :d REMOVE #x").conditionExpression("attribute_exists(#d)")
                .expressionAttributeNames(Map.of("#d", "document", "#x", "draft")).expressionAttributeValues(Map.of(":d", s("v2")))).build();
        TransactWriteItem delete = TransactWriteItem.builder().delete(d -> d.tableName("t").key(key("stale"))).build();

        transact(holderCheck("lock", "a", null), put(item("run#1", "a")), setAndRemove, delete);

        assertThat(stored("lock")).isEqualTo(item("a"));
        assertThat(stored("run#1")).isEqualTo(item("run#1", "a"));
        assertThat(stored("record")).isEqualTo(Map.of("cluster", s("orders"), "item", s("record"), "document", s("v2")));
        assertThat(stored("stale")).isNull();
    }

    @Test
    void transactWriteItems_whenTwoActionsTargetOneItem_failsWithValidationExceptionAndWritesNothing() {
        assertThatThrownBy(() -> transact(put(item("run#1", "a")), put(item("a")), holderCheck("lock", "a", null)))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(errorCode("ValidationException", 400))
                .hasMessageContaining("multiple operations on one item");
        assertThat(dynamoDb.items("t")).isEmpty();
    }

    @Test
    void transactWriteItems_whenTheSameKeyIsInTwoTables_treatsThemAsTwoItems() {
        dynamoDb.createTable("u", "cluster", "item");
        transact(put(item("a")), TransactWriteItem.builder().put(p -> p.tableName("u").item(item("a"))).build());
        assertThat(dynamoDb.items("t")).hasSize(1);
        assertThat(dynamoDb.items("u")).hasSize(1);
    }

    @Test
    void transactWriteItems_withMoreThan100Actions_failsWithValidationException() {
        TransactWriteItem[] hundredAndOne = IntStream.rangeClosed(0, 100).mapToObj(i -> put(item("run#" + i, "a")))
                .toArray(TransactWriteItem[]::new);

        assertThatThrownBy(() -> transact(hundredAndOne)).satisfies(errorCode("ValidationException", 400));
        assertThat(dynamoDb.items("t")).isEmpty();
        transact(java.util.Arrays.copyOf(hundredAndOne, 100));
        assertThat(dynamoDb.items("t")).hasSize(100);
    }

    @Test
    void transactWriteItems_whenEmpty_failsWithValidationException() {
        assertThatThrownBy(this::transact).satisfies(errorCode("ValidationException", 400));
    }

    @Test
    void transactWriteItems_whenAMemberHoldsNoneOrTwoActions_failsWithValidationException() {
        TransactWriteItem twoActions = put(item("a")).toBuilder().delete(d -> d.tableName("t").key(key("other"))).build();

        assertThatThrownBy(() -> transact(TransactWriteItem.builder().build())).satisfies(errorCode("ValidationException"));
        assertThatThrownBy(() -> transact(twoActions)).satisfies(errorCode("ValidationException"));
        assertThat(dynamoDb.items("t")).isEmpty();
    }

    @Test
    void transactWriteItems_whenAConditionCheckHasNoCondition_failsWithValidationException() {
        assertThatThrownBy(() -> transact(TransactWriteItem.builder().conditionCheck(c -> c.tableName("t").key(key())).build()))
                .satisfies(errorCode("ValidationException"));
    }

    @Test
    void transactWriteItems_whenALaterActionIsInvalid_writesNothing() {
        assertThatThrownBy(() -> transact(put(item("a")), TransactWriteItem.builder().put(p -> p.tableName("nope").item(item("b"))).build()))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> transact(put(item("a")), TransactWriteItem.builder().update(u -> u.tableName("t").key(key("record"))
                .updateExpression("ADD #n :one").expressionAttributeNames(Map.of("#n", "n"))
                .expressionAttributeValues(Map.of(":one", n("1")))).build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dynamoDb.items("t")).isEmpty();
    }

    @Test
    void transactWriteItems_isLoggedAsOneStateCall_notAMutatingOne() {
        transact(put(item("a")), put(item("run#1", "a")));

        assertThat(sim.callCount("TransactWriteItems")).isEqualTo(1);
        assertThat(sim.calls().getLast().kind()).isEqualTo(SimAws.Kind.STATE);
        assertThat(sim.calls().getLast().succeeded()).isTrue();
        assertThat(sim.mutatingCallCount()).isZero();
    }

    @Test
    void transactWriteItems_whenAFailureIsInjected_failsBeforeWritingLikeOtherOperations() {
        sim.failOperation("TransactWriteItems", "InternalServerError", 1);

        assertThatThrownBy(() -> transact(put(item("a")))).isInstanceOf(DynamoDbException.class)
                .satisfies(errorCode("InternalServerError", 500));
        assertThat(dynamoDb.items("t")).isEmpty();
        assertThat(sim.calls().getLast().outcome()).isEqualTo("InternalServerError");
        transact(put(item("a")));
        assertThat(dynamoDb.items("t")).hasSize(1);
    }

    @Test
    void transactWriteItems_whenAFailureIsInjectedAfterApply_keepsEveryWrite() {
        sim.failOperation("TransactWriteItems", "TransactionCanceledException", 1, SimAws.FaultTiming.AFTER_APPLY);

        assertThatThrownBy(() -> transact(put(item("a")), put(item("run#1", "a")))).isInstanceOf(TransactionCanceledException.class);
        assertThat(dynamoDb.items("t")).hasSize(2);
    }

    // ---- condition expressions -------------------------------------------------------------------------

    /** On an item where #a = :x holds and #b = :y, #c = :z do not: which combinations hold shows how they group. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # AND binds tighter than OR
            '#a = :x OR #b = :y AND #c = :z'                      | true
            '#b = :y AND #c = :z OR #a = :x'                      | true
            '#a = :x AND #b = :y OR #c = :z'                      | false
            # parentheses group first
            '(#a = :x OR #b = :y) AND #c = :z'                    | false
            '((#a = :x)) AND (#b = :y OR (#c = :z OR #a = :x))'   | true
            """)
    void conditionExpression_whenAndOrAndParenthesesMix_andBindsTighterAndParenthesesGroupFirst(String expression, boolean expected) {
        Map<String, AttributeValue> item = Map.of("a", s("x"), "b", s("other"), "c", s("other"));

        assertThat(holds(item, expression, Map.of(":x", s("x"), ":y", s("y"), ":z", s("z")))).isEqualTo(expected);
    }

    @Test
    void conditionExpression_attributeExistsAndNotExists_lookAtThePresenceOnly() {
        assertThat(holds(Map.of("a", s("")), "attribute_exists(#a)", Map.of())).isTrue();
        assertThat(holds(Map.of("a", AttributeValue.fromNul(true)), "attribute_not_exists(#a)", Map.of())).isFalse();
        assertThat(holds(Map.of(), "attribute_exists(#a)", Map.of())).isFalse();
        assertThat(holds(Map.of(), "attribute_not_exists(#a)", Map.of())).isTrue();
    }

    /** {@code "N 10"}, {@code "S abc"}, {@code "BOOL true"}: a typed attribute value. */
    private static AttributeValue typed(String literal) {
        String[] parts = literal.split(" ", 2);
        return switch (parts[0]) {
            case "N" -> n(parts[1]);
            case "S" -> s(parts[1]);
            case "BOOL" -> AttributeValue.fromBool(Boolean.parseBoolean(parts[1]));
            default -> throw new IllegalArgumentException(literal);
        };
    }

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # a missing attribute equals nothing and is ordered against nothing
            missing       | =  | S v       | false
            missing       | <  | S v       | false
            missing       | <= | S v       | false
            missing       | >  | S v       | false
            missing       | >= | S v       | false
            missing       | <> | S v       | true
            # numbers compare numerically
            N 10          | >  | N 9       | true
            N 10          | <  | N 9       | false
            N 10          | >= | N 10      | true
            N 10          | <= | N 10      | true
            N 1.0         | =  | N 1       | true
            N 1E1         | =  | N 10      | true
            N -10         | <  | N -5      | true
            N 1.0         | <> | N 1       | false
            # strings compare by their UTF-8 bytes
            S 10          | >  | S 9       | false
            S B           | <  | S a       | true
            S abc         | >  | S ab      | true
            S a           | <> | S a       | false
            # U+1F600 sorts after U+FFFD in UTF-8 (F0 9F 98 80 > EF BF BD), before it in UTF-16 (D83D < FFFD)
            S \uD83D\uDE00 | > | S \uFFFD  | true
            # an attribute of another type equals nothing and is ordered against nothing
            S 6           | =  | N 6       | false
            S 6           | <> | N 6       | true
            S 6           | <= | N 6       | false
            S 6           | >= | N 6       | false
            # booleans compare for equality
            BOOL true     | =  | BOOL true | true
            BOOL false    | <> | BOOL true | true
            """)
    void conditionExpression_whenComparing_followsTheTypeRules(String stored, String comparator, String value, boolean expected) {
        Map<String, AttributeValue> attributes = stored.equals("missing") ? Map.of() : Map.of("a", typed(stored));

        assertThat(holds(attributes, "#a " + comparator + " :v", Map.of(":v", typed(value)))).isEqualTo(expected);
    }

    @Test
    void conditionExpression_withAnyWhitespace_isReadTheSame() {
        assertThat(holds(Map.of(), " attribute_not_exists ( #h )OR(#h=:me) ", Map.of(":me", s("a")))).isTrue();
        assertThat(holds(Map.of("h", s("a")), "#h<>:me", Map.of(":me", s("a")))).isFalse();
    }

    @Test
    void conditionExpression_whenAPlaceholderIsUndefined_failsWithValidationExceptionEvenInAnUnneededBranch() {
        assertThatThrownBy(() -> holds(Map.of(), "attribute_not_exists(#h) OR #h = :me", Map.of()))
                .satisfies(errorCode("ValidationException", 400));
        assertThatThrownBy(() -> dynamoDb.putItem(r -> r.tableName("t").item(item("a"))
                .conditionExpression("attribute_not_exists(#h) OR #h = :me").expressionAttributeValues(Map.of(":me", s("a")))))
                .satisfies(errorCode("ValidationException", 400));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "begins_with(#h, :me)",
        "contains(#h, :me)",
        "size(#h) > :n",
        "attribute_type(#h, :me)",
        "Attribute_exists(#h)",
        "#h != :me",
        "#h == :me",
        "NOT #h = :me",
        "#h BETWEEN :me AND :n",
        "#h IN (:me, :n)",
        "holder = :me",
        ":me = #h",
        "#h = #h",
        "#h = :me and #h = :me",
        "#h = :me AND",
        "(#h = :me",
        "#h = :me)",
        "#h.sub = :me",
        "#h < :yes",
        "",
    })
    void conditionExpression_whenNotModelled_isRefusedLoudlyNamingIt(String expression) {
        Map<String, AttributeValue> values = Map.of(":me", s("a"), ":n", n("1"), ":yes", AttributeValue.fromBool(true));

        assertThatThrownBy(() -> dynamoDb.putItem(r -> r.tableName("t").item(item("a")).conditionExpression(expression)
                .expressionAttributeNames(Map.of("#h", "holder")).expressionAttributeValues(values)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not model the condition expression '" + expression + "'");
        assertThat(dynamoDb.items("t")).isEmpty();
    }

    // ---- update expressions ----------------------------------------------------------------------------

    @Test
    void updateItem_withRemove_dropsTheAttributes() {
        dynamoDb.putItem(r -> r.tableName("t").item(Map.of("cluster", s("orders"), "item", s("lock"), "holder", s("a"),
                "leaseUntil", n("5"), "takenAt", s("then"))));

        dynamoDb.updateItem(r -> r.tableName("t").key(key()).updateExpression("REMOVE #h, #l, #missing")
                .expressionAttributeNames(Map.of("#h", "holder", "#l", "leaseUntil", "#missing", "missing")));

        assertThat(stored("lock")).isEqualTo(Map.of("cluster", s("orders"), "item", s("lock"), "takenAt", s("then")));
    }

    @Test
    void updateItem_withSetAndRemove_appliesBothInEitherOrder() {
        for (String expression : List.of("SET #l = :l, #t = :t REMOVE #h", "REMOVE #h SET #l = :l, #t = :t")) {
            dynamoDb.putItem(r -> r.tableName("t").item(item("a")));

            dynamoDb.updateItem(r -> r.tableName("t").key(key()).updateExpression(expression)
                    .expressionAttributeNames(Map.of("#h", "holder", "#l", "leaseUntil", "#t", "takenAt"))
                    .expressionAttributeValues(Map.of(":l", n("7"), ":t", s("now"))));

            assertThat(stored("lock")).as(expression).isEqualTo(Map.of("cluster", s("orders"), "item", s("lock"),
                    "leaseUntil", n("7"), "takenAt", s("now")));
        }
    }

    @Test
    void updateItem_whenAnAttributeIsNamedTwice_failsWithValidationException() {
        dynamoDb.putItem(r -> r.tableName("t").item(item("a")));

        for (String expression : List.of("SET #h = :me REMOVE #h", "SET #h = :me, #h = :me")) {
            assertThatThrownBy(() -> dynamoDb.updateItem(r -> r.tableName("t").key(key()).updateExpression(expression)
                    .expressionAttributeNames(Map.of("#h", "holder")).expressionAttributeValues(Map.of(":me", s("b")))))
                    .as(expression).satisfies(errorCode("ValidationException", 400)).hasMessageContaining("overlap");
        }
        assertThat(stored("lock")).isEqualTo(item("a"));
    }

    @Test
    void updateItem_whenItChangesAKeyAttribute_failsWithValidationException() {
        dynamoDb.putItem(r -> r.tableName("t").item(item("a")));

        assertThatThrownBy(() -> dynamoDb.updateItem(r -> r.tableName("t").key(key()).updateExpression("REMOVE #k")
                .expressionAttributeNames(Map.of("#k", "item"))))
                .satisfies(errorCode("ValidationException", 400)).hasMessageContaining("part of the key");
        assertThat(stored("lock")).isEqualTo(item("a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ADD #n :one",
        "DELETE #h :one",
        "SET #n = #n + :one",
        "SET #n = if_not_exists(#n, :one)",
        "SET #n = :one SET #h = :one",
        "REMOVE #n REMOVE #h",
        "SET #n = :one,",
        "REMOVE",
        "set #n = :one",
        "SET n = :one",
        "REMOVE #h[0]",
        "",
    })
    void updateExpression_whenNotModelled_isRefusedLoudlyNamingIt(String expression) {
        dynamoDb.putItem(r -> r.tableName("t").item(item("a")));

        assertThatThrownBy(() -> dynamoDb.updateItem(r -> r.tableName("t").key(key()).updateExpression(expression)
                .expressionAttributeNames(Map.of("#n", "n", "#h", "holder")).expressionAttributeValues(Map.of(":one", n("1")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not model the update expression '" + expression + "'");
        assertThat(stored("lock")).isEqualTo(item("a"));
    }
}
