package com.auroracdc.internal.privatelink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The planned changes in the order to apply them, what is worth saying without refusing, and what the path still
 * waits for.
 *
 * @param awaiting null when nothing is awaited; else why the path is not complete yet although every change that can be
 *                 made now is planned (the load balancer still provisioning, so no endpoint service yet; the service
 *                 still Pending; the writer's address not known). The state machine waits and runs the stage again
 *                 until it is null, as it does for reboots.
 * @param later    what the run after the wait will plan (the endpoint service and its principals, once the load balancer
 *                 is active): a dry run lists it with {@link #changes}, a real run never applies it from this plan
 */
public record PrivateLinkPlan(List<PrivateLinkChange> changes, List<String> warnings, String awaiting,
                              List<PrivateLinkChange> later) {
    /** Fact: "true" while {@link #awaiting} is set (the state machine's Choice loops on it). */
    public static final String AWAITING_FACT = "privatelinkAwaiting";
    /** The setup stage's fact holding the PrivateLink part of the Materialize SQL (once the endpoint service exists). */
    public static final String SQL_FACT = "materializeSql";
    /** Fact: why, in words. */
    public static final String AWAITING_REASON_FACT = "privatelinkAwaitingReason";

    public PrivateLinkPlan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
        later = List.copyOf(later);
    }

    /** Nothing deferred past a wait. */
    public PrivateLinkPlan(List<PrivateLinkChange> changes, List<String> warnings, String awaiting) {
        this(changes, warnings, awaiting, List.of());
    }

    /** Everything a dry run lists: the changes now, then those after the wait. */
    public List<PrivateLinkChange> changesThroughTheWait() {
        List<PrivateLinkChange> all = new ArrayList<>(changes);
        all.addAll(later);
        return all;
    }

    public boolean isAwaiting() {
        return awaiting != null;
    }

    /** The facts for {@code StageResult}: whether (and why) the path still waits. */
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(AWAITING_FACT, String.valueOf(isAwaiting()));
        if (isAwaiting()) {
            facts.put(AWAITING_REASON_FACT, awaiting);
        }
        return facts;
    }
}
