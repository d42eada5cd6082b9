package com.auroracdc.drift;

import com.fasterxml.jackson.annotation.JsonValue;

/** How urgently a finding needs someone. */
public enum Severity {
    /** Replication is broken or about to break (or the cluster could not be checked at all). */
    CRITICAL("critical"),
    /** Not what was set up, or a risk building up; replication may still work. */
    WARNING("warning");

    private final String value;

    Severity(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
