package com.auroracdc.local.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

class SimDynamoDbTest {
    private final SimAws sim = SimAws.create();
    private final SimDynamoDb dynamoDb = sim.dynamoDb();

    SimDynamoDbTest() {
        dynamoDb.createTable("t", "cluster", "item");
    }

    private static Map<String, AttributeValue> item(String holder) {
        return Map.of("cluster", AttributeValue.fromS("orders"), "item", AttributeValue.fromS("lock"), "holder", AttributeValue.fromS(holder));
    }

    private static Map<String, AttributeValue> key() {
        return Map.of("cluster", AttributeValue.fromS("orders"), "item", AttributeValue.fromS("lock"));
    }

    @Test
    void putItem_whenTheConditionFails_writesNothingAndReturnsTheOldItem() {
        dynamoDb.putItem(r -> r.tableName("t").item(item("a")));
        assertThatThrownBy(() -> dynamoDb.putItem(r -> r.tableName("t").item(item("b"))
                .conditionExpression("attribute_not_exists(#h) OR #h = :me").expressionAttributeNames(Map.of("#h", "holder"))
                .expressionAttributeValues(Map.of(":me", AttributeValue.fromS("b")))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                        e -> assertThat(e.item().get("holder").s()).isEqualTo("a"));
        assertThat(dynamoDb.getItem(r -> r.tableName("t").key(key()).consistentRead(true)).item().get("holder").s()).isEqualTo("a");
    }

    @Test
    void updateItem_whenTheItemIsMissingAndTheConditionNamesIt_createsNothing() {
        assertThatThrownBy(() -> dynamoDb.updateItem(r -> r.tableName("t").key(key()).updateExpression("SET #h = :me")
                .conditionExpression("#h = :me").expressionAttributeNames(Map.of("#h", "holder"))
                .expressionAttributeValues(Map.of(":me", AttributeValue.fromS("a")))))
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
    void conditionExpression_whenNotModelled_isRefusedLoudly() {
        assertThatThrownBy(() -> dynamoDb.putItem(r -> r.tableName("t").item(item("a"))
                .conditionExpression("attribute_exists(#h) AND #h <> :me").expressionAttributeNames(Map.of("#h", "holder"))
                .expressionAttributeValues(Map.of(":me", AttributeValue.fromS("a")))))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("does not model");
    }

    @Test
    void anyCall_whenTheTableIsMissing_failsWithResourceNotFound() {
        assertThatThrownBy(() -> dynamoDb.getItem(r -> r.tableName("nope").key(key()))).isInstanceOf(ResourceNotFoundException.class);
    }
}
