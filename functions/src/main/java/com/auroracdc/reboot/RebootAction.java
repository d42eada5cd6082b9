package com.auroracdc.reboot;

import com.auroracdc.settings.Choice;

/** What the state machine does after the reboot decision (the Choice state reads {@code facts.action}). */
public enum RebootAction implements Choice {
    /** Every member is in-sync: go on. */
    NONE,
    /** The writer was rebooted (or a reboot is already under way): wait for it. */
    AWAIT,
    /** Policy maintenance-window, outside the window: wait until {@code facts.waitUntil}, then decide again. */
    WAIT_FOR_WINDOW,
    /** Policy never: finish with status pending-reboot and instructions. */
    PENDING_REBOOT;

    @Override
    public String toString() {
        return value();
    }
}
