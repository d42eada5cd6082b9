package com.auroracdc.internal.privatelink;

import com.auroracdc.errors.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the failover retarget is asked to look at, parsed from an input anyone allowed to invoke the function may have
 * written: an RDS event as EventBridge delivers it (source {@code aws.rds}, detail-type {@value #CLUSTER_EVENT} or
 * {@value #INSTANCE_EVENT}, {@code detail.EventID}, {@code detail.SourceIdentifier}; see
 * https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-rds.html and "Overview of events for Aurora",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/working-with-events.html), or {@code {"clusterId": "..."}}
 * by hand. Anything else is refused with {@link InvalidInputException} before any AWS call. Only identifiers are taken
 * from it: the writer, the targets and whether the cluster is ours are read from AWS.
 *
 * @param clusterId  the cluster to retarget (a cluster event, or by hand); null for an instance event
 * @param instanceId the instance an instance event names (its cluster is read from RDS); null otherwise
 * @param eventId    the event's RDS-EVENT id; null by hand
 */
public record RetargetRequest(String clusterId, String instanceId, String eventId) {
    public static final String CLUSTER_EVENT = "RDS DB Cluster Event";
    public static final String INSTANCE_EVENT = "RDS DB Instance Event";
    /**
     * The cluster events the rule forwards: the failover category of "DB cluster events" in "Amazon RDS event categories
     * and event messages for Aurora" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_Events.Messages.html):
     * 0069 failover failed, 0070 promoting previous primary again, 0071 completed failover, 0072 started same-AZ
     * failover, 0073 started cross-AZ failover. template.yaml's rule names exactly these (RetargetRuleTest).
     */
    public static final Set<String> CLUSTER_EVENT_IDS = Set.of("RDS-EVENT-0069", "RDS-EVENT-0070", "RDS-EVENT-0071",
            "RDS-EVENT-0072", "RDS-EVENT-0073");
    /**
     * The instance events the rule forwards ("DB instance events", same page): 0004 shutdown and 0006 restarted
     * (availability: a writer restarting or replaced), 0014 finished applying a new instance class (a compute change
     * moves the instance), 0065 recovered from partial failover. Each only makes the retarget look: it changes something
     * only when the writer's address is not the target any more.
     */
    public static final Set<String> INSTANCE_EVENT_IDS = Set.of("RDS-EVENT-0004", "RDS-EVENT-0006", "RDS-EVENT-0014",
            "RDS-EVENT-0065");
    /** RDS identifiers: 1 to 63 letters, digits or hyphens, a letter first, no hyphen last, no two hyphens in a row. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)");
    private static final int MAX_IDENTIFIER = 63;
    private static final String RDS_PREFIX = "rds:";
    /** How much of a refused value a message repeats. */
    private static final int ECHO = 40;
    private static final String SHAPE = " This function takes an RDS event as EventBridge delivers it (source aws.rds,"
            + " detail-type \"" + CLUSTER_EVENT + "\" or \"" + INSTANCE_EVENT + "\", detail.EventID, detail.SourceIdentifier;"
            + " compare with events/rds-failover.json) or {\"clusterId\": \"<cluster>\"}. Nothing was changed.";

    /** @throws InvalidInputException the input is neither shape, or names no valid identifier or event */
    public static RetargetRequest parse(JsonNode input) {
        if (input == null || !input.isObject()) {
            throw refused("The input is not a JSON object.");
        }
        boolean event = input.has("source") || input.has("detail-type") || input.has("detail");
        if (input.has("clusterId")) {
            if (event) {
                throw refused("The input has both \"clusterId\" and event fields.");
            }
            return new RetargetRequest(identifier(text(input.get("clusterId")), input.get("clusterId"), "clusterId"), null, null);
        }
        if (!event) {
            throw refused("The input has neither \"clusterId\" nor the fields of an RDS event.");
        }
        if (!"aws.rds".equals(text(input.get("source")))) {
            throw refused("The event's source is " + echo(input.get("source")) + ", not aws.rds.");
        }
        String type = text(input.get("detail-type"));
        boolean cluster = CLUSTER_EVENT.equals(type);
        if (!cluster && !INSTANCE_EVENT.equals(type)) {
            throw refused("The event's detail-type is " + echo(input.get("detail-type")) + ".");
        }
        JsonNode detail = input.get("detail");
        if (detail == null || !detail.isObject()) {
            throw refused("The event has no detail object.");
        }
        String eventId = text(detail.get("EventID"));
        Set<String> accepted = cluster ? CLUSTER_EVENT_IDS : INSTANCE_EVENT_IDS;
        if (eventId == null || !accepted.contains(eventId)) {
            throw refused("The " + type + "'s detail.EventID is " + echo(detail.get("EventID")) + ", not one of "
                    + accepted.stream().sorted().toList() + ".");
        }
        JsonNode source = detail.get("SourceIdentifier");
        // AWS's sample events show the identifier as "rds:<name>"; delivered events carry the bare name.
        String raw = text(source);
        String id = identifier(raw != null && raw.startsWith(RDS_PREFIX) ? raw.substring(RDS_PREFIX.length()) : raw, source,
                "detail.SourceIdentifier");
        requireNamed(input.get("resources"), (cluster ? ":cluster:" : ":db:") + id);
        return cluster ? new RetargetRequest(id, null, eventId) : new RetargetRequest(null, id, eventId);
    }

    /** The event's resources, when it lists any, must include the ARN of the source it names. */
    private static void requireNamed(JsonNode resources, String arnEnd) {
        if (resources == null || resources.isNull()) {
            return;
        }
        if (!resources.isArray()) {
            throw refused("The event's resources is not a list.");
        }
        List<String> arns = new ArrayList<>();
        resources.forEach(r -> arns.add(text(r)));
        if (!arns.isEmpty() && arns.stream().noneMatch(arn -> arn != null && arn.toLowerCase(Locale.ROOT)
                .endsWith(arnEnd.toLowerCase(Locale.ROOT)))) {
            throw refused("The event's resources do not include the ARN of the source it names (..." + echo(arnEnd) + ").");
        }
    }

    /** @param shown the value as given, for the message */
    private static String identifier(String id, JsonNode shown, String field) {
        if (id == null || id.length() > MAX_IDENTIFIER || !IDENTIFIER.matcher(id).matches()) {
            throw refused("\"" + field + "\" is " + echo(shown) + ": an RDS identifier is 1 to 63 letters, digits or"
                    + " hyphens, begins with a letter, and has no trailing hyphen and no two hyphens in a row.");
        }
        return id;
    }

    private static String text(JsonNode value) {
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** The refused value, cut short: a message never repeats a huge payload. */
    private static String echo(Object value) {
        String shown = value == null ? "missing" : value instanceof JsonNode node && node.isTextual() ? "\"" + node.asText() + "\""
                : String.valueOf(value);
        return shown.length() <= ECHO ? shown : shown.substring(0, ECHO) + "... (" + shown.length() + " characters)";
    }

    private static InvalidInputException refused(String what) {
        return new InvalidInputException(what + SHAPE);
    }
}
