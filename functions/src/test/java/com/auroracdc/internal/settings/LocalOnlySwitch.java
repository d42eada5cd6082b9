package com.auroracdc.internal.settings;

/**
 * For tests that play a deployed function in a JVM where an earlier test (or a local runner it started) turned the
 * local runner's switch on: turns it off again. Production code has no way to, as a process never leaves local mode.
 */
public final class LocalOnlySwitch {
    private LocalOnlySwitch() {
    }

    /** Back to the deployed behaviour: local-only settings refused. */
    public static void asDeployed() {
        LocalOnly.switchOff();
    }
}
