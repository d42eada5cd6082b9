package com.auroracdc.internal.execution;

/**
 * What an execution is for, decided by the state machine it runs in (never by its payload): the setup state machine's
 * executions set a cluster up, the teardown state machine's undo it. Each stage acts only for executions of its own
 * purpose; the shared ones (Inspect, the reboot loop, Report, the execution-ended rule) for both.
 */
public enum Purpose {
    SETUP("setup", "SETUP_STATE_MACHINE_ARN"),
    TEARDOWN("teardown", "TEARDOWN_STATE_MACHINE_ARN");

    private final String word;
    private final String stateMachineVariable;

    Purpose(String word, String stateMachineVariable) {
        this.word = word;
        this.stateMachineVariable = stateMachineVariable;
    }

    /** "setup" or "teardown", as the messages and the report say it. */
    public String word() {
        return word;
    }

    /** The environment variable naming this purpose's state machine (template.yaml Globals). */
    public String stateMachineVariable() {
        return stateMachineVariable;
    }
}
