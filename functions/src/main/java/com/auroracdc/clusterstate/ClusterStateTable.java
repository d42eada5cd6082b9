package com.auroracdc.clusterstate;

import com.auroracdc.errors.ClusterStateTableException;
import com.auroracdc.errors.SetupAlreadyRunningException;
import com.auroracdc.stage.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The per-cluster items of the DynamoDB table (template.yaml {@code ClusterStateTable}), through the low-level
 * client only. Partition key {@code cluster} (the identifier in lower case: RDS identifiers are
 * case-insensitive), sort key {@code item}:
 * <ul>
 *   <li>{@code lock}: the one setup allowed to change the cluster, and until when its lease runs;</li>
 *   <li>{@code record}: the desired state the last applied setup left ({@link SetupRecord});</li>
 *   <li>{@code run#<finished>#<execution>}: one per applied run, for audit, deleted by DynamoDB TTL
 *       ({@value #HISTORY_DAYS} days).</li>
 * </ul>
 * Every write that decides who holds the lock is conditional, and the record is read with ConsistentRead: an
 * eventually consistent read could return the record as it was before the last setup.
 */
public final class ClusterStateTable {
    /** Environment variable naming the table (template.yaml sets it; the local runners pass their own). */
    public static final String TABLE_VARIABLE = "CLUSTER_STATE_TABLE";
    static final int HISTORY_DAYS = 90;

    // The only condition expressions this code sends (the simulator refuses any other).
    static final String FREE_OR_OURS_OR_EXPIRED = "attribute_not_exists(#holder) OR #holder = :me OR #leaseUntil < :now";
    static final String OURS = "#holder = :me";

    private static final String LOCK = "lock";
    private static final String RECORD = "record";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public ClusterStateTable(DynamoDbClient dynamoDb, String table, Clock clock) {
        if (table == null || table.isBlank()) {
            throw new ClusterStateTableException("The environment variable " + TABLE_VARIABLE + " is not set: it names the"
                    + " DynamoDB table holding each cluster's lock and desired state (template.yaml sets it). Deploy with"
                    + " the template, or set it to a table with partition key 'cluster' and sort key 'item' (strings).");
        }
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    public static ClusterStateTable fromEnvironment(DynamoDbClient dynamoDb, Map<String, String> environment) {
        return new ClusterStateTable(dynamoDb, environment.get(TABLE_VARIABLE), Clock.systemUTC());
    }

    public String tableName() {
        return table;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Takes the cluster for {@code executionId} ({@link SetupLease#first}): free, already ours (a retried Inspect), or
     * left behind by a holder whose lease ran out. Otherwise {@link SetupAlreadyRunningException} naming the holder.
     */
    public void takeLock(String cluster, String executionId) {
        Instant now = clock.instant();
        Instant leaseUntil = SetupLease.first(now);
        try {
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(Map.of("cluster", s(key(cluster)), "item", s(LOCK), "holder", s(executionId),
                            "leaseUntil", n(leaseUntil.getEpochSecond()), "takenAt", s(now.toString())))
                    .conditionExpression(FREE_OR_OURS_OR_EXPIRED)
                    .expressionAttributeNames(Map.of("#holder", "holder", "#leaseUntil", "leaseUntil"))
                    .expressionAttributeValues(Map.of(":me", s(executionId), ":now", n(now.getEpochSecond())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException e) {
            throw held(cluster, e);
        }
    }

    /**
     * Extends our lease after a Reboot decision ({@link SetupLease#afterReboot}); {@link SetupAlreadyRunningException}
     * when the lock is no longer ours (it expired and another setup took it).
     */
    public Instant renewLock(String cluster, String executionId, int rebootDeadlineMinutes, Instant waitUntil) {
        Instant leaseUntil = SetupLease.afterReboot(clock.instant(), rebootDeadlineMinutes, waitUntil);
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key(cluster, LOCK))
                    .updateExpression("SET #leaseUntil = :until")
                    .conditionExpression(OURS)
                    .expressionAttributeNames(Map.of("#holder", "holder", "#leaseUntil", "leaseUntil"))
                    .expressionAttributeValues(Map.of(":me", s(executionId), ":until", n(leaseUntil.getEpochSecond())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return leaseUntil;
        } catch (ConditionalCheckFailedException e) {
            throw held(cluster, e);
        }
    }

    /** Gives the lock up if {@code executionId} still holds it; a lock held by another execution (or none) is left alone. */
    public void releaseLock(String cluster, String executionId) {
        try {
            dynamoDb.deleteItem(r -> r.tableName(table).key(key(cluster, LOCK))
                    .conditionExpression(OURS)
                    .expressionAttributeNames(Map.of("#holder", "holder"))
                    .expressionAttributeValues(Map.of(":me", s(executionId))));
        } catch (ConditionalCheckFailedException e) {
            // not ours: never taken (refused before the lock, dry run), or taken over after our lease expired
        }
    }

    /** The desired state the last applied setup left, read strongly consistent; empty for a cluster never set up. */
    public Optional<SetupRecord> record(String cluster) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(key(cluster, RECORD))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(Json.read(item.get("document").s(), SetupRecord.class));
    }

    /**
     * Stores an applied run: first its history entry, then (when it set the desired state) the record. Both are
     * plain puts of values the run determines, so a retried or re-run Report writes the same items again.
     */
    public void storeRun(SetupRecord run, boolean setsDesiredState) {
        String document = Json.write(run);
        Instant finished = Instant.parse(run.finishedAt());
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of("cluster", s(key(run.cluster())),
                "item", s("run#" + run.finishedAt() + "#" + run.executionId()), "document", s(document),
                "expiresAt", n(finished.plus(Duration.ofDays(HISTORY_DAYS)).getEpochSecond()))));
        if (setsDesiredState) {
            dynamoDb.putItem(r -> r.tableName(table).item(Map.of("cluster", s(key(run.cluster())), "item", s(RECORD),
                    "document", s(document))));
        }
    }

    private static SetupAlreadyRunningException held(String cluster, ConditionalCheckFailedException e) {
        Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
        String holder = old.containsKey("holder") ? old.get("holder").s() : "(released meanwhile)";
        String until = old.containsKey("leaseUntil") ? Instant.ofEpochSecond(Long.parseLong(old.get("leaseUntil").n())).toString() : "?";
        return new SetupAlreadyRunningException("Setup " + holder + " holds cluster " + cluster + " (lease until " + until
                + "). Wait for it to finish, or stop it with `aws stepfunctions stop-execution --execution-arn " + holder
                + "` (its Catch releases the lock), then run again.", e);
    }

    static String key(String cluster) {
        return cluster.toLowerCase(Locale.ROOT);
    }

    private static Map<String, AttributeValue> key(String cluster, String item) {
        return Map.of("cluster", s(key(cluster)), "item", s(item));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
