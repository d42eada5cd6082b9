package com.auroracdc.local.run;

/** A flag or value of {@code ./autopilot local|run} is wrong; the message says what and how to fix it. Exit code 2. */
public final class CommandLineException extends RuntimeException {
    public CommandLineException(String message) {
        super(message);
    }
}
