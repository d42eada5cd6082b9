package com.auroracdc.internal.privatelink;

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
 */
public record PrivateLinkPlan(List<PrivateLinkChange> changes, List<String> warnings, String awaiting) {
    /** Fact: "true" while {@link #awaiting} is set (the state machine's Choice loops on it). */
    public static final String AWAITING_FACT = "privatelinkAwaiting";
    /** The setup stage's fact holding the PrivateLink part of the Materialize SQL (once the endpoint service exists). */
    public static final String SQL_FACT = "materializeSql";
    /** Fact: why, in words. */
    public static final String AWAITING_REASON_FACT = "privatelinkAwaitingReason";

    public PrivateLinkPlan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
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
