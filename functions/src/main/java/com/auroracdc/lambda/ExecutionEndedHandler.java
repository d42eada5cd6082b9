package com.auroracdc.lambda;

import com.auroracdc.errors.InvalidInputException;
import com.auroracdc.internal.execution.ExecutionAuthority;
import com.auroracdc.internal.execution.ExecutionContext;
import com.auroracdc.internal.execution.ExecutionStatusChange;
import com.auroracdc.internal.execution.RunRecords;
import com.auroracdc.internal.execution.SetupRecord;
import com.auroracdc.internal.execution.StoredContext;
import com.auroracdc.internal.stage.JsonHandler;
import com.auroracdc.internal.stage.PrimeByInvoking;
import java.util.Locale;
import java.util.Optional;

/**
 * Target of the stack's execution-ended rule ("Step Functions Execution Status Change" of the setup state machine to
 * FAILED, TIMED_OUT or ABORTED): an execution stopped by hand, timed out, or failed without its report ran no Catch,
 * so its lock would stay until its lease ran out. This ends its hold as Report would: the lock released, the record
 * updated with what the execution changed, a history entry. It acts only on what it verifies itself: Step Functions
 * must say the execution has ended, and the lock must still name it. The event's delivery is best effort; the
 * lease's bound ({@link LeaseBound}) is the backstop.
 */
@PrimeByInvoking
public final class ExecutionEndedHandler extends JsonHandler<ExecutionStatusChange, ExecutionEndedHandler.Result> {
    private final ExecutionAuthority authority;

    /** @param released whether this call released the cluster's lock */
    public record Result(String executionArn, String cluster, boolean released) {
    }

    public ExecutionEndedHandler() {
        this(ExecutionAuthority.lambda());
    }

    ExecutionEndedHandler(ExecutionAuthority authority) {
        super(ExecutionStatusChange.class);
        this.authority = authority;
    }

    @Override
    public Result handle(ExecutionStatusChange event) {
        String executionArn = event == null || event.detail() == null ? null : event.detail().executionArn();
        if (executionArn == null || executionArn.isBlank()) {
            throw new InvalidInputException("This function takes the EventBridge event \"Step Functions Execution Status"
                    + " Change\" (detail.executionArn); compare with events/execution-ended.json.");
        }
        Optional<StoredContext> stored = authority.ended(executionArn);
        if (stored.isEmpty() || stored.get().context().dryRun()) {
            return new Result(executionArn, null, false); // still running, unknown, or a dry run: holds nothing
        }
        ExecutionContext context = stored.get().context();
        boolean holds = authority.state().holder(context.cluster())
                .filter(holder -> holder.executionId().equals(executionArn)).isPresent();
        if (!holds) {
            return new Result(executionArn, context.cluster(), false); // its report released it already
        }
        SetupRecord previous = authority.state().record(context.cluster()).orElse(null);
        String status = event.detail().status() == null ? "ENDED" : event.detail().status();
        SetupRecord entry = RunRecords.entry(context, previous, "failed", "Execution" + capitalized(status),
                authority.clock().instant());
        boolean released = authority.finish(stored.get(), RunRecords.record(context, entry, false), entry);
        return new Result(executionArn, context.cluster(), released);
    }

    /** ABORTED → Aborted, TIMED_OUT → TimedOut. */
    private static String capitalized(String status) {
        StringBuilder name = new StringBuilder();
        for (String word : status.toLowerCase(Locale.ROOT).split("_")) {
            if (!word.isEmpty()) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return name.toString();
    }
}
