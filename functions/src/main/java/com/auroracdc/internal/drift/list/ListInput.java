package com.auroracdc.internal.drift.list;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The list function's input as drift.asl.json passes it.
 *
 * @param runId     the execution name: names repair executions and resets per-run caches
 * @param startedAt the execution start time
 * @param event     the execution input: the EventBridge Scheduled Event, or a manual
 *                  {@code {"clusterIdentifiers": ["orders-prod"]}} to check only some tagged clusters
 */
public record ListInput(String runId, String startedAt, JsonNode event) {
}
