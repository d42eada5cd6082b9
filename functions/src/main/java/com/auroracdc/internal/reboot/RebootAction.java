package com.auroracdc.internal.reboot;

import com.auroracdc.internal.settings.Choice;

/** What the state machine does after the reboot decision (the Choice state reads {@code facts.action}). */
public enum RebootAction implements Choice {
    /** Nothing (more) to reboot now: go on. Readers left pending under readerReboot=skip are a warning. */
    NONE,
    /** A member was rebooted (or a reboot is already under way): wait for {@code facts.targets}, then decide again. */
    AWAIT,
    /**
     * The parameter-group stage changed the group but the writer's status does not show it yet (still
     * {@code in-sync}, or {@code applying}): read it again shortly, then decide again (bounded).
     */
    SETTLE,
    /** Policy maintenance-window, outside the window: wait until {@code facts.waitUntil}, then decide again. */
    WAIT_FOR_WINDOW,
    /** Policy never: finish with status pending-reboot and instructions. */
    PENDING_REBOOT;

    @Override
    public String toString() {
        return value();
    }
}
