package com.auroracdc.internal.execution;

import com.auroracdc.errors.ClusterStateTableException;
import com.auroracdc.internal.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The cluster state in the stack's DynamoDB table (template.yaml {@code ClusterStateTable}), low-level client only.
 * Partition key {@code cluster}, sort key {@code item}:
 * <ul>
 *   <li>{@code <cluster>} / {@code lock}: the execution holding the cluster, the hash of its token, until when;</li>
 *   <li>{@code execution#<execution ARN>} / {@code context}: that execution's {@link ExecutionContext}, its token hash
 *       and version (expired by TTL after {@value #CONTEXT_DAYS} days);</li>
 *   <li>{@code <cluster>} / {@code record}: the desired state ({@link SetupRecord}) the last applied setup left;</li>
 *   <li>{@code <cluster>} / {@code run#<finished>#<execution>}: one per finished run, for audit (TTL {@value #HISTORY_DAYS} days).</li>
 * </ul>
 * Cluster identifiers are stored in lower case: RDS compares them case-insensitively. Every read that decides
 * anything is strongly consistent; every write that depends on the lease carries its condition in the same
 * transaction (TransactWriteItems is all or nothing).
 */
public final class DynamoDbClusterState implements ClusterState {
    /** Environment variable naming the table (template.yaml sets it; the local runners pass their own). */
    public static final String TABLE_VARIABLE = "CLUSTER_STATE_TABLE";
    static final int HISTORY_DAYS = 90;
    static final int CONTEXT_DAYS = 30;

    // The only condition expressions this class sends (the simulator refuses any other).
    static final String FREE_EXPIRED_OR_OURS =
            "attribute_not_exists(#holder) OR #leaseUntil < :now OR (#holder = :me AND #tokenHash = :hash)";
    static final String OURS = "#holder = :me AND #tokenHash = :hash";
    static final String UNBOUND_OR_OURS = "attribute_not_exists(#tokenHash) OR #tokenHash = :hash";
    static final String OURS_AT_VERSION = "#tokenHash = :hash AND #version = :version";

    private static final String LOCK = "lock";
    private static final String RECORD = "record";
    private static final String CONTEXT = "context";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbClusterState(DynamoDbClient dynamoDb, String table) {
        if (table == null || table.isBlank()) {
            throw new ClusterStateTableException("The environment variable " + TABLE_VARIABLE + " is not set: it names the"
                    + " DynamoDB table holding each cluster's lock and desired state (template.yaml sets it). Deploy with"
                    + " the template, or set it to a table with partition key 'cluster' and sort key 'item' (strings).");
        }
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public static DynamoDbClusterState fromEnvironment(DynamoDbClient dynamoDb, Map<String, String> environment) {
        return new DynamoDbClusterState(dynamoDb, environment.get(TABLE_VARIABLE));
    }

    public String tableName() {
        return table;
    }

    @Override
    public Lease acquire(ExecutionContext context, String tokenHash, Instant now, Instant leaseUntil) {
        Map<String, AttributeValue> lock = Map.of("cluster", s(key(context.cluster())), "item", s(LOCK),
                "holder", s(context.executionId()), "tokenHash", s(tokenHash), "leaseUntil", n(leaseUntil.getEpochSecond()),
                "takenAt", s(now.toString()));
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(lock)
                            .conditionExpression(FREE_EXPIRED_OR_OURS)
                            .expressionAttributeNames(Map.of("#holder", "holder", "#leaseUntil", "leaseUntil", "#tokenHash", "tokenHash"))
                            .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()), ":me", s(context.executionId()),
                                    ":hash", s(tokenHash)))
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(contextItem(context, tokenHash, 1))
                            .conditionExpression(UNBOUND_OR_OURS)
                            .expressionAttributeNames(Map.of("#tokenHash", "tokenHash"))
                            .expressionAttributeValues(Map.of(":hash", s(tokenHash)))).build()));
        } catch (TransactionCanceledException e) {
            if (failed(e, 0)) {
                throw LeaseMessages.held(context.cluster(), holderOf(e.cancellationReasons().get(0).item()), e);
            }
            if (failed(e, 1)) {
                throw LeaseMessages.boundElsewhere(context.executionId());
            }
            throw e;
        }
        return new Lease(context.cluster(), context.executionId(), tokenHash);
    }

    @Override
    public Lease acquireBrief(String cluster, String holder, String tokenHash, Instant now, Instant leaseUntil) {
        // The same condition as an execution's: a fresh holder is never "ours", so the lock must be free or expired.
        try {
            dynamoDb.putItem(p -> p.tableName(table).item(Map.of("cluster", s(key(cluster)), "item", s(LOCK),
                            "holder", s(holder), "tokenHash", s(tokenHash), "leaseUntil", n(leaseUntil.getEpochSecond()),
                            "takenAt", s(now.toString())))
                    .conditionExpression(FREE_EXPIRED_OR_OURS)
                    .expressionAttributeNames(Map.of("#holder", "holder", "#leaseUntil", "leaseUntil", "#tokenHash", "tokenHash"))
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()), ":me", s(holder), ":hash", s(tokenHash)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException e) {
            throw LeaseMessages.held(cluster, e.hasItem() ? holderOf(e.item()) : null, e);
        }
        return new Lease(cluster, holder, tokenHash);
    }

    @Override
    public void storeDryRun(ExecutionContext context, String tokenHash) {
        try {
            dynamoDb.putItem(p -> p.tableName(table).item(contextItem(context, tokenHash, 1))
                    .conditionExpression(UNBOUND_OR_OURS)
                    .expressionAttributeNames(Map.of("#tokenHash", "tokenHash"))
                    .expressionAttributeValues(Map.of(":hash", s(tokenHash))));
        } catch (ConditionalCheckFailedException e) {
            throw LeaseMessages.boundElsewhere(context.executionId());
        }
    }

    @Override
    public Optional<StoredContext> context(String executionId) {
        Map<String, AttributeValue> item = get(contextKey(executionId));
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredContext(Json.read(item.get("document").s(), ExecutionContext.class),
                item.get("tokenHash").s(), Long.parseLong(item.get("version").n())));
    }

    @Override
    public void renew(Lease lease, Instant leaseUntil) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key(lease.cluster(), LOCK))
                    .updateExpression("SET #leaseUntil = :until")
                    .conditionExpression(OURS)
                    .expressionAttributeNames(Map.of("#holder", "holder", "#tokenHash", "tokenHash", "#leaseUntil", "leaseUntil"))
                    .expressionAttributeValues(Map.of(":me", s(lease.executionId()), ":hash", s(lease.tokenHash()),
                            ":until", n(leaseUntil.getEpochSecond())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException e) {
            throw LeaseMessages.lost(lease, e.hasItem() ? holderOf(e.item()) : null);
        }
    }

    @Override
    public void check(Lease lease) {
        Map<String, AttributeValue> lock = get(key(lease.cluster(), LOCK));
        if (lock == null || !lease.executionId().equals(lock.get("holder").s())
                || !lease.tokenHash().equals(text(lock, "tokenHash"))) {
            throw LeaseMessages.lost(lease, holderOf(lock));
        }
    }

    @Override
    public long save(Lease lease, Instant leaseUntil, ExecutionContext context, String tokenHash, long expectedVersion) {
        TransactWriteItem put = TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(contextItem(context, tokenHash, expectedVersion + 1))
                .conditionExpression(OURS_AT_VERSION)
                .expressionAttributeNames(Map.of("#tokenHash", "tokenHash", "#version", "version"))
                .expressionAttributeValues(Map.of(":hash", s(tokenHash), ":version", n(expectedVersion)))).build();
        try {
            if (lease == null) {
                dynamoDb.transactWriteItems(r -> r.transactItems(put));
            } else {
                dynamoDb.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().update(u -> u.tableName(table)
                        .key(key(lease.cluster(), LOCK))
                        .updateExpression("SET #leaseUntil = :until")
                        .conditionExpression(OURS)
                        .expressionAttributeNames(Map.of("#holder", "holder", "#tokenHash", "tokenHash", "#leaseUntil", "leaseUntil"))
                        .expressionAttributeValues(Map.of(":me", s(lease.executionId()), ":hash", s(lease.tokenHash()),
                                ":until", n(leaseUntil.getEpochSecond())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(), put));
            }
        } catch (TransactionCanceledException e) {
            if (lease != null && failed(e, 0)) {
                throw LeaseMessages.lost(lease, holderOf(e.cancellationReasons().get(0).item()));
            }
            if (failed(e, lease == null ? 0 : 1)) {
                throw LeaseMessages.concurrentSave(context.executionId());
            }
            throw e;
        }
        return expectedVersion + 1;
    }

    @Override
    public boolean finish(Lease lease, SetupRecord record, SetupRecord entry) {
        TransactWriteItem release = TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(lease.cluster(), LOCK))
                .conditionExpression(OURS)
                .expressionAttributeNames(Map.of("#holder", "holder", "#tokenHash", "tokenHash"))
                .expressionAttributeValues(Map.of(":me", s(lease.executionId()), ":hash", s(lease.tokenHash())))).build();
        TransactWriteItem history = TransactWriteItem.builder().put(p -> p.tableName(table).item(historyItem(entry))).build();
        List<TransactWriteItem> items = record == null ? List.of(release, history)
                : List.of(release, TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of(
                        "cluster", s(key(record.cluster())), "item", s(RECORD), "document", s(Json.write(record))))).build(), history);
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(items));
            return true;
        } catch (TransactionCanceledException e) {
            if (!failed(e, 0)) {
                throw e;
            }
            dynamoDb.putItem(p -> p.tableName(table).item(historyItem(entry))); // not ours any more: history only
            return false;
        }
    }

    @Override
    public boolean release(Lease lease) {
        try {
            dynamoDb.deleteItem(d -> d.tableName(table).key(key(lease.cluster(), LOCK))
                    .conditionExpression(OURS)
                    .expressionAttributeNames(Map.of("#holder", "holder", "#tokenHash", "tokenHash"))
                    .expressionAttributeValues(Map.of(":me", s(lease.executionId()), ":hash", s(lease.tokenHash()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<LockHolder> holder(String cluster) {
        return Optional.ofNullable(holderOf(get(key(cluster, LOCK))));
    }

    @Override
    public Optional<SetupRecord> record(String cluster) {
        Map<String, AttributeValue> item = get(key(cluster, RECORD));
        return item == null ? Optional.empty() : Optional.of(Json.read(item.get("document").s(), SetupRecord.class));
    }

    private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private Map<String, AttributeValue> contextItem(ExecutionContext context, String tokenHash, long version) {
        Map<String, AttributeValue> item = new HashMap<>(contextKey(context.executionId()));
        item.put("document", s(Json.write(context)));
        item.put("tokenHash", s(tokenHash));
        item.put("version", n(version));
        item.put("forCluster", s(key(context.cluster())));
        item.put("expiresAt", n(Instant.parse(context.startedAt()).plus(Duration.ofDays(CONTEXT_DAYS)).getEpochSecond()));
        return item;
    }

    private static Map<String, AttributeValue> historyItem(SetupRecord entry) {
        return Map.of("cluster", s(key(entry.cluster())), "item", s("run#" + entry.finishedAt() + "#" + entry.executionId()),
                "document", s(Json.write(entry)),
                "expiresAt", n(Instant.parse(entry.finishedAt()).plus(Duration.ofDays(HISTORY_DAYS)).getEpochSecond()));
    }

    private static boolean failed(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        return index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static LockHolder holderOf(Map<String, AttributeValue> lock) {
        if (lock == null || !lock.containsKey("holder")) {
            return null;
        }
        return new LockHolder(lock.get("holder").s(), Instant.ofEpochSecond(Long.parseLong(lock.get("leaseUntil").n())),
                lock.containsKey("takenAt") ? Instant.parse(lock.get("takenAt").s()) : null);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? item.get(name).s() : null;
    }

    private static Map<String, AttributeValue> contextKey(String executionId) {
        return Map.of("cluster", s("execution#" + executionId), "item", s(CONTEXT));
    }

    static String key(String cluster) {
        return InMemoryClusterState.key(cluster);
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
