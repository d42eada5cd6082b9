package com.auroracdc.internal.drift;

import com.auroracdc.internal.settings.Choice;

/** How urgently a finding needs someone. */
public enum Severity implements Choice {
    /** Replication is broken or about to break (or the cluster could not be checked at all). */
    CRITICAL,
    /** Not what was set up, or a risk building up; replication may still work. */
    WARNING,
    /** Worth knowing, nothing to do: never changes the status tag, never starts a repair. */
    INFO;

    @Override
    public String toString() {
        return value();
    }
}
