package com.auroracdc.reboot;

import com.auroracdc.settings.Choice;

/** What the state machine does after the reboot decision (the Choice state reads {@code facts.action}). */
public enum RebootAction implements Choice {
    /** Every member is in-sync: go on. */
    NONE("none"),
    /** The writer was rebooted (or a reboot is already under way): wait for it. */
    AWAIT("await"),
    /** Policy maintenance-window, outside the window: wait until {@code facts.waitUntil}, then decide again. */
    WAIT_FOR_WINDOW("wait-for-window"),
    /** Policy never: finish with status pending-reboot and instructions. */
    PENDING_REBOOT("pending-reboot");

    private final String value;

    RebootAction(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
