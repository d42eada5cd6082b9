package com.auroracdc.internal.metrics;

import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CloudWatch Embedded Metric Format log line: printed to stdout, CloudWatch Logs turns it into metrics,
 * no PutMetricData call and no extra permission. Each dimension set yields its own metric from the same
 * value (e.g. per cluster and kind, per kind, and an empty set for the account-wide total).
 */
public final class MetricLine {
    /** The function variable naming the CloudWatch namespace of every metric line (template.yaml Globals). */
    public static final String NAMESPACE_VARIABLE = "METRICS_NAMESPACE";
    public static final String DEFAULT_NAMESPACE = "AuroraCdcAutopilot";

    private final String namespace;
    private final Instant timestamp;
    private final List<List<String>> dimensionSets = new ArrayList<>();
    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final Map<String, Number> values = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();

    private MetricLine(String namespace, Instant timestamp) {
        this.namespace = namespace;
        this.timestamp = timestamp;
    }

    public static MetricLine of(String namespace, Instant timestamp) {
        return new MetricLine(namespace, timestamp);
    }

    /** Adds one dimension set; every key must also be given a value with {@link #dimension}. */
    public MetricLine dimensionSet(String... keys) {
        dimensionSets.add(List.of(keys));
        return this;
    }

    public MetricLine dimension(String key, String value) {
        dimensions.put(key, value);
        return this;
    }

    public MetricLine metric(String name, Number value, String unit) {
        values.put(name, value);
        units.put(name, unit);
        return this;
    }

    public String toJson() {
        for (List<String> set : dimensionSets) {
            for (String key : set) {
                if (!dimensions.containsKey(key)) {
                    throw new IllegalStateException("EMF dimension " + key + " has no value");
                }
            }
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", timestamp.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode sets = directive.putArray("Dimensions");
        for (List<String> set : dimensionSets) {
            ArrayNode keys = sets.addArray();
            set.forEach(keys::add);
        }
        ArrayNode metrics = directive.putArray("Metrics");
        values.keySet().forEach(name -> metrics.addObject().put("Name", name).put("Unit", units.get(name)));
        dimensions.forEach(root::put);
        values.forEach((name, value) -> root.set(name, Json.MAPPER.valueToTree(value)));
        return Json.write(root);
    }
}
