package com.auroracdc.internal.inspect;

import com.auroracdc.errors.InvalidInputException;
import com.auroracdc.internal.execution.Purpose;
import com.auroracdc.internal.execution.TeardownOptions;
import com.auroracdc.internal.settings.Tags;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an execution asks for, whichever way it was started: an EventBridge "Tag Change on Resource"
 * event for an RDS cluster, or a manual input such as {@code {"clusterIdentifier": "orders-prod", "dryRun": true}}
 * whose other fields override settings. A teardown is asked the same two ways: the trigger tag set to disabled or
 * removed, or a manual input that may also opt in to {@code dropSlots} and {@code restoreParameterGroup}.
 *
 * @param clusterArn the cluster ARN a tag event names (Inspect compares it with the cluster it describes); null for a
 *                   manual input, which names the cluster by identifier in this account and region
 * @param teardown   a teardown's opt-ins; null for a setup
 */
public record SetupRequest(String clusterIdentifier, boolean dryRun, Map<String, JsonNode> overrides, String clusterArn,
                           TeardownOptions teardown) {
    private static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)");
    private static final Pattern CLUSTER_ARN = Pattern.compile("arn:aws[a-z-]*:rds:([a-z0-9-]+):(\\d{12}):cluster:(.+)");

    public SetupRequest {
        overrides = Map.copyOf(overrides);
    }

    /** A request naming the cluster by identifier only (a manual input). */
    public SetupRequest(String clusterIdentifier, boolean dryRun, Map<String, JsonNode> overrides) {
        this(clusterIdentifier, dryRun, overrides, null, null);
    }

    /**
     * Parses an input that Inspect has already accepted (Report reads its overrides again): as
     * {@link #parse(JsonNode, String, String)} without comparing a tag event's region with this function's.
     */
    public static SetupRequest parse(JsonNode input, String triggerTagKey) {
        return parse(input, triggerTagKey, null);
    }

    /**
     * Parses an execution input; throws {@link InvalidInputException} naming what is wrong. A tag change event must
     * come from the account and region of the cluster it names (as EventBridge delivers it), and that cluster must be
     * in {@code region}.
     *
     * @param region the region this function runs in ({@code AWS_REGION}); null: not compared
     */
    public static SetupRequest parse(JsonNode input, String triggerTagKey, String region) {
        return parse(input, triggerTagKey, region, Purpose.SETUP);
    }

    /** As {@link #parse(JsonNode, String, String)}, for an execution of this purpose. */
    public static SetupRequest parse(JsonNode input, String triggerTagKey, String region, Purpose purpose) {
        if (input == null || !input.isObject()) {
            throw new InvalidInputException("The execution input must be a JSON object: either an EventBridge"
                    + " tag change event or {\"clusterIdentifier\": \"<cluster>\"} (see events/manual-input.json).");
        }
        SetupRequest request = input.has("source") || input.has("detail-type")
                ? fromTagEvent(input, triggerTagKey, region, purpose)
                : fromManualInput(input);
        return purpose == Purpose.TEARDOWN ? request.forTeardown() : request;
    }

    /** The teardown's options taken out of the overrides (they are no settings); every other field stays one. */
    private SetupRequest forTeardown() {
        Map<String, JsonNode> settings = new LinkedHashMap<>(overrides);
        TeardownOptions options = new TeardownOptions(option(settings.remove(TeardownOptions.DROP_SLOTS)),
                option(settings.remove(TeardownOptions.RESTORE_PARAMETER_GROUP)),
                option(settings.remove(TeardownOptions.REVERT_REPLICA_IDENTITY)));
        return new SetupRequest(clusterIdentifier, dryRun, settings, clusterArn, options);
    }

    private static boolean option(JsonNode value) {
        if (value != null && !value.isBoolean()) {
            throw new InvalidInputException("\"" + TeardownOptions.DROP_SLOTS + "\", \"" + TeardownOptions.RESTORE_PARAMETER_GROUP
                    + "\" and \"" + TeardownOptions.REVERT_REPLICA_IDENTITY + "\" must be true or false, not " + value
                    + ". Example: {\"clusterIdentifier\": \"orders-prod\", \"dropSlots\": true}.");
        }
        return value != null && value.asBoolean();
    }

    private static SetupRequest fromTagEvent(JsonNode event, String triggerTagKey, String region, Purpose purpose) {
        JsonNode detail = event.path("detail");
        if (!"aws.tag".equals(event.path("source").asText()) || !"Tag Change on Resource".equals(event.path("detail-type").asText())) {
            throw new InvalidInputException("The event is not an aws.tag \"Tag Change on Resource\" event (source '"
                    + event.path("source").asText() + "'). Start the setup from that event or from a manual input.");
        }
        if (!"rds".equals(detail.path("service").asText()) || !"cluster".equals(detail.path("resource-type").asText())) {
            throw new InvalidInputException("The tag change is for " + detail.path("service").asText() + " "
                    + detail.path("resource-type").asText() + ", not an RDS cluster. Tag the DB cluster, not an instance.");
        }
        JsonNode resources = event.path("resources");
        if (!resources.isArray() || resources.size() != 1) {
            throw new InvalidInputException("The tag change event must name exactly one resource ARN in 'resources'.");
        }
        var arn = CLUSTER_ARN.matcher(resources.get(0).asText());
        if (!arn.matches()) {
            throw new InvalidInputException("'" + resources.get(0).asText() + "' is not an RDS cluster ARN.");
        }
        requireSameAccountAndRegion(event, resources.get(0).asText(), arn.group(2), arn.group(1), region);
        String trigger = detail.path("tags").path(triggerTagKey).asText(null);
        if (purpose == Purpose.TEARDOWN) {
            if (Tags.TRIGGER_VALUE.equals(trigger)) {
                throw new InvalidInputException("The cluster's tag " + triggerTagKey + " is 'enabled': nothing to tear down."
                        + " Set it to '" + Tags.DISABLED_VALUE + "' (or remove it) to start the teardown.");
            }
            return new SetupRequest(validClusterId(arn.group(3)), false, Map.of(), resources.get(0).asText(), null);
        }
        if (!Tags.TRIGGER_VALUE.equals(trigger)) {
            throw new InvalidInputException("The cluster's tag " + triggerTagKey + " is '" + trigger
                    + "', not 'enabled': nothing to set up. Set " + triggerTagKey + "=enabled to start the setup.");
        }
        return new SetupRequest(validClusterId(arn.group(3)), false, Map.of(), resources.get(0).asText(), null);
    }

    /**
     * EventBridge delivers a cluster's tag change in the cluster's own account and region: an event whose envelope and
     * resource disagree, or that names a cluster of another region, was not delivered for this stack. The function's
     * own account is not known here (not in the environment, and {@code handle} has no Lambda context): the tag rule
     * pins it, and a forged event naming another account's cluster still only reaches this account's cluster of that
     * name, with every check a manual input gets.
     */
    private static void requireSameAccountAndRegion(JsonNode event, String clusterArn, String account, String clusterRegion,
                                                    String region) {
        String eventAccount = event.path("account").asText("");
        String eventRegion = event.path("region").asText("");
        if (!eventAccount.equals(account) || !eventRegion.equals(clusterRegion)) {
            throw new InvalidInputException("The tag change event names cluster " + clusterArn + " (account " + account
                    + ", region " + clusterRegion + ") but comes from " + where(eventAccount, eventRegion) + ". EventBridge"
                    + " delivers a cluster's tag change from the cluster's own account and region: start the setup from"
                    + " that event unchanged, or from a manual input {\"clusterIdentifier\": \"<cluster>\"}.");
        }
        if (region != null && !region.equals(clusterRegion)) {
            throw new InvalidInputException("The tag change event names cluster " + clusterArn + " in region "
                    + clusterRegion + ", but this stack runs in " + region + " and sets up clusters of its own region only."
                    + " Deploy the stack in " + clusterRegion + " and tag the cluster there.");
        }
    }

    private static String where(String account, String region) {
        return (account.isEmpty() ? "no account" : "account " + account) + " and "
                + (region.isEmpty() ? "no region" : "region " + region);
    }

    private static SetupRequest fromManualInput(JsonNode input) {
        JsonNode id = input.get("clusterIdentifier");
        if (id == null || !id.isTextual()) {
            throw new InvalidInputException("The input has no \"clusterIdentifier\" string. Example: "
                    + "{\"clusterIdentifier\": \"orders-prod\", \"dryRun\": true}.");
        }
        JsonNode dryRun = input.get("dryRun");
        if (dryRun != null && !dryRun.isBoolean()) {
            throw new InvalidInputException("\"dryRun\" must be true or false, not " + dryRun + ".");
        }
        Map<String, JsonNode> overrides = new LinkedHashMap<>();
        input.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("clusterIdentifier") && !field.getKey().equals("dryRun")) {
                overrides.put(field.getKey(), field.getValue());
            }
        });
        return new SetupRequest(validClusterId(id.asText()), dryRun != null && dryRun.asBoolean(), overrides);
    }

    private static String validClusterId(String id) {
        if (!CLUSTER_ID.matcher(id).matches()) {
            throw new InvalidInputException("'" + id + "' is not a valid DB cluster identifier (1 to 63 letters,"
                    + " digits or hyphens, starting with a letter, no '--', not ending with '-').");
        }
        return id;
    }
}
