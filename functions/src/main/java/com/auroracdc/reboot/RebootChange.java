package com.auroracdc.reboot;

import com.auroracdc.stage.Change;
import com.auroracdc.stage.Effect;

/** What this stage does: reboot one instance. The plan lists every reboot, with what it costs. */
public sealed interface RebootChange extends Change {
    String instanceId();

    /** The writer: a write outage while it restarts; on versions without read availability its readers restart too. */
    record RebootWriter(String instanceId, String clusterIdentifier, boolean readersRestart) implements RebootChange {
        @Override
        public String description() {
            return "Reboot writer " + instanceId + " of cluster " + clusterIdentifier + " so static parameters take effect"
                    + (readersRestart ? " (write outage while the writer restarts; its readers restart with it)"
                    : " (write outage while the writer restarts; the readers keep serving)");
        }

        @Override
        public Effect effect() {
            return Effect.WRITER_REBOOT;
        }
    }

    /** A reader, after the writer: one reader at a time, so the others keep serving reads. */
    record RebootReader(String instanceId, String clusterIdentifier) implements RebootChange {
        @Override
        public String description() {
            return "Reboot reader " + instanceId + " of cluster " + clusterIdentifier
                    + " so it runs the new parameter values (one reader at a time; the others keep serving reads)";
        }

        @Override
        public Effect effect() {
            return Effect.READER_REBOOT;
        }
    }
}
