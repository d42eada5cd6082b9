package com.auroracdc.inspect;

import com.auroracdc.aws.Pages;
import com.auroracdc.errors.SetupAlreadyRunningException;
import com.auroracdc.stage.Json;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

/**
 * The per-cluster lock, kept by Step Functions itself: a setup holds a cluster while it is RUNNING and
 * started before any other running setup of the same cluster. Nothing is written, so a converged
 * re-run makes no mutating call, and an execution that crashed, timed out or was aborted stops
 * holding the lock the moment it stops running.
 *
 * <p>ListExecutions is eventually consistent: two setups started within the same second may both
 * proceed. Both then plan against the same state and their changes are idempotent.
 */
public final class SetupLock {
    private final SfnClient sfn;
    private final String triggerTagKey;

    public SetupLock(SfnClient sfn, String triggerTagKey) {
        this.sfn = sfn;
        this.triggerTagKey = triggerTagKey;
    }

    /** Throws {@link SetupAlreadyRunningException} when an earlier running setup targets the same cluster. */
    public void check(String stateMachineArn, String executionId, Instant startedAt, String clusterIdentifier) {
        if (sfn == null || stateMachineArn == null || stateMachineArn.isBlank()) {
            return; // laptop mode: no deployed state machine to ask
        }
        List<ExecutionListItem> running = Pages.all(token -> sfn.listExecutions(r -> r.stateMachineArn(stateMachineArn)
                .statusFilter(ExecutionStatus.RUNNING).nextToken(token)), ListExecutionsResponse::nextToken, ListExecutionsResponse::executions);
        for (ExecutionListItem other : running) {
            if (other.executionArn().equals(executionId) || !startedFirst(other, startedAt, executionId)) {
                continue;
            }
            String input = sfn.describeExecution(r -> r.executionArn(other.executionArn())).input();
            if (targets(input, clusterIdentifier)) {
                throw new SetupAlreadyRunningException("Setup " + other.executionArn() + " (started " + other.startDate()
                        + ") is still running on cluster " + clusterIdentifier + ". Wait for it to finish, or stop it with"
                        + " `aws stepfunctions stop-execution --execution-arn " + other.executionArn() + "`, then run again.");
            }
        }
    }

    private static boolean startedFirst(ExecutionListItem other, Instant startedAt, String executionId) {
        int byTime = other.startDate().compareTo(startedAt);
        return byTime < 0 || (byTime == 0 && other.executionArn().compareTo(executionId) < 0);
    }

    private boolean targets(String input, String clusterIdentifier) {
        try {
            SetupRequest request = SetupRequest.parse(Json.MAPPER.readTree(input), triggerTagKey);
            // RDS identifiers are case-insensitive: Orders-Prod and orders-prod are one cluster.
            return !request.dryRun() && request.clusterIdentifier().equalsIgnoreCase(clusterIdentifier);
        } catch (RuntimeException | java.io.IOException e) {
            return false; // a malformed execution fails on its own; it holds nothing
        }
    }
}
