package com.auroracdc.internal.reboot;

import com.auroracdc.internal.stage.Change;
import com.auroracdc.internal.stage.Effect;

/** What this stage does: reboot one instance. The plan lists every reboot, with what it costs. */
public sealed interface RebootChange extends Change {
    String instanceId();

    /**
     * The writer: a write outage while it restarts; on versions without read availability its readers restart too.
     *
     * @param readers how many readers the cluster has (what the outage means for reads)
     */
    record RebootWriter(String instanceId, String clusterIdentifier, boolean readersRestart, int readers)
            implements RebootChange {
        @Override
        public String description() {
            String reads = readers == 0 ? "" : readersRestart ? "; its readers restart with it" : "; the readers keep serving";
            return "Reboot writer " + instanceId + " of cluster " + clusterIdentifier + " so static parameters take effect"
                    + " (write outage while the writer restarts" + reads + ")";
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
