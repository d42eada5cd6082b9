package com.auroracdc.internal.execution;

import com.auroracdc.errors.ExecutionNotRecognizedException;
import com.auroracdc.errors.LeaseLostException;
import com.auroracdc.errors.SetupAlreadyRunningException;

/** The lease's refusals, worded once for both stores: what happened and what to do, never a token. */
final class LeaseMessages {
    private LeaseMessages() {
    }

    static SetupAlreadyRunningException held(String cluster, LockHolder holder, Throwable cause) {
        if (holder != null && holder.brief()) {
            return new SetupAlreadyRunningException("A brief hold (" + holder.executionId() + ", the failover retarget that"
                    + " moves the PrivateLink target to the new writer) holds cluster " + cluster + " until "
                    + holder.leaseUntil() + ". It ends within seconds: run again in a minute.", cause);
        }
        // The execution's ARN names its state machine (<stack>-setup or <stack>-teardown): one lease serves both.
        String who = holder == null ? "Another execution (released meanwhile)" : "Execution " + holder.executionId();
        String until = holder == null ? "" : " (lease until " + holder.leaseUntil() + ")";
        return new SetupAlreadyRunningException(who + " holds cluster " + cluster + until + ". Wait for it to finish and run"
                + " again. To end it now: aws stepfunctions stop-execution --execution-arn <that execution>; the stack's"
                + " execution-ended rule then releases the cluster within about a minute (a laptop run releases it when it"
                + " ends, or when the lease runs out).", cause);
    }

    static LeaseLostException lost(Lease lease, LockHolder now) {
        String state = now == null ? "no setup holds it now (the lease was released: was the execution stopped?)"
                : "it is held by " + now.executionId() + " since " + now.takenAt();
        return new LeaseLostException("Execution " + lease.executionId() + " no longer holds cluster " + lease.cluster()
                + "'s lease: " + state + ". This stage changed nothing, and this execution changes nothing more."
                + " Look at the newer setup's result; run the setup again if the cluster still needs it.");
    }

    static ExecutionNotRecognizedException boundElsewhere(String executionId) {
        return new ExecutionNotRecognizedException("Execution " + executionId + " is already bound to another token, so"
                + " this call is not that execution's. Nothing was changed. Start a setup through the setup state machine"
                + " (aws stepfunctions start-execution) rather than invoking its functions directly.");
    }

    static ExecutionNotRecognizedException concurrentSave(String executionId) {
        return new ExecutionNotRecognizedException("Execution " + executionId + "'s context changed under this stage (another"
                + " attempt of it saved first, or the call is not that execution's). Nothing more was changed; the state"
                + " machine's retry starts the stage again from what is stored.");
    }
}
