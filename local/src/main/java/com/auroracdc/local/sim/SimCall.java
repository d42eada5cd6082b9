package com.auroracdc.local.sim;

import java.time.Instant;

/**
 * One simulated API call as the log keeps it.
 *
 * @param outcome {@code ok}, or the AWS error code the call failed with (injected or genuine)
 * @param request the SDK request object, for assertions on what exactly was sent
 */
public record SimCall(Instant at, String service, String operation, SimAws.Kind kind, String outcome, Object request) {

    public boolean mutating() {
        return kind == SimAws.Kind.WRITE;
    }

    public boolean succeeded() {
        return "ok".equals(outcome);
    }
}
