package com.auroracdc.local.sfn;

import java.io.PrintStream;

/**
 * Receives the events of one execution as they happen, in order, on the runner's reader thread (keep it
 * quick; an exception thrown here is reported and otherwise ignored).
 */
@FunctionalInterface
public interface ExecutionListener {
    void onEvent(ExecutionEvent event);

    static ExecutionListener none() {
        return event -> { };
    }

    /** A plain one-line-per-event trace, for debugging (the local runner has its own progress view). */
    static ExecutionListener printingTo(PrintStream out) {
        return event -> out.println(event.summary());
    }
}
